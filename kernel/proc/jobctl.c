/*
 * kernel/proc/jobctl.c: stopping and continuing processes, and what their
 * parent hears of it and of their exit (jobctl.h).
 */
#include "kernel/proc/jobctl.h"
#include "kernel/hw/io.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"

#define WUNTRACED  2 /* wait(2) options */
#define WCONTINUED 8
#define USER_HZ    100 /* clock_t ticks of siginfo and times(2) */
#define STOP_SIGNALS                                                               \
    ((1ull << (SIGSTOP - 1)) | (1ull << (SIGTSTP - 1)) | (1ull << (SIGTTIN - 1)) | \
     (1ull << (SIGTTOU - 1)))

static int64_t clock_ticks(int64_t sec, int64_t usec)
{
    return sec * USER_HZ + usec / (1000000 / USER_HZ);
}

/* SIGCHLD to the parent of leader's process with code why; the parent's
   wait4 wakes either way. */
static void tell_parent(struct proc *leader, int sig, int why, int status)
{
    struct proc *parent = leader->parent;
    if (!parent)
        return;
    if (sig) {
        struct rusage_linux ru;
        rusage_of(leader, RUSAGE_SELF, &ru);
        struct ksiginfo info = { .si_signo = sig, .si_code = why };
        info.chld.pid = leader->tgid;
        info.chld.status = status;
        info.chld.utime = clock_ticks(ru.utime_sec, ru.utime_usec);
        info.chld.stime = clock_ticks(ru.stime_sec, ru.stime_usec);
        signal_send_info(parent, &info);
    }
    wake_up(&parent->child_waiters);
}

/* Stops and continues reach the parent as SIGCHLD unless its SIGCHLD
   action has SA_NOCLDSTOP. */
static void tell_parent_stop(struct thread_group *g, int why, int status)
{
    struct proc *parent = g->leader->parent;
    if (!parent)
        return;
    bool quiet = parent->sig.hand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP;
    tell_parent(g->leader, quiet ? 0 : SIGCHLD, why, status);
}

static void wake_group(struct thread_group *g)
{
    struct list_head *l;
    list_for_each(l, &g->threads)
    {
        struct proc *t = list_entry(l, struct proc, group_link);
        if (t != current && t->state == PROC_SLEEPING)
            sched_wake(t); /* to stop (or see it is continued) */
    }
}

void jobctl_signal_sent(struct thread_group *g, int sig)
{
    if (sig == SIGCONT) {
        signal_discard(g->leader, STOP_SIGNALS);
        if (g->stopped) {
            g->stopped = false;
            g->wait_report = JOBCTL_REPORT_CONT;
            wake_up(&g->stop_waiters);
            tell_parent_stop(g, CLD_CONTINUED, SIGCONT);
        }
    } else if (signal_default_stops(sig)) {
        signal_discard(g->leader, 1ull << (SIGCONT - 1));
    }
}

void jobctl_stop(int sig)
{
    struct thread_group *g = current->group;
    uint64_t flags = irq_save();
    if (!g->stopped && !g->exiting) {
        g->stopped = true;
        g->stop_sig = sig;
        g->wait_report = JOBCTL_REPORT_STOP;
        wake_group(g);
        tell_parent_stop(g, CLD_STOPPED, sig);
    }
    irq_restore(flags);
}

void jobctl_stopped_wait(void)
{
    struct proc *p = current;
    struct thread_group *g = p->group;
    wait_event(&g->stop_waiters,
               !g->stopped || g->exiting ||
                   ((p->sig.pending.set | g->shared_pending.set) & (1ull << (SIGKILL - 1))));
}

int jobctl_cld_code(int status, int *value)
{
    if (status == 0xffff) {
        *value = SIGCONT;
        return CLD_CONTINUED;
    }
    if ((status & 0xff) == 0x7f) {
        *value = (status >> 8) & 0xff;
        return CLD_STOPPED;
    }
    if (status & 0x7f) {
        *value = status & 0x7f;
        return (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
    }
    *value = (status >> 8) & 0xff;
    return CLD_EXITED;
}

bool jobctl_notify_exit(struct proc *leader, int status)
{
    struct proc *parent = leader->parent;
    if (!parent)
        return false;
    int sig = leader->exit_signal;
    const struct k_sigaction *chld = &parent->sig.hand->action[SIGCHLD - 1];
    bool autoreap = sig == SIGCHLD && (chld->handler == SIG_IGN || (chld->flags & SA_NOCLDWAIT));
    int value, code = jobctl_cld_code(status, &value);
    tell_parent(leader, sig, code, value);
    if (autoreap)
        list_del(&leader->sibling); /* wait4 no longer sees it */
    return autoreap;
}

bool jobctl_waitable(const struct proc *c, int options)
{
    const struct thread_group *g = c->group;
    if (g->live == 0)
        return false;
    return ((options & WUNTRACED) && g->wait_report == JOBCTL_REPORT_STOP) ||
           ((options & WCONTINUED) && g->wait_report == JOBCTL_REPORT_CONT);
}

int jobctl_peek_report(const struct proc *c)
{
    const struct thread_group *g = c->group;
    return g->wait_report == JOBCTL_REPORT_STOP ? 0x7f | (g->stop_sig << 8) : 0xffff;
}

int jobctl_take_report(struct proc *c)
{
    int status = jobctl_peek_report(c);
    c->group->wait_report = 0;
    return status;
}
