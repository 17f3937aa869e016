/*
 * kernel/proc/rusage.c: getrusage(2).  CPU times come from the timer ticks
 * sampled in user and kernel mode (sched.c), page faults from the address
 * space's counters (vm.c: a fault that read the disk is major).  Fields
 * pagelab does not keep (max RSS, block I/O, context switches) are 0.
 */
#include "kernel/proc/rusage.h"
#include "kernel/arch/clock.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/syscall.h"

#define NR_getrusage      98
#define RUSAGE_SELF       0
#define RUSAGE_CHILDREN   (-1)
#define RUSAGE_THREAD     1
#define US_PER_TICK       (1000000ull / TIMER_HZ)

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
         c->past_minor_faults + c->child_minor_faults, c->past_major_faults + c->child_major_faults);
}

void rusage_collect_child(struct proc *parent, const struct proc *c)
{
    parent->child_user_ticks += c->user_ticks + c->child_user_ticks;
    parent->child_system_ticks += c->system_ticks + c->child_system_ticks;
    parent->child_minor_faults += c->past_minor_faults + c->child_minor_faults;
    parent->child_major_faults += c->past_major_faults + c->child_major_faults;
}

static long sys_getrusage(SYSCALL_ARGS)
{
    int who = (int)a0;
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
        return -EINVAL;
    struct rusage_linux ru;
    rusage_of(current, who == RUSAGE_CHILDREN, &ru);
    return copy_to_user((void *)a1, &ru, sizeof ru, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

void rusage_init(void)
{
    syscall_register(NR_getrusage, sys_getrusage);
}
