/*
 * kernel/syscall/sys_ledger.c: the copy ledger for user programs (pagelab's
 * own system calls, libc/include/pagelab/ledger.h):
 *
 *   1000 pagelab_ledger(int scope, struct ledger_counts *out)
 *        scope 0: the calling process's counts, 1: the whole kernel's
 *   1001 pagelab_ledger_reset()  zeroes the calling process's counts
 *
 * Copying the counts out is bookkeeping, not payload: it goes through
 * copy_to_user like any syscall result and is counted as syscall-args, after
 * the snapshot was taken, so it never shows up in the figures it returns.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"

#define NR_pagelab_ledger       1000
#define NR_pagelab_ledger_reset 1001
#define LEDGER_SELF             0
#define LEDGER_GLOBAL           1

long sys_pagelab_ledger(int scope, uint64_t out)
{
    struct ledger_counts snapshot;
    uint64_t flags = irq_save();
    if (scope == LEDGER_SELF)
        snapshot = current->group->ledger;
    else if (scope == LEDGER_GLOBAL)
        snapshot = ledger_global;
    irq_restore(flags);
    if (scope != LEDGER_SELF && scope != LEDGER_GLOBAL)
        return -EINVAL;
    return copy_to_user((void *)out, &snapshot, sizeof snapshot, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_pagelab_ledger_reset(void)
{
    uint64_t flags = irq_save();
    memset(&current->group->ledger, 0, sizeof current->group->ledger);
    irq_restore(flags);
    return 0;
}
