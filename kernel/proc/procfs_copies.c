/* kernel/proc/procfs_copies.c: /proc/copies and /proc/PID/copies, the copy
   ledger as a table (kernel/copy/ledger_format.h). */
#include "kernel/copy/ledger_format.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sys_ledger.h"

/* Shown one at a time (file contents are generated at open), so one buffer. */
static struct ledger_counts snap;

long procfs_show_global_copies(void *arg, char *buf, size_t size)
{
    ledger_snapshot_of(&ledger_global, &snap);
    return ledger_format(&snap, "the whole kernel since boot", buf, size);
}

long procfs_show_pid_copies(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_find((int)(uintptr_t)arg);
    if (!p)
        return -ESRCH;
    char title[64];
    snprintf(title, sizeof title, "pid %d (%s)", p->pid, p->comm);
    ledger_snapshot_of(&p->ledger, &snap);
    return ledger_format(&snap, title, buf, size);
}
