/* kernel/proc/procfs_copies.c: /proc/copies and /proc/PID/copies, the copy
   ledger as a table (kernel/copy/ledger_format.h). */
#include "kernel/proc/procfs_copies.h"
#include "kernel/arch/io.h"
#include "kernel/copy/ledger_format.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/proc.h"

/* Shown one at a time (file contents are generated at open), so one buffer,
   kept off the kernel stack (1792 bytes). */
static struct ledger_counts snap;

/* A consistent copy: a disk interrupt may record a transfer at any time. */
static void snapshot(const struct ledger_counts *src)
{
    uint64_t flags = irq_save();
    snap = *src;
    irq_restore(flags);
}

long procfs_show_global_copies(void *arg, char *buf, size_t size)
{
    snapshot(&ledger_global);
    return ledger_format(&snap, "the whole kernel since boot", buf, size);
}

long procfs_show_pid_copies(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_find((int)(uintptr_t)arg);
    if (!p)
        return -ESRCH;
    char title[64];
    snprintf(title, sizeof title, "pid %d (%s)", p->pid, p->comm);
    snapshot(&p->ledger);
    return ledger_format(&snap, title, buf, size);
}
