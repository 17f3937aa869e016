/*
 * kernel/proc/cpuclock.c: reading the CPU-time clocks (cpuclock.h).  Time
 * on the CPU is exact (summed at each switch); the user/system split is
 * sampled by the timer tick, as getrusage reports it.
 */
#include "kernel/proc/cpuclock.h"
#include "kernel/drivers/clock.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"

#define CPUCLOCK_PROF      0 /* user + system */
#define CPUCLOCK_VIRT      1 /* user */
#define CPUCLOCK_SCHED     2 /* on the CPU */
#define CPUCLOCK_KIND_MASK 3
#define CPUCLOCK_PERTHREAD 4
#define NS_PER_TICK        (1000000000ull / TIMER_HZ)

static uint64_t thread_reading(const struct proc *t, int kind)
{
    switch (kind) {
    case CPUCLOCK_PROF:
        return (t->user_ticks + t->system_ticks) * NS_PER_TICK;
    case CPUCLOCK_VIRT:
        return t->user_ticks * NS_PER_TICK;
    default:
        return proc_cpu_ns(t);
    }
}

/* Every thread's, those that have exited included. */
static uint64_t process_reading(const struct proc *p, int kind)
{
    const struct thread_group *g = p->group;
    uint64_t ns = kind == CPUCLOCK_SCHED ? g->dead_cpu_ns
                  : kind == CPUCLOCK_VIRT
                      ? g->dead_user_ticks * NS_PER_TICK
                      : (g->dead_user_ticks + g->dead_system_ticks) * NS_PER_TICK;
    const struct list_head *l;
    list_for_each(l, &g->threads)
    {
        ns += thread_reading(list_entry(l, struct proc, group_link), kind);
    }
    return ns;
}

uint64_t cpuclock_process_ns(const struct proc *p) { return process_reading(p, CPUCLOCK_SCHED); }

uint64_t cpuclock_thread_ns(const struct proc *t) { return thread_reading(t, CPUCLOCK_SCHED); }

int cpuclock_read(int clockid, uint64_t *ns)
{
    if (clockid == CPUCLOCK_PROCESS_SELF) {
        *ns = process_reading(current, CPUCLOCK_SCHED);
        return 0;
    }
    if (clockid == CPUCLOCK_THREAD_SELF) {
        *ns = thread_reading(current, CPUCLOCK_SCHED);
        return 0;
    }
    if (clockid >= 0)
        return -EINVAL;
    int kind = clockid & CPUCLOCK_KIND_MASK;
    int pid = ~(clockid >> 3); /* arithmetic shift keeps the sign */
    if (kind > CPUCLOCK_SCHED || pid < 0)
        return -EINVAL;
    uint64_t flags = irq_save();
    int r = 0;
    if (clockid & CPUCLOCK_PERTHREAD) {
        /* Only the caller's own threads' clocks, as on Linux. */
        struct proc *t = pid ? proc_find(pid) : current;
        if (!t || t->state == PROC_ZOMBIE || t->group != current->group)
            r = -EINVAL;
        else
            *ns = thread_reading(t, kind);
    } else {
        struct proc *p = pid ? proc_find_process(pid) : current;
        if (!p)
            r = -EINVAL;
        else
            *ns = process_reading(p, kind);
    }
    irq_restore(flags);
    return r;
}
