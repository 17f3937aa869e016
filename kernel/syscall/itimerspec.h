/*
 * kernel/syscall/itimerspec.h: Linux's struct itimerspec, in and out of
 * user memory, for the two timer families that take it (timerfd_settime,
 * timer_settime and their gettime calls).
 */
#ifndef PAGELAB_SYSCALL_ITIMERSPEC_H
#define PAGELAB_SYSCALL_ITIMERSPEC_H

#include <stdint.h>

struct itimerspec_linux {
    int64_t interval_sec, interval_nsec, value_sec, value_nsec;
};

/* Reads one in nanoseconds: -EFAULT, -EINVAL (a negative time, tv_nsec
   outside [0, 1e9)), or 0; a time past 2^64 ns (584 years) saturates. */
long itimerspec_get(uint64_t uspec, uint64_t *value, uint64_t *interval);
/* Writes one from nanoseconds: 0 or -EFAULT. */
long itimerspec_put(uint64_t uspec, uint64_t value, uint64_t interval);

#endif
