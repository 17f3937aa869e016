/*
 * kernel/syscall/sys_signal.c: the signal syscalls: rt_sigaction
 * rt_sigprocmask rt_sigpending rt_sigreturn rt_sigsuspend pause kill tkill tgkill, with Linux's
 * struct layouts (kernel_sigaction, a 64-bit sigset) and errors.  The mask
 * is the calling thread's; the handlers are the process's.  Delivery itself
 * is the process layer's (kernel/proc/signal.c).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/wait.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

long sys_rt_sigaction(int sig, uint64_t uact, uint64_t uold, uint64_t sigsetsize)
{
    if (sig < 1 || sig > NSIG || sigsetsize != sizeof(uint64_t))
        return -EINVAL;
    struct k_sigaction *cur = &current->sig.hand->action[sig - 1];
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
        /* Setting SIG_IGN discards a pending instance (POSIX sigaction),
           the process's and every thread's. */
        if (signal_is_ignored(current, sig))
            signal_discard(current, sig_bit(sig));
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
    uint64_t set =
        (current->sig.pending.set | current->group->shared_pending.set) & current->sig.blocked;
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
        /* A thread's id names its process too (Linux's kill does so).  A
           kernel thread exists: the signal is accepted and dropped, as on
           Linux (signal_send drops it); so is one init has no handler for. */
        struct proc *t = proc_find(pid);
        struct proc *p = t && t->is_kthread ? t : proc_find_process(pid);
        if (!p)
            return -ESRCH;
        if (!p->is_kthread && !cred_may_signal(p))
            return -EPERM; /* kernel/proc/cred.h: another user's process */
        return signal_send(p, sig);
    }
    if (pid == 0)
        return signal_send_group(current->pgid, sig);
    /* -INT_MIN does not exist: Linux answers ESRCH (found by sysfuzz: the
       negation overflowed) */
    if (pid == INT32_MIN)
        return -ESRCH;
    if (pid < -1)
        return signal_send_group(-pid, sig);
    int found = 0, denied = 0;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pid > 1 && proc_is_leader(p) && p->group != current->group && !p->is_kthread &&
            p->group->live > 0) {
            if (!cred_may_signal(p)) {
                denied++; /* Linux: EPERM only if every one was refused */
                continue;
            }
            found++;
            signal_send(p, sig);
        }
    }
    return found ? 0 : denied ? -EPERM : -ESRCH;
}

/* The live task tid (of process tgid when tgid > 0), or NULL. */
static struct proc *find_thread(int tgid, int tid)
{
    struct proc *t = proc_find(tid);
    if (!t || t->state == PROC_ZOMBIE || (tgid > 0 && t->tgid != tgid))
        return NULL;
    return t;
}

/* tgkill(2): sig to thread tid of process tgid (raise() and abort() in
   musl use tkill, pthread_kill tkill too). */
long sys_tgkill(int tgid, int tid, int sig)
{
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    struct proc *t = find_thread(tgid, tid);
    if (t && !cred_may_signal(t))
        return -EPERM;
    return t ? signal_send_thread(t, sig) : -ESRCH;
}

long sys_tkill(int tid, int sig)
{
    if (tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    struct proc *t = find_thread(0, tid);
    if (t && !cred_may_signal(t))
        return -EPERM;
    return t ? signal_send_thread(t, sig) : -ESRCH;
}

/* pause(2): sleeps until a signal is delivered (its handler runs, or it
   kills), then fails with EINTR. */
static struct waitqueue nobody_wakes = WAITQUEUE_INIT(nobody_wakes);

long sys_sigaltstack(uint64_t uss, uint64_t uoss)
{
    struct alt_stack ss, old;
    if (uss && copy_from_user(&ss, (const void *)uss, sizeof ss, MECH_SYSCALL_ARGS))
        return -EFAULT;
    int r = signal_altstack(uss ? &ss : NULL, &old, current->user_frame->rsp);
    if (r)
        return r;
    if (uoss && copy_to_user((void *)uoss, &old, sizeof old, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

long sys_pause(void) { return wait_event_interruptible(&nobody_wakes, false); }

/* rt_sigsuspend(2): waits for a signal with mask in force; the old mask
   comes back after the signal is acted on (signal.c: signal_mask_swap_in). */
long sys_rt_sigsuspend(uint64_t umask, uint64_t sigsetsize)
{
    uint64_t mask;
    if (sigsetsize != sizeof mask)
        return -EINVAL;
    if (copy_from_user(&mask, (void *)umask, sizeof mask, MECH_SYSCALL_ARGS))
        return -EFAULT;
    signal_mask_swap_in(mask); /* signal_deliver puts the old one back */
    return wait_event_interruptible(&nobody_wakes, false);
}
