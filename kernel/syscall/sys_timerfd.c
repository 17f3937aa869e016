/*
 * kernel/syscall/sys_timerfd.c: timerfd_create, timerfd_settime and
 * timerfd_gettime (kernel/proc/timerfd.c keeps the timers), with Linux's
 * errors: an unknown clock or flag EINVAL, a descriptor that is no timerfd
 * EINVAL, tv_nsec outside [0, 1e9) or a negative time EINVAL, EFAULT.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/syscall/itimerspec.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/timerfd.h"
#include "libc/include/pagelab/clock_values.h"

#define TFD_TIMER_ABSTIME       1 /* include/uapi/linux/timerfd.h */
#define TFD_TIMER_CANCEL_ON_SET 2 /* accepted: pagelab's real-time clock is never set */

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

long sys_timerfd_settime(int fd, int flags, uint64_t unew, uint64_t uold)
{
    /* Linux's order: the new value, its checks, then the descriptor. */
    uint64_t value, interval;
    long r = itimerspec_get(unew, &value, &interval);
    if (r)
        return r;
    if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
        return -EINVAL;
    struct file *f;
    if ((r = timer_file(fd, &f)))
        return r;
    uint64_t old_value, old_interval;
    timerfd_arm(f, value, interval, flags & TFD_TIMER_ABSTIME, &old_value, &old_interval);
    return uold ? itimerspec_put(uold, old_value, old_interval) : 0;
}

long sys_timerfd_gettime(int fd, uint64_t ucur)
{
    struct file *f;
    long r = timer_file(fd, &f);
    if (r)
        return r;
    uint64_t value, interval;
    timerfd_get(f, &value, &interval);
    return itimerspec_put(ucur, value, interval);
}
