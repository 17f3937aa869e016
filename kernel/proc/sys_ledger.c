/*
 * kernel/proc/sys_ledger.c: the copy ledger for user programs (DESIGN.md):
 *
 *   syscall 1000 (int scope, struct ledger_counts *out)
 *       scope LEDGER_SELF: the calling process's counts; LEDGER_GLOBAL: the
 *       whole kernel's since boot.  0, -EINVAL or -EFAULT.
 *   syscall 1001 ()  resets the calling process's counts.
 *
 * The numbers and struct are libc/include/pagelab/ledger.h.
 */
#include "kernel/copy/ledger.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/sys_ledger.h"

static long sys_ledger(SYSCALL_ARGS)
{
    const struct ledger_counts *src;
    switch ((int)a0) {
    case LEDGER_SELF: src = &current->ledger; break;
    case LEDGER_GLOBAL: src = &ledger_global; break;
    default: return -EINVAL;
    }
    /* Copy a snapshot first: copying it out may fault and count itself. */
    static struct ledger_counts snap;
    memcpy(&snap, src, sizeof snap);
    return copy_to_user((void *)a1, &snap, sizeof snap, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sys_ledger_reset(SYSCALL_ARGS)
{
    memset(&current->ledger, 0, sizeof current->ledger);
    return 0;
}

void sys_ledger_init(void)
{
    syscall_register(SYS_pagelab_ledger, sys_ledger);
    syscall_register(SYS_pagelab_ledger_reset, sys_ledger_reset);
}
