/*
 * kernel/syscall/sys_sigwait.c: signals with data and waiting for them:
 * rt_sigqueueinfo rt_tgsigqueueinfo (sigqueue(3): a signal with a value
 * the receiver finds in si_value), pidfd_send_signal and rt_sigtimedwait (sigwaitinfo(2),
 * sigtimedwait(2), sigwait(3): taking a pending signal without a handler).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/lib/wait.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/pidfd.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

struct timespec_k {
    int64_t tv_sec, tv_nsec;
};

/* A process may not pretend to be the kernel or kill() to another
   process: si_code >= 0 and SI_TKILL are refused (EPERM), as on Linux. */
static long read_info(uint64_t uinfo, int sig, int target_tgid, struct ksiginfo *info)
{
    if (copy_from_user(info, (void *)uinfo, sizeof *info, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if ((info->si_code >= 0 || info->si_code == SI_TKILL) && target_tgid != current->tgid)
        return -EPERM;
    info->si_signo = sig;
    return 0;
}

long sys_rt_sigqueueinfo(int tgid, int sig, uint64_t uinfo)
{
    if (sig < 0 || sig > NSIG)
        return -EINVAL;
    struct ksiginfo info;
    long r = read_info(uinfo, sig, tgid, &info);
    if (r)
        return r;
    struct proc *p = tgid > 0 ? proc_find_process(tgid) : NULL;
    if (!p)
        return -ESRCH;
    return signal_send_info(p, &info);
}

#define PIDFD_SIGNAL_THREAD        1 /* Linux 6.9's scopes: the thread itself, */
#define PIDFD_SIGNAL_THREAD_GROUP  2 /* its process (what 0 means here), */
#define PIDFD_SIGNAL_PROCESS_GROUP 4 /* its process group */

/* pidfd_send_signal(2): kill(2) or rt_sigqueueinfo(2) to the process a
   pidfd names; ESRCH once it is reaped (never its number's next owner). */
long sys_pidfd_send_signal(int pidfd, int sig, uint64_t uinfo, unsigned flags)
{
    struct file *f = syscall_fd(pidfd);
    if (!f || !pidfd_is(f))
        return -EBADF;
    if (sig < 0 || sig > NSIG || (flags & (flags - 1)) ||
        (flags &
         ~(unsigned)(PIDFD_SIGNAL_THREAD | PIDFD_SIGNAL_THREAD_GROUP | PIDFD_SIGNAL_PROCESS_GROUP)))
        return -EINVAL; /* at most one scope */
    struct proc *p = pidfd_process(f);
    if (!p)
        return -ESRCH;
    if (!p->is_kthread && !cred_may_signal(p))
        return -EPERM;
    if (flags == PIDFD_SIGNAL_PROCESS_GROUP && !uinfo)
        return signal_send_group(p->pgid, sig);
    if (flags == PIDFD_SIGNAL_THREAD && !uinfo)
        return signal_send_thread(p, sig);
    if (!uinfo)
        return signal_send(p, sig);
    int signo;
    if (copy_from_user(&signo, (void *)uinfo, sizeof signo, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (signo != sig)
        return -EINVAL; /* Linux: the siginfo must name the signal sent */
    struct ksiginfo info;
    long r = read_info(uinfo, sig, p->tgid, &info);
    return r ? r : signal_send_info(p, &info);
}

long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, uint64_t uinfo)
{
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > NSIG)
        return -EINVAL;
    struct ksiginfo info;
    long r = read_info(uinfo, sig, tgid, &info);
    if (r)
        return r;
    struct proc *t = proc_find(tid);
    if (!t || t->state == PROC_ZOMBIE || t->tgid != tgid)
        return -ESRCH;
    return signal_send_thread_info(t, &info);
}

static struct waitqueue nobody_wakes = WAITQUEUE_INIT(nobody_wakes);

/* rt_sigtimedwait(2): the lowest signal of set pending for the caller is
   taken (its siginfo copied to uinfo) and returned; else the caller sleeps
   until one comes (EAGAIN at the timeout, EINTR if another signal's
   handler runs).  SIGKILL and SIGSTOP cannot be waited for. */
long sys_rt_sigtimedwait(uint64_t uset, uint64_t uinfo, uint64_t utimeout, uint64_t sigsetsize)
{
    uint64_t set;
    if (sigsetsize != sizeof set)
        return -EINVAL;
    if (copy_from_user(&set, (void *)uset, sizeof set, MECH_SYSCALL_ARGS))
        return -EFAULT;
    set &= ~SIGNAL_UNBLOCKABLE;
    uint64_t deadline = 0;
    if (utimeout) {
        struct timespec_k ts;
        if (copy_from_user(&ts, (void *)utimeout, sizeof ts, MECH_SYSCALL_ARGS))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        /* A zero timeout polls; a deadline of 0 would mean "none". */
        deadline =
            clock_monotonic_ns() + (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec + 1;
    }
    struct proc *p = current;
    struct ksiginfo info;
    p->sig.sigwait_set = set;
    int r = wait_event_deadline(&nobody_wakes, signal_dequeue(set, &info), deadline);
    p->sig.sigwait_set = 0;
    if (r == -ETIMEDOUT)
        return -EAGAIN;
    if (r)
        return r;
    if (uinfo && copy_to_user((void *)uinfo, &info, sizeof info, MECH_SYSCALL_ARGS))
        return -EFAULT; /* the signal is taken all the same, as on Linux */
    return info.si_signo;
}
