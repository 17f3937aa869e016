/*
 * kernel/syscall/sys_signal.c: the signal syscalls: rt_sigaction
 * rt_sigprocmask rt_sigpending rt_sigreturn kill, with Linux's struct
 * layouts (kernel_sigaction, a 64-bit sigset) and errors.  Delivery itself
 * is the process layer's (kernel/proc/signal.c).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

long sys_rt_sigaction(int sig, uint64_t uact, uint64_t uold, uint64_t sigsetsize)
{
    if (sig < 1 || sig > NSIG || sigsetsize != sizeof(uint64_t))
        return -EINVAL;
    struct k_sigaction *cur = &current->sig.action[sig - 1];
    struct k_sigaction act;
    if (uact) {
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        if (copy_from_user(&act, (void *)uact, sizeof act, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    if (uold && copy_to_user((void *)uold, cur, sizeof *cur, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (uact) {
        *cur = act;
        /* Setting SIG_IGN discards a pending instance (POSIX sigaction). */
        if (signal_is_ignored(current, sig))
            current->sig.pending &= ~sig_bit(sig);
    }
    return 0;
}

long sys_rt_sigprocmask(int how, uint64_t uset, uint64_t uold, uint64_t sigsetsize)
{
    if (sigsetsize != sizeof(uint64_t))
        return -EINVAL;
    uint64_t set = 0, old = current->sig.blocked;
    if (uset) {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
            return -EINVAL;
        if (copy_from_user(&set, (void *)uset, sizeof set, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    if (uold && copy_to_user((void *)uold, &old, sizeof old, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (uset) {
        uint64_t b = how == SIG_BLOCK ? old | set : how == SIG_UNBLOCK ? old & ~set : set;
        current->sig.blocked = b & ~SIGNAL_UNBLOCKABLE;
    }
    return 0;
}

/* rt_sigpending(2): the signals waiting because they are blocked; Linux
   copies sigsetsize bytes, any size up to its sigset_t's. */
long sys_rt_sigpending(uint64_t uset, uint64_t sigsetsize)
{
    if (sigsetsize > sizeof(uint64_t))
        return -EINVAL;
    uint64_t set = current->sig.pending & current->sig.blocked;
    return copy_to_user((void *)uset, &set, sigsetsize, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_rt_sigreturn(void) { return signal_return(current->user_frame); }

/* kill(2): pid > 0 one process, 0 the caller's group, -1 everyone it may
   signal (all but init and itself), < -1 the group -pid. */
long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    if (pid > 0) {
        /* A kernel thread exists: the signal is accepted and ignored, as on
           Linux (signal_send drops it); so is one init has no handler for. */
        struct proc *p = proc_find(pid);
        if (!p || p->state == PROC_ZOMBIE)
            return -ESRCH;
        return signal_send(p, sig);
    }
    if (pid == 0)
        return signal_send_group(current->pgid, sig);
    if (pid < -1)
        return signal_send_group(-pid, sig);
    int found = 0;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pid > 1 && p != current && !p->is_kthread && p->state != PROC_ZOMBIE) {
            found++;
            signal_send(p, sig);
        }
    }
    return found ? 0 : -ESRCH;
}
