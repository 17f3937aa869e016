/*
 * kernel/syscall/sys_timerfd.c: timerfd_create, timerfd_settime and
 * timerfd_gettime (kernel/proc/timerfd.c keeps the timers), with Linux's
 * errors: an unknown clock or flag EINVAL, a descriptor that is no timerfd
 * EINVAL, tv_nsec outside [0, 1e9) or a negative time EINVAL, EFAULT.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/timerfd.h"

#define CLOCK_REALTIME          0 /* include/uapi/linux/time.h */
#define CLOCK_MONOTONIC         1
#define CLOCK_BOOTTIME          7
#define TFD_TIMER_ABSTIME       1 /* include/uapi/linux/timerfd.h */
#define TFD_TIMER_CANCEL_ON_SET 2 /* accepted: pagelab's real-time clock is never set */
#define NSEC_PER_SEC            1000000000ull

struct itimerspec_linux {
    int64_t interval_sec, interval_nsec, value_sec, value_nsec;
};

long sys_timerfd_create(int clock, int flags)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME)
        return -EINVAL;
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    struct file *f;
    int r = timerfd_create_file(clock, flags, &f);
    if (r)
        return r;
    return syscall_fd_install(f, 0, flags & O_CLOEXEC);
}

static long timer_file(int fd, struct file **out)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (!timerfd_is(f))
        return -EINVAL;
    *out = f;
    return 0;
}

static long put_spec(uint64_t uspec, uint64_t value, uint64_t interval)
{
    struct itimerspec_linux s = { (int64_t)(interval / NSEC_PER_SEC),
                                  (int64_t)(interval % NSEC_PER_SEC),
                                  (int64_t)(value / NSEC_PER_SEC),
                                  (int64_t)(value % NSEC_PER_SEC) };
    return copy_to_user((void *)uspec, &s, sizeof s, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static bool valid(int64_t sec, int64_t nsec)
{
    return sec >= 0 && nsec >= 0 && nsec < (int64_t)NSEC_PER_SEC;
}

long sys_timerfd_settime(int fd, int flags, uint64_t unew, uint64_t uold)
{
    /* Linux's order: the new value, its checks, then the descriptor. */
    struct itimerspec_linux s;
    if (copy_from_user(&s, (const void *)unew, sizeof s, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) ||
        !valid(s.interval_sec, s.interval_nsec) || !valid(s.value_sec, s.value_nsec))
        return -EINVAL;
    struct file *f;
    long r = timer_file(fd, &f);
    if (r)
        return r;
    uint64_t value = (uint64_t)s.value_sec * NSEC_PER_SEC + (uint64_t)s.value_nsec;
    uint64_t interval = (uint64_t)s.interval_sec * NSEC_PER_SEC + (uint64_t)s.interval_nsec;
    uint64_t old_value, old_interval;
    timerfd_arm(f, value, interval, flags & TFD_TIMER_ABSTIME, &old_value, &old_interval);
    return uold ? put_spec(uold, old_value, old_interval) : 0;
}

long sys_timerfd_gettime(int fd, uint64_t ucur)
{
    struct file *f;
    long r = timer_file(fd, &f);
    if (r)
        return r;
    uint64_t value, interval;
    timerfd_get(f, &value, &interval);
    return put_spec(ucur, value, interval);
}
