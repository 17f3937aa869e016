/*
 * kernel/proc/rusage.c: resource usage for getrusage(2) and wait4(2).  CPU times come from the timer ticks
 * sampled in user and kernel mode (sched.c), page faults from the address
 * space's counters (vm.c: a fault that read the disk is major).  Fields
 * pagelab does not keep (max RSS, block I/O, context switches) are 0.
 */
#include "kernel/proc/rusage.h"
#include "kernel/drivers/clock.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

#define US_PER_TICK (1000000ull / TIMER_HZ)

static void set_time(int64_t *sec, int64_t *usec, uint64_t ticks)
{
    uint64_t us = ticks * US_PER_TICK;
    *sec = (int64_t)(us / 1000000);
    *usec = (int64_t)(us % 1000000);
}

static void fill(struct rusage_linux *out, uint64_t uticks, uint64_t sticks, uint64_t minflt,
                 uint64_t majflt)
{
    memset(out, 0, sizeof *out);
    set_time(&out->utime_sec, &out->utime_usec, uticks);
    set_time(&out->stime_sec, &out->stime_usec, sticks);
    out->minflt = (int64_t)minflt;
    out->majflt = (int64_t)majflt;
}

void rusage_of(const struct proc *p, bool children, struct rusage_linux *out)
{
    if (children) {
        fill(out, p->child_user_ticks, p->child_system_ticks, p->child_minor_faults,
             p->child_major_faults);
        return;
    }
    uint64_t minflt = p->past_minor_faults, majflt = p->past_major_faults;
    if (p->vm) {
        minflt += p->vm->minor_faults;
        majflt += p->vm->major_faults;
    }
    fill(out, p->user_ticks, p->system_ticks, minflt, majflt);
}

void rusage_of_reaped(const struct proc *c, struct rusage_linux *out)
{
    fill(out, c->user_ticks + c->child_user_ticks, c->system_ticks + c->child_system_ticks,
         c->past_minor_faults + c->child_minor_faults,
         c->past_major_faults + c->child_major_faults);
}

void rusage_collect_child(struct proc *parent, const struct proc *c)
{
    parent->child_user_ticks += c->user_ticks + c->child_user_ticks;
    parent->child_system_ticks += c->system_ticks + c->child_system_ticks;
    parent->child_minor_faults += c->past_minor_faults + c->child_minor_faults;
    parent->child_major_faults += c->past_major_faults + c->child_major_faults;
}
