/*
 * kernel/proc/thread_group.h: what the threads of one process share.
 *
 * pagelab's model is Linux's: a struct proc is one schedulable task (a
 * thread), and a process is a thread group, the tasks that clone made with
 * CLONE_THREAD.  What belongs to the process lives here, once, referenced by
 * every task of the group:
 *   - its id (tgid: what getpid returns, the leader's task id) and the list
 *     of its tasks (the leader stays on it, as a zombie if need be, until
 *     the process is reaped: the parent waits for the whole group);
 *   - group exit (exit_group, a fatal signal, a fault: every thread dies
 *     with the status of the first) and execve's "the others die first";
 *   - signals sent to the process (kill) while no thread took them yet;
 *   - the real-time interval timer (alarm, setitimer ITIMER_REAL) and the
 *     POSIX timers (timer_create);
 *   - resource limits (RLIMIT_*: prlimit64);
 *   - the credentials: user and group ids (kernel/lib/cred.h says why
 *     one set per process);
 *   - the copy ledger (per process: a thread's copies count for its
 *     process) and the CPU time and faults of threads that have exited.
 * Signal handlers (struct sighand) are shared separately (CLONE_SIGHAND
 * without CLONE_THREAD is allowed), as are the address space (CLONE_VM)
 * and the descriptor table (CLONE_FILES with CLONE_FS: see proc.h).
 *
 * Locking: interrupts off (one CPU; kernel code is not preempted).
 * References: each task of the group holds one (dropped by proc_free).
 */
#ifndef PAGELAB_PROC_THREAD_GROUP_H
#define PAGELAB_PROC_THREAD_GROUP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/lib/cred.h"
#include "kernel/lib/ktimer.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"
#include "kernel/proc/rlimit.h"
#include "kernel/proc/signal.h"

struct proc;

struct thread_group {
    int refs;
    int tgid;
    int live;            /* tasks that have not exited yet */
    struct proc *leader; /* its task id is tgid */
    struct list_head threads;

    bool exiting;                  /* exit_group or a fatal signal is under way */
    int exit_status;               /* the wait status every thread dies with then */
    struct proc *exec_task;        /* execve waiting for the others to die */
    bool execed;                   /* has run execve: its parent's setpgid is EACCES */
    bool child_subreaper;          /* PR_SET_CHILD_SUBREAPER: adopts descendants' orphans */
    struct waitqueue exec_waiters; /* ... sleeps here */

    struct sigpending shared_pending; /* process-directed signals not yet taken */
    int sigq_count;                   /* real-time signals queued (RLIMIT_SIGPENDING) */

    /* Job control (kernel/proc/jobctl.c): stopped by a stop signal until
       SIGCONT; the change not yet reported to the parent's wait
       (WUNTRACED, WCONTINUED). */
    bool stopped;
    int stop_sig;
    int wait_report; /* JOBCTL_REPORT_* */
    struct waitqueue stop_waiters;

    /* ITIMER_REAL (kernel/proc/itimer.c). */
    struct ktimer real_timer;
    /* POSIX timers (timer_create: kernel/proc/ptimer.c): struct ptimer,
       the id the next one gets, and how many there are. */
    struct list_head ptimers;
    int ptimer_next_id, ptimer_count;
    /* ITIMER_VIRTUAL [0] (user time) and ITIMER_PROF [1] (user + system
       time): CPU time left before the signal (0: disarmed), and the reload. */
    uint64_t cpu_timer_left_ns[2], cpu_timer_interval_ns[2];

    struct rlimit_linux rlim[RLIMIT_NLIMITS];
    struct cred cred; /* kernel/proc/cred.c */
    struct ledger_counts ledger;
    /* Exited threads' CPU time and the faults of address spaces gone. */
    uint64_t dead_user_ticks, dead_system_ticks, dead_cpu_ns;
};

/* The signal handlers: one table per process, or shared (CLONE_SIGHAND). */
struct sighand {
    int refs;
    struct k_sigaction action[NSIG];
};

/* A new group led by leader (tgid = leader's pid), limits and credentials
   copied from `limits_from` (NULL: the defaults, and root).  NULL when out of memory. */
struct thread_group *tgroup_create(struct proc *leader, const struct thread_group *limits_from);
void tgroup_put(struct thread_group *g);

struct sighand *sighand_create(const struct sighand *from);
void sighand_put(struct sighand *h);

/* Tasks in the system, and the most there may be (threads-max, from the
   memory size as Linux computes it); clone fails with EAGAIN past it or
   past the caller's RLIMIT_NPROC. */
extern int tasks_count;
int tasks_max(void);

#endif
