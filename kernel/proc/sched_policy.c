/*
 * kernel/proc/sched_policy.c: what nice values and policies mean to the
 * round-robin scheduler.
 *
 * Linux gives each runnable task a share of the CPU in proportion to a
 * weight: 1024 at nice 0, about 1.25 times less per step up (so one step
 * is about 10% of the CPU between two busy tasks).  pagelab's scheduler is
 * round robin, so the share is carried by the length of the time slice: a
 * task runs SCHED_SLICE_TICKS * weight / 1024 ticks before the next one,
 * and two busy tasks at nice 0 and 5 split the CPU about 3:1, as they do
 * on Linux.  A slice is at least one tick, so the weakest shares are
 * larger than Linux's (nice 19 beside nice 0 gets 1/6 of the CPU, not
 * 1/69).  SCHED_BATCH is SCHED_OTHER here; SCHED_IDLE gets Linux's weight
 * 3, i.e. one tick.  There is no real-time class.
 */
#include "kernel/proc/sched.h"
#include "kernel/drivers/clock.h"
#include "libc/include/pagelab/sched_values.h"

/* Linux's weights for nice -20 .. 19 (1024 * 1.25^-nice, rounded as
   Linux rounds them), so the shares are the same numbers. */
static const int nice_weight[NICE_MAX - NICE_MIN + 1] = {
    88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916, 9548, 7620, 6100, 4904,
    3906,  3121,  2501,  1991,  1586,  1277,  1024,  820,   655,   526,   423,  335,  272,  215,
    172,   137,   110,   87,    70,    56,    45,    36,    29,    23,    18,   15,
};
#define IDLE_POLICY_WEIGHT 3

/* A slice in 1/1024ths of a tick. */
static uint64_t slice_units(const struct proc *p)
{
    int weight = p->policy == SCHED_IDLE ? IDLE_POLICY_WEIGHT : nice_weight[p->nice - NICE_MIN];
    return (uint64_t)SCHED_SLICE_TICKS * (uint64_t)weight;
}

/* Whole ticks, with the fraction carried to the task's next turn (nice 5
   is 1.6 ticks: turns of 1 and 2), and never less than one tick. */
int sched_next_slice(struct proc *p)
{
    uint64_t units = slice_units(p) + p->slice_carry;
    if (units < 1024) {
        p->slice_carry = 0;
        return 1;
    }
    p->slice_carry = (uint32_t)(units % 1024);
    return (int)(units / 1024);
}

uint64_t sched_slice_ns(const struct proc *p)
{
    return slice_units(p) * (1000000000ull / TIMER_HZ) / 1024;
}

void sched_policy_fork(struct proc *child, const struct proc *parent)
{
    /* sched(7): with SCHED_RESET_ON_FORK a negative nice value is not
       inherited (nor a real-time policy, which pagelab does not have), and
       neither is the flag itself. */
    child->policy = parent->policy;
    child->nice = parent->reset_on_fork && parent->nice < 0 ? 0 : parent->nice;
    child->reset_on_fork = false;
}
