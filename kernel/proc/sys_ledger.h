/* kernel/proc/sys_ledger.h: the copy-ledger syscalls (1000, 1001) and /proc/copies. */
#ifndef PAGELAB_PROC_SYS_LEDGER_H
#define PAGELAB_PROC_SYS_LEDGER_H

#include "kernel/copy/ledger.h"

/* Copies *src to *out with interrupts off (a consistent snapshot). */
void ledger_snapshot_of(const struct ledger_counts *src, struct ledger_counts *out);
void sys_ledger_init(void);

/* /proc/copies (the whole kernel) and /proc/PID/copies (arg: the pid). */
long procfs_show_global_copies(void *arg, char *buf, size_t size);
long procfs_show_pid_copies(void *arg, char *buf, size_t size);

#endif
