/* kernel/syscall/itimerspec.c: struct itimerspec in and out (itimerspec.h). */
#include "kernel/syscall/itimerspec.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"

static bool valid(int64_t sec, int64_t nsec)
{
    return sec >= 0 && nsec >= 0 && nsec < (int64_t)NSEC_PER_SEC;
}

static uint64_t to_ns(int64_t sec, int64_t nsec)
{
    uint64_t ns;
    if (__builtin_mul_overflow((uint64_t)sec, NSEC_PER_SEC, &ns) ||
        __builtin_add_overflow(ns, (uint64_t)nsec, &ns))
        return UINT64_MAX;
    return ns;
}

long itimerspec_get(uint64_t uspec, uint64_t *value, uint64_t *interval)
{
    struct itimerspec_linux s;
    if (copy_from_user(&s, (const void *)uspec, sizeof s, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (!valid(s.interval_sec, s.interval_nsec) || !valid(s.value_sec, s.value_nsec))
        return -EINVAL;
    *value = to_ns(s.value_sec, s.value_nsec);
    *interval = to_ns(s.interval_sec, s.interval_nsec);
    return 0;
}

long itimerspec_put(uint64_t uspec, uint64_t value, uint64_t interval)
{
    struct itimerspec_linux s = { (int64_t)(interval / NSEC_PER_SEC),
                                  (int64_t)(interval % NSEC_PER_SEC),
                                  (int64_t)(value / NSEC_PER_SEC),
                                  (int64_t)(value % NSEC_PER_SEC) };
    return copy_to_user((void *)uspec, &s, sizeof s, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}
