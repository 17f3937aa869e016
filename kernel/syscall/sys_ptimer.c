/*
 * kernel/syscall/sys_ptimer.c: POSIX per-process timers: timer_create
 * timer_settime timer_gettime timer_getoverrun timer_delete
 * (kernel/proc/ptimer.c keeps them), with Linux's errors: a clock that does
 * not exist EINVAL, one that cannot drive a timer EOPNOTSUPP, an unknown
 * timer id or a bad sigevent or time EINVAL, too many timers EAGAIN, a bad
 * pointer EFAULT.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"

#define CLOCK_REALTIME           0 /* include/uapi/linux/time.h */
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_REALTIME_ALARM     8
#define CLOCK_BOOTTIME_ALARM     9
#define CLOCK_TAI                11
#define TIMER_ABSTIME            1

/* Linux's struct sigevent (64 bytes; sigev_notify_thread_id at 16). */
struct sigevent_linux {
    uint64_t value;
    int32_t signo, notify;
    int32_t tid;
    int32_t pad[11];
};
_Static_assert(sizeof(struct sigevent_linux) == 64, "Linux's sigevent is 64 bytes");

struct itimerspec_linux {
    int64_t interval_sec, interval_nsec, value_sec, value_nsec;
};

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

static bool valid(int64_t sec, int64_t nsec)
{
    return sec >= 0 && nsec >= 0 && nsec < (int64_t)NSEC_PER_SEC;
}

/* A valid time in nanoseconds; one past 2^64 ns (584 years) saturates. */
static uint64_t to_ns(int64_t sec, int64_t nsec)
{
    uint64_t ns;
    if (__builtin_mul_overflow((uint64_t)sec, NSEC_PER_SEC, &ns) ||
        __builtin_add_overflow(ns, (uint64_t)nsec, &ns))
        return UINT64_MAX;
    return ns;
}

static long put_spec(uint64_t uspec, uint64_t value, uint64_t interval)
{
    struct itimerspec_linux s = { (int64_t)(interval / NSEC_PER_SEC),
                                  (int64_t)(interval % NSEC_PER_SEC),
                                  (int64_t)(value / NSEC_PER_SEC),
                                  (int64_t)(value % NSEC_PER_SEC) };
    return copy_to_user((void *)uspec, &s, sizeof s, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* An unknown id is EINVAL before the new value is looked at; a value with
   tv_nsec outside [0, 1e9) or a negative time EINVAL (Linux's order). */
long sys_timer_settime(int id, int flags, uint64_t unew, uint64_t uold)
{
    struct itimerspec_linux s;
    if (!unew || copy_from_user(&s, (const void *)unew, sizeof s, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (!valid(s.interval_sec, s.interval_nsec) || !valid(s.value_sec, s.value_nsec))
        return -EINVAL;
    uint64_t value = to_ns(s.value_sec, s.value_nsec);
    uint64_t interval = to_ns(s.interval_sec, s.interval_nsec);
    uint64_t old_value, old_interval;
    long r = ptimer_settime(current->group, id, flags & TIMER_ABSTIME, value, value ? interval : 0,
                            &old_value, &old_interval);
    if (r)
        return r;
    return uold ? put_spec(uold, old_value, old_interval) : 0;
}

long sys_timer_gettime(int id, uint64_t ucur)
{
    uint64_t value, interval;
    long r = ptimer_gettime(current->group, id, &value, &interval);
    return r ? r : put_spec(ucur, value, interval);
}

long sys_timer_getoverrun(int id) { return ptimer_getoverrun(current->group, id); }

long sys_timer_delete(int id) { return ptimer_delete(current->group, id); }
