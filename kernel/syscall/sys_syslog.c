/*
 * kernel/syscall/sys_syslog.c: syslog(2), the kernel log's system call
 * (Linux's numbers for the actions, man 2 syslog; glibc calls it klogctl).
 * dmesg reads the log with action 3 (read all), -c with 4 (read and clear),
 * -C with 5, -n with 8.  Text comes out one line per record:
 * "<level>[seconds.microseconds] message\n".
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/klog.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/syscall/syscall.h"

enum {
    SYSLOG_ACTION_CLOSE,
    SYSLOG_ACTION_OPEN,
    SYSLOG_ACTION_READ,
    SYSLOG_ACTION_READ_ALL,
    SYSLOG_ACTION_READ_CLEAR,
    SYSLOG_ACTION_CLEAR,
    SYSLOG_ACTION_CONSOLE_OFF,
    SYSLOG_ACTION_CONSOLE_ON,
    SYSLOG_ACTION_CONSOLE_LEVEL,
    SYSLOG_ACTION_SIZE_UNREAD,
    SYSLOG_ACTION_SIZE_BUFFER,
};

/* Where action 2 (the destructive read, /proc/kmsg's) goes on from. */
static uint64_t syslog_seq;
/* The console level action 6 saved for action 7; 0 when none is saved. */
static int saved_console_level;

struct log_text {
    char *buf;
    size_t cap, len;
};

/* Appends the formatted record; false when it does not fit. */
static bool add_record(struct log_text *t, const struct klog_record *rec, const char *text)
{
    size_t need = klog_format_syslog(rec, text, t->buf + t->len, t->cap - t->len);
    if (need >= t->cap - t->len)
        return false;
    t->len += need;
    return true;
}

/* The length of record seq's text as syslog(2) gives it; 0 past the end. */
static size_t formatted_size(uint64_t *seq, char *line)
{
    struct klog_record rec;
    char probe[1];
    if (klog_read(seq, &rec, line, KLOG_LINE_MAX) == 0)
        return 0;
    return klog_format_syslog(&rec, line, probe, sizeof probe);
}

/* The text of the records from seq on: the newest that fit in t->cap - 1
   bytes (Linux drops the oldest that do not fit). */
static long format_from(uint64_t seq, struct log_text *t)
{
    char *line = kmalloc(KLOG_LINE_MAX);
    if (!line)
        return -ENOMEM;
    size_t total = 0, k;
    uint64_t s = seq;
    while ((k = formatted_size(&s, line)) != 0)
        total += k;
    s = seq;
    while (total >= t->cap && (k = formatted_size(&s, line)) != 0)
        total -= k;
    seq = s;
    struct klog_record rec;
    while (klog_read(&seq, &rec, line, KLOG_LINE_MAX) != 0 && add_record(t, &rec, line))
        ;
    kfree(line);
    return (long)t->len;
}

static long read_all(uint64_t ubuf, int len, bool clear)
{
    if (!ubuf || len < 0)
        return -EINVAL;
    size_t cap = (size_t)len < 2 * KLOG_SIZE ? (size_t)len : 2 * KLOG_SIZE;
    /* One more byte for snprintf's NUL, never copied out. */
    struct log_text t = { kmalloc(cap + 1), cap + 1, 0 };
    if (!t.buf)
        return -ENOMEM;
    uint64_t from = klog_clear_seq();
    long r = format_from(from, &t);
    if (r > 0 && copy_to_user((void *)ubuf, t.buf, (size_t)r, MECH_OTHER))
        r = -EFAULT;
    if (r >= 0 && clear)
        klog_clear();
    kfree(t.buf);
    return r;
}

/* Action 2: waits for a record, then hands out whole records that fit. */
static long read_destructive(uint64_t ubuf, int len)
{
    if (!ubuf || len < 0)
        return -EINVAL;
    if (len == 0)
        return 0;
    int w = wait_event_interruptible(&klog_waiters, syslog_seq < klog_next_seq());
    if (w)
        return w;
    size_t cap = (size_t)len < KLOG_SIZE ? (size_t)len : KLOG_SIZE;
    struct log_text t = { kmalloc(cap + 1), cap + 1, 0 };
    char *line = kmalloc(KLOG_LINE_MAX);
    long r = -ENOMEM;
    if (t.buf && line) {
        struct klog_record rec;
        uint64_t s = syslog_seq;
        while (klog_read(&s, &rec, line, KLOG_LINE_MAX) != 0 && add_record(&t, &rec, line))
            syslog_seq = s;
        r = (long)t.len;
        if (copy_to_user((void *)ubuf, t.buf, t.len, MECH_OTHER))
            r = -EFAULT;
    }
    kfree(line);
    kfree(t.buf);
    return r;
}

static long size_unread(void)
{
    char *line = kmalloc(KLOG_LINE_MAX);
    if (!line)
        return -ENOMEM;
    char probe[1];
    struct klog_record rec;
    size_t total = 0;
    uint64_t s = syslog_seq;
    while (klog_read(&s, &rec, line, KLOG_LINE_MAX) != 0)
        total += klog_format_syslog(&rec, line, probe, sizeof probe);
    kfree(line);
    return (long)total;
}

static long set_console_level(int level)
{
    struct printk_levels l;
    printk_get_levels(&l);
    l.console_loglevel = level;
    return printk_set_levels(&l);
}

long sys_syslog(int type, uint64_t buf, int len)
{
    struct printk_levels l;
    switch (type) {
    case SYSLOG_ACTION_CLOSE:
    case SYSLOG_ACTION_OPEN:
        return 0;
    case SYSLOG_ACTION_READ:
        return read_destructive(buf, len);
    case SYSLOG_ACTION_READ_ALL:
    case SYSLOG_ACTION_READ_CLEAR:
        return read_all(buf, len, type == SYSLOG_ACTION_READ_CLEAR);
    case SYSLOG_ACTION_CLEAR:
        klog_clear();
        return 0;
    case SYSLOG_ACTION_CONSOLE_OFF:
        printk_get_levels(&l);
        if (!saved_console_level)
            saved_console_level = l.console_loglevel;
        return set_console_level(l.minimum_console_loglevel);
    case SYSLOG_ACTION_CONSOLE_ON:
        if (saved_console_level) {
            set_console_level(saved_console_level);
            saved_console_level = 0;
        }
        return 0;
    case SYSLOG_ACTION_CONSOLE_LEVEL:
        if (len < 1 || len > 8)
            return -EINVAL;
        saved_console_level = 0;
        return set_console_level(len);
    case SYSLOG_ACTION_SIZE_UNREAD:
        return size_unread();
    case SYSLOG_ACTION_SIZE_BUFFER:
        return KLOG_SIZE;
    default:
        return -EINVAL;
    }
}
