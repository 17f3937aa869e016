/*
 * kernel/syscall/syscall.c: the dispatcher.  It looks the number up in the
 * table (table.c), converts the argument registers to the handler's types,
 * calls it, and hands the result back in rax; a traced process's calls are
 * written out by strace.c around the call.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "kernel/syscall/strace.h"

static uint8_t reported_unknown[SYSCALL_MAX / 8 + 1];

/* A number with no handler: -ENOSYS, said once per number in the log. */
static long not_implemented(uint64_t nr)
{
    if (nr < SYSCALL_MAX) {
        if (reported_unknown[nr / 8] & (1u << (nr % 8)))
            return -ENOSYS;
        reported_unknown[nr / 8] |= 1u << (nr % 8);
    }
    const char *name = syscall_name(nr);
    if (name)
        pr_warn("pid %d (%s): %s: not implemented, ENOSYS\n", current->pid, current->comm, name);
    else
        pr_warn("pid %d (%s): syscall %lu: no such system call, ENOSYS\n", current->pid,
                current->comm, nr);
    return -ENOSYS;
}

void syscall_dispatch(struct trap_frame *tf)
{
    uint64_t nr = tf->rax;
    const uint64_t args[SYSCALL_ARGS_MAX] = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9 };
    const struct syscall_desc *d =
        nr < SYSCALL_MAX && syscall_table[nr].call ? &syscall_table[nr] : NULL;
    struct strace_call trace;
    bool traced = current->trace_file != NULL;
    if (traced)
        strace_enter(&trace, nr, d, args);
    long r = d ? d->call(args) : not_implemented(nr);
    if (traced)
        strace_exit(&trace, r);
    /* rt_sigreturn returns the rax it restored; execve returns 0, the rax
       a new program starts with. */
    tf->rax = (uint64_t)r;
    proc_return_to_user_prepare(tf);
}
