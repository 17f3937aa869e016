/*
 * kernel/syscall/sys_timer.c: sleeping and timers: nanosleep
 * clock_nanosleep alarm setitimer getitimer, and time, with Linux's structures and
 * errors.  A sleep interrupted by a signal returns EINTR with the time that
 * was left (a relative sleep); the timer of a process is
 * kernel/proc/itimer.c's.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/proc/itimer.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "libc/include/pagelab/clock_values.h"

#define ITIMER_REAL    0 /* setitimer(2) */
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2

#define USEC_PER_SEC  1000000ull
#define NSEC_PER_USEC 1000ull

struct timespec_linux {
    int64_t tv_sec, tv_nsec;
};
struct timeval_linux {
    int64_t tv_sec, tv_usec;
};
struct itimerval_linux {
    struct timeval_linux interval, value;
};

static int read_timespec(uint64_t uts, uint64_t *ns)
{
    struct timespec_linux ts;
    if (copy_from_user(&ts, (void *)uts, sizeof ts, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
        return -EINVAL;
    *ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
    return 0;
}

/* Sleeps until the monotonic deadline; on a signal, the time left goes to
   urem (if given) and the result is -EINTR. */
static long sleep_until(uint64_t deadline, uint64_t urem)
{
    if (sched_sleep_until(deadline) == 0)
        return 0;
    if (urem) {
        uint64_t now = clock_monotonic_ns(), left = deadline > now ? deadline - now : 0;
        struct timespec_linux rem = { (int64_t)(left / NSEC_PER_SEC),
                                      (int64_t)(left % NSEC_PER_SEC) };
        if (copy_to_user((void *)urem, &rem, sizeof rem, MECH_SYSCALL_ARGS))
            return -EFAULT;
    }
    return -EINTR;
}

long sys_nanosleep(uint64_t ureq, uint64_t urem)
{
    uint64_t ns;
    int r = read_timespec(ureq, &ns);
    return r ? r : sleep_until(clock_monotonic_ns() + ns, urem);
}

/* Linux's clocks that can be slept on; the CPU-time clocks cannot here
   (EINVAL for the thread's, as Linux; EOPNOTSUPP for the process's). */
long sys_clock_nanosleep(int clockid, int flags, uint64_t ureq, uint64_t urem)
{
    if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC && clockid != CLOCK_BOOTTIME &&
        clockid != CLOCK_TAI)
        return clockid == 2 /* CLOCK_PROCESS_CPUTIME_ID */ ? -EOPNOTSUPP : -EINVAL;
    uint64_t ns;
    int r = read_timespec(ureq, &ns);
    if (r)
        return r;
    uint64_t now = clock_monotonic_ns();
    if (!(flags & TIMER_ABSTIME))
        return sleep_until(now + ns, urem);
    /* An absolute time on the real-time clock: as far from now on the
       monotonic one.  No remaining time for absolute sleeps (Linux). */
    if (clockid == CLOCK_REALTIME || clockid == CLOCK_TAI) {
        uint64_t real = clock_realtime_ns();
        ns = ns > real ? now + (ns - real) : now;
    }
    return sleep_until(ns, 0);
}

static int read_timeval(const struct timeval_linux *tv, uint64_t *ns)
{
    if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= (int64_t)USEC_PER_SEC)
        return -EINVAL;
    *ns = (uint64_t)tv->tv_sec * NSEC_PER_SEC + (uint64_t)tv->tv_usec * NSEC_PER_USEC;
    return 0;
}

/* Nanoseconds as a timeval, rounded up to the next microsecond as Linux
   reports a timer's remaining time. */
static struct timeval_linux to_timeval(uint64_t ns)
{
    uint64_t us = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
    return (struct timeval_linux){ (int64_t)(us / USEC_PER_SEC), (int64_t)(us % USEC_PER_SEC) };
}

/* ITIMER_REAL on the monotonic clock; ITIMER_VIRTUAL and ITIMER_PROF count
   the process's CPU time (itimer.h).  Another which: EINVAL. */
long sys_getitimer(int which, uint64_t ucur)
{
    if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
        return -EINVAL;
    uint64_t value, interval;
    if (which == ITIMER_REAL)
        itimer_get(current->group, &value, &interval);
    else
        itimer_cpu_get(current->group, which - ITIMER_VIRTUAL, &value, &interval);
    struct itimerval_linux cur = { to_timeval(interval), to_timeval(value) };
    return copy_to_user((void *)ucur, &cur, sizeof cur, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_setitimer(int which, uint64_t unew, uint64_t uold)
{
    if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
        return -EINVAL;
    struct itimerval_linux nv = { { 0, 0 }, { 0, 0 } };
    if (unew && copy_from_user(&nv, (void *)unew, sizeof nv, MECH_SYSCALL_ARGS))
        return -EFAULT;
    uint64_t value, interval, old_value, old_interval;
    int r = read_timeval(&nv.value, &value);
    if (!r)
        r = read_timeval(&nv.interval, &interval);
    if (r)
        return r;
    if (which == ITIMER_REAL)
        itimer_set(current->group, value, interval, &old_value, &old_interval);
    else
        itimer_cpu_set(current->group, which - ITIMER_VIRTUAL, value, interval, &old_value,
                       &old_interval);
    struct itimerval_linux old = { to_timeval(old_interval), to_timeval(old_value) };
    if (uold && copy_to_user((void *)uold, &old, sizeof old, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

/* alarm(2): the seconds that were left, rounded as Linux rounds them. */
long sys_alarm(unsigned seconds)
{
    uint64_t old_value, old_interval;
    itimer_set(current->group, (uint64_t)seconds * NSEC_PER_SEC, 0, &old_value, &old_interval);
    struct timeval_linux left = to_timeval(old_value);
    long secs = (long)left.tv_sec;
    if ((!secs && left.tv_usec) || left.tv_usec >= 500000)
        secs++;
    return secs;
}

/* time(2): seconds since the epoch, also stored at tloc when it is not
   NULL (EFAULT if it cannot be). */
long sys_time(uint64_t tloc)
{
    int64_t now = (int64_t)(clock_realtime_ns() / 1000000000ull);
    if (tloc && copy_to_user((void *)tloc, &now, sizeof now, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return now;
}
