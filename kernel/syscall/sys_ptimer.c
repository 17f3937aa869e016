/*
 * kernel/syscall/sys_ptimer.c: POSIX per-process timers: timer_create
 * timer_settime timer_gettime timer_getoverrun timer_delete
 * (kernel/proc/ptimer.c keeps them), with Linux's errors: a clock that does
 * not exist EINVAL, one that cannot drive a timer EOPNOTSUPP, an unknown
 * timer id or a bad sigevent or time EINVAL, too many timers EAGAIN, a bad
 * pointer EFAULT.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/itimerspec.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"
#include "libc/include/pagelab/clock_values.h"

/* Linux's struct sigevent (64 bytes; sigev_notify_thread_id at 16). */
struct sigevent_linux {
    uint64_t value;
    int32_t signo, notify;
    int32_t tid;
    int32_t pad[11];
};
_Static_assert(sizeof(struct sigevent_linux) == 64, "Linux's sigevent is 64 bytes");

/* The clocks a timer can run on: pagelab's boot time is its monotonic
   time (it never suspends), TAI its real time; the caller's own CPU-time
   clocks (another process's or thread's, a negative clock id, are not
   supported here: EINVAL).  The raw and coarse clocks
   and the alarm clocks (which need a wake-up alarm in the RTC) have no
   timers, as on Linux without one: EOPNOTSUPP. */
static long check_clock(int clock)
{
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
    case CLOCK_TAI:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
        return 0;
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_BOOTTIME_ALARM:
        return -EOPNOTSUPP;
    default:
        return -EINVAL;
    }
}

long sys_timer_create(int clock, uint64_t usev, uint64_t uid)
{
    struct sigevent_linux sev = { 0 };
    /* Linux's order: the sigevent is read first, then the clock checked. */
    if (usev && copy_from_user(&sev, (const void *)usev, sizeof sev, MECH_SYSCALL_ARGS))
        return -EFAULT;
    long r = check_clock(clock);
    if (r)
        return r;
    struct ptimer_event ev = { sev.notify, sev.signo, sev.tid, sev.value };
    int id;
    r = ptimer_create(current->group, clock, usev ? &ev : NULL, &id);
    if (r)
        return r;
    int32_t out = id;
    if (copy_to_user((void *)uid, &out, sizeof out, MECH_SYSCALL_ARGS)) {
        ptimer_delete(current->group, id);
        return -EFAULT;
    }
    return 0;
}

/* An unknown id is EINVAL before the new value is looked at; a value with
   tv_nsec outside [0, 1e9) or a negative time EINVAL (Linux's order). */
long sys_timer_settime(int id, int flags, uint64_t unew, uint64_t uold)
{
    uint64_t value, interval;
    long r = itimerspec_get(unew, &value, &interval);
    if (r)
        return r;
    uint64_t old_value, old_interval;
    r = ptimer_settime(current->group, id, flags & TIMER_ABSTIME, value, value ? interval : 0,
                       &old_value, &old_interval);
    if (r)
        return r;
    return uold ? itimerspec_put(uold, old_value, old_interval) : 0;
}

long sys_timer_gettime(int id, uint64_t ucur)
{
    uint64_t value, interval;
    long r = ptimer_gettime(current->group, id, &value, &interval);
    return r ? r : itimerspec_put(ucur, value, interval);
}

long sys_timer_getoverrun(int id) { return ptimer_getoverrun(current->group, id); }

long sys_timer_delete(int id) { return ptimer_delete(current->group, id); }
