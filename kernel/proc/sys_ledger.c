/*
 * kernel/proc/sys_ledger.c: the copy ledger for user programs
 * (libc/include/pagelab/ledger.h):
 *
 *   1000 pagelab_ledger(scope, struct ledger_counts *out)
 *        scope LEDGER_SELF: the caller's counts (since it was created, or
 *        its last reset; fork starts a child at zero, execve keeps them);
 *        LEDGER_GLOBAL: the whole kernel since boot.  0, -EINVAL for
 *        another scope, -EFAULT for a bad pointer.
 *   1001 pagelab_ledger_reset(): zeroes the caller's counts.  0.
 *
 * The counts are snapshotted with interrupts off (a disk interrupt may
 * record a transfer at any time) before they are copied out, so the copy
 * out does not count itself in what it returns.
 */
#include "kernel/arch/io.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sys_ledger.h"
#include "kernel/proc/syscall.h"

void ledger_snapshot_of(const struct ledger_counts *src, struct ledger_counts *out)
{
    uint64_t flags = irq_save();
    memcpy(out, src, sizeof *out);
    irq_restore(flags);
}

static long sys_pagelab_ledger(SYSCALL_ARGS)
{
    static struct ledger_counts snap;    /* 1792 bytes: kept off the kernel stack */
    if (a0 != LEDGER_SELF && a0 != LEDGER_GLOBAL)
        return -EINVAL;
    ledger_snapshot_of(a0 == LEDGER_SELF ? &current->ledger : &ledger_global, &snap);
    return copy_to_user((void *)a1, &snap, sizeof snap, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sys_pagelab_ledger_reset(SYSCALL_ARGS)
{
    uint64_t flags = irq_save();
    memset(&current->ledger, 0, sizeof current->ledger);
    irq_restore(flags);
    return 0;
}

void sys_ledger_init(void)
{
    syscall_register(SYS_pagelab_ledger, sys_pagelab_ledger);
    syscall_register(SYS_pagelab_ledger_reset, sys_pagelab_ledger_reset);
}
