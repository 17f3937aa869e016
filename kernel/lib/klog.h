/*
 * kernel/lib/klog.h: the kernel log, a ring of records that printk fills
 * and dmesg reads (through syslog(2), kernel/syscall/sys_syslog.c, or
 * /dev/kmsg, kernel/fs/kmsg.c).
 *
 * Each record is one line: a sequence number (0 for the first line since
 * boot, counting on when old lines are dropped), the time it was logged
 * (ns since boot), its level (printk.h) and its text without the newline.
 * When the ring is full the oldest records are dropped; a reader that was
 * still behind them learns it (-EPIPE) and goes on from the oldest kept,
 * as /dev/kmsg does on Linux.
 *
 * Locking: the console lock (printk.h) protects the ring; every function
 * takes it, and klog_store expects it held (printk holds it).
 */
#ifndef PAGELAB_LIB_KLOG_H
#define PAGELAB_LIB_KLOG_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/lib/wait.h"

#define KLOG_SIZE     (128 * 1024) /* Linux's default: LOG_BUF_SHIFT 17 */
#define KLOG_LINE_MAX 1000         /* longer lines are cut */

struct klog_record {
    uint64_t seq;
    uint64_t ts_ns;
    int level;
    size_t len; /* of the text, which may have been cut to the reader's buffer */
};

/* printk's side: appends a line (console lock held). */
void klog_store(int level, uint64_t ts_ns, const char *text, size_t len);

/* The record at *seq (or the oldest kept, if *seq was dropped) into rec and
   text (cut to cap bytes, not NUL-terminated); *seq moves past it.
   Returns 1, 0 when there is no record at *seq yet, or -EPIPE when *seq had
   been dropped (rec and text then hold the oldest record all the same). */
int klog_read(uint64_t *seq, struct klog_record *rec, char *text, size_t cap);

/* Sequence numbers: of the oldest record kept, of the next to be logged,
   and the first that syslog(2)'s "read all" shows (after a "clear"). */
uint64_t klog_first_seq(void);
uint64_t klog_next_seq(void);
uint64_t klog_clear_seq(void);
/* syslog(2) SYSLOG_ACTION_CLEAR: "read all" shows only later lines. */
void klog_clear(void);

/* Sleepers waiting for a new record (a blocking read of /dev/kmsg). */
extern struct waitqueue klog_waiters;

/* "<6>[    1.234567] text\n": the record as syslog(2) and dmesg -r show it.
   Returns the length it needs (it may not fit in size). */
size_t klog_format_syslog(const struct klog_record *rec, const char *text, char *buf, size_t size);

#endif
