/*
 * kernel/proc/rusage.c: resource usage for getrusage(2) and wait4(2).  CPU times come from the timer ticks
 * sampled in user and kernel mode (sched.c), page faults from the address
 * space's counters (vm.c: a fault that read the disk is major), the
 * maximum resident set from its high-water mark.  Fields pagelab does not
 * keep (block I/O, context switches) are 0.
 */
#include "kernel/proc/rusage.h"
#include "kernel/drivers/clock.h"
#include "kernel/hw/layout.h"
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

#define KB_PER_PAGE (PAGE_SIZE / 1024)

static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

static void fill(struct rusage_linux *out, uint64_t uticks, uint64_t sticks, uint64_t minflt,
                 uint64_t majflt, uint64_t peak_pages)
{
    memset(out, 0, sizeof *out);
    out->maxrss = (int64_t)(peak_pages * KB_PER_PAGE);
    set_time(&out->utime_sec, &out->utime_usec, uticks);
    set_time(&out->stime_sec, &out->stime_usec, sticks);
    out->minflt = (int64_t)minflt;
    out->majflt = (int64_t)majflt;
}

/* The CPU ticks of p's whole process: its threads' and those that exited. */
static void process_ticks(const struct proc *p, uint64_t *user, uint64_t *sys)
{
    *user = p->group->dead_user_ticks;
    *sys = p->group->dead_system_ticks;
    struct list_head *l;
    list_for_each(l, &p->group->threads)
    {
        const struct proc *t = list_entry(l, struct proc, group_link);
        *user += t->user_ticks;
        *sys += t->system_ticks;
    }
}

void rusage_of(const struct proc *p, int who, struct rusage_linux *out)
{
    const struct proc *leader = p->group->leader;
    if (who == RUSAGE_CHILDREN) {
        fill(out, leader->child_user_ticks, leader->child_system_ticks, leader->child_minor_faults,
             leader->child_major_faults, leader->child_peak_resident);
        return;
    }
    /* Faults are counted per address space: the process's, for a thread too. */
    uint64_t minflt = leader->past_minor_faults, majflt = leader->past_major_faults;
    uint64_t peak = leader->past_peak_resident;
    if (p->vm) {
        minflt += p->vm->minor_faults;
        majflt += p->vm->major_faults;
        peak = max_u64(peak, p->vm->peak_resident);
    }
    uint64_t user = p->user_ticks, sys = p->system_ticks;
    if (who == RUSAGE_SELF)
        process_ticks(p, &user, &sys);
    fill(out, user, sys, minflt, majflt, peak);
}

/* c is a reaped process's leader: every task of it has exited, so the
   group's dead-thread totals plus the leader's own are all of it. */
void rusage_of_reaped(const struct proc *c, struct rusage_linux *out)
{
    uint64_t user, sys;
    process_ticks(c, &user, &sys);
    fill(out, user + c->child_user_ticks, sys + c->child_system_ticks,
         c->past_minor_faults + c->child_minor_faults, c->past_major_faults + c->child_major_faults,
         max_u64(c->past_peak_resident, c->child_peak_resident));
}

void rusage_collect_child(struct proc *parent, const struct proc *c)
{
    uint64_t user, sys;
    process_ticks(c, &user, &sys);
    parent->child_user_ticks += user + c->child_user_ticks;
    parent->child_system_ticks += sys + c->child_system_ticks;
    parent->child_minor_faults += c->past_minor_faults + c->child_minor_faults;
    parent->child_major_faults += c->past_major_faults + c->child_major_faults;
    parent->child_peak_resident = max_u64(parent->child_peak_resident,
                                          max_u64(c->past_peak_resident, c->child_peak_resident));
}

void rusage_keep_vm_counts(struct proc *leader, const struct vm_space *vm)
{
    leader->past_minor_faults += vm->minor_faults;
    leader->past_major_faults += vm->major_faults;
    leader->past_peak_resident = max_u64(leader->past_peak_resident, vm->peak_resident);
}
