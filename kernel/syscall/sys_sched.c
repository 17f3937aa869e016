/*
 * kernel/syscall/sys_sched.c: scheduling attributes, as sched(7),
 * setpriority(2) and sched_setaffinity(2) describe them:
 * getpriority setpriority sched_setparam sched_getparam
 * sched_setscheduler sched_getscheduler sched_get_priority_max
 * sched_get_priority_min sched_rr_get_interval sched_setaffinity
 * sched_getaffinity getcpu.
 *
 * What they change is real: the nice value sets the length of a task's
 * time slice (kernel/proc/sched_policy.c), SCHED_IDLE the shortest one.
 * pagelab has one CPU, so the only affinity is {0}, and no real-time
 * class: SCHED_FIFO and SCHED_RR are refused with EPERM, as Linux refuses
 * them to a process that may not use them.  Nice values are per thread,
 * as on Linux (musl's nice() changes the calling thread's).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/task.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "libc/include/pagelab/resource_values.h"
#include "libc/include/pagelab/sched_values.h"

#define RT_PRIO_MIN   1 /* sched_get_priority_min/max of SCHED_FIFO and SCHED_RR */
#define RT_PRIO_MAX   99
#define CPUMASK_BYTES 8 /* one unsigned long: the mask of a machine with one CPU */

struct sched_param_linux {
    int sched_priority;
};

struct timespec_linux {
    int64_t tv_sec;
    int64_t tv_nsec;
};

/* The task a pid names here: 0 is the caller's thread. */
static struct proc *task_of(int pid)
{
    if (pid < 0)
        return NULL;
    return pid == 0 ? current : proc_find(pid);
}

/* May the caller change p's scheduling?  Its own process, or root (Linux
   also lets a caller whose effective uid is p's uid: every process here
   runs as root until per-process users exist, so that case is root's). */
static bool may_change(const struct proc *p)
{
    return p->tgid == current->tgid || task_euid() == 0;
}

static bool task_is_dead(const struct proc *p) { return p->state == PROC_ZOMBIE; }

/* ---- nice values ------------------------------------------------------------ */

/* Does task p belong to the set (which, who)?  who is already resolved
   (0 replaced by the caller's own id). */
static bool prio_matches(const struct proc *p, int which, int who)
{
    if (p->is_kthread || task_is_dead(p))
        return false;
    switch (which) {
    case PRIO_PROCESS:
        return p->pid == who;
    case PRIO_PGRP:
        return p->pgid == who;
    default: /* PRIO_USER: every process runs as uid 0 (see may_change) */
        return who == 0;
    }
}

static bool prio_which_ok(int which) { return which >= PRIO_PROCESS && which <= PRIO_USER; }

/* who, with 0 meaning the caller's own thread, process group or user. */
static int prio_resolve(int which, int who)
{
    if (who != 0)
        return who;
    if (which == PRIO_PROCESS)
        return current->pid;
    return which == PRIO_PGRP ? current->pgid : (int)task_euid();
}

/* The raw syscall returns 20 - nice (1..40), so that no success is
   negative; libc turns it back into the nice value. */
long sys_getpriority(int which, int who)
{
    if (!prio_which_ok(which))
        return -EINVAL;
    int id = prio_resolve(which, who), best = NICE_MAX + 1;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (prio_matches(p, which, id) && p->nice < best)
            best = p->nice;
    }
    return best > NICE_MAX ? -ESRCH : 20 - best;
}

long sys_setpriority(int which, int who, int niceval)
{
    if (!prio_which_ok(which))
        return -EINVAL;
    int id = prio_resolve(which, who);
    if (niceval < NICE_MIN)
        niceval = NICE_MIN;
    if (niceval > NICE_MAX)
        niceval = NICE_MAX;
    long err = -ESRCH;
    struct list_head *l;
    list_for_each(l, &proc_all)
    {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (!prio_matches(p, which, id))
            continue;
        if (!may_change(p)) {
            err = -EPERM;
            continue;
        }
        if (niceval < p->nice && task_euid() != 0) {
            err = -EACCES; /* a higher priority needs privilege */
            continue;
        }
        p->nice = niceval;
        if (err == -ESRCH)
            err = 0;
    }
    return err;
}

/* ---- policies ----------------------------------------------------------------- */

static bool policy_known(int policy)
{
    return policy == SCHED_OTHER || policy == SCHED_FIFO || policy == SCHED_RR ||
           policy == SCHED_BATCH || policy == SCHED_IDLE;
}

static bool policy_is_rt(int policy) { return policy == SCHED_FIFO || policy == SCHED_RR; }

/* Sets p's policy (policy < 0: keep it) from a user sched_param. */
static long set_policy(int pid, int policy, uint64_t uparam)
{
    struct sched_param_linux sp;
    if (pid < 0 || !uparam)
        return -EINVAL;
    if (copy_from_user(&sp, (void *)uparam, sizeof sp, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct proc *p = task_of(pid);
    if (!p || task_is_dead(p))
        return -ESRCH;
    bool reset = false;
    if (policy >= 0) {
        reset = (policy & SCHED_RESET_ON_FORK) != 0;
        policy &= ~SCHED_RESET_ON_FORK;
        if (!policy_known(policy))
            return -EINVAL;
    } else {
        policy = p->policy;
        reset = p->reset_on_fork;
    }
    int lo = policy_is_rt(policy) ? RT_PRIO_MIN : 0, hi = policy_is_rt(policy) ? RT_PRIO_MAX : 0;
    if (sp.sched_priority < lo || sp.sched_priority > hi)
        return -EINVAL;
    if (!may_change(p) || policy_is_rt(policy))
        return -EPERM; /* no real-time class in pagelab */
    p->policy = policy;
    p->reset_on_fork = reset;
    return 0;
}

long sys_sched_setscheduler(int pid, int policy, uint64_t param)
{
    if (policy < 0)
        return -EINVAL;
    return set_policy(pid, policy, param);
}

long sys_sched_setparam(int pid, uint64_t param) { return set_policy(pid, -1, param); }

long sys_sched_getscheduler(int pid)
{
    if (pid < 0)
        return -EINVAL;
    struct proc *p = task_of(pid);
    if (!p || task_is_dead(p))
        return -ESRCH;
    return p->policy | (p->reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

long sys_sched_getparam(int pid, uint64_t param)
{
    if (pid < 0 || !param)
        return -EINVAL;
    struct proc *p = task_of(pid);
    if (!p || task_is_dead(p))
        return -ESRCH;
    struct sched_param_linux sp = { 0 }; /* no real-time priorities */
    return copy_to_user((void *)param, &sp, sizeof sp, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_sched_get_priority_max(int policy)
{
    if (!policy_known(policy))
        return -EINVAL;
    return policy_is_rt(policy) ? RT_PRIO_MAX : 0;
}

long sys_sched_get_priority_min(int policy)
{
    if (!policy_known(policy))
        return -EINVAL;
    return policy_is_rt(policy) ? RT_PRIO_MIN : 0;
}

/* The length of the task's time slice. */
long sys_sched_rr_get_interval(int pid, uint64_t interval)
{
    if (pid < 0)
        return -EINVAL;
    struct proc *p = task_of(pid);
    if (!p || task_is_dead(p))
        return -ESRCH;
    uint64_t ns = sched_slice_ns(p);
    struct timespec_linux ts = { (int64_t)(ns / 1000000000ull), (int64_t)(ns % 1000000000ull) };
    return copy_to_user((void *)interval, &ts, sizeof ts, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* ---- CPUs --------------------------------------------------------------------- */

/* Linux copies min(len, its mask size) bytes and returns that count; a
   length too short for the CPUs there are, or not a multiple of a long,
   is EINVAL. */
long sys_sched_getaffinity(int pid, uint64_t len, uint64_t mask)
{
    if (len < 1 || (len & (sizeof(uint64_t) - 1)))
        return -EINVAL;
    struct proc *p = task_of(pid);
    if (!p || task_is_dead(p))
        return -ESRCH;
    uint64_t bits = 1; /* CPU 0, the only one */
    return copy_to_user((void *)mask, &bits, CPUMASK_BYTES, MECH_SYSCALL_ARGS) ? -EFAULT
                                                                               : CPUMASK_BYTES;
}

/* The new mask must allow a CPU that exists: CPU 0. */
long sys_sched_setaffinity(int pid, uint64_t len, uint64_t mask)
{
    uint64_t bits = 0;
    uint64_t n = len < CPUMASK_BYTES ? len : CPUMASK_BYTES;
    if (n && copy_from_user(&bits, (void *)mask, n, MECH_SYSCALL_ARGS))
        return -EFAULT;
    struct proc *p = task_of(pid);
    if (!p || task_is_dead(p))
        return -ESRCH;
    if (!may_change(p))
        return -EPERM;
    return (bits & 1) ? 0 : -EINVAL;
}

long sys_getcpu(uint64_t cpu, uint64_t node, uint64_t cache)
{
    (void)cache; /* unused since Linux 2.6.24 */
    uint32_t zero = 0;
    if (cpu && copy_to_user((void *)cpu, &zero, sizeof zero, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (node && copy_to_user((void *)node, &zero, sizeof zero, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}
