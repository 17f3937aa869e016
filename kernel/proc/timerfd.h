/* kernel/proc/timerfd.h: timerfd(2) timers behind descriptors (timerfd.c). */
#ifndef PAGELAB_PROC_TIMERFD_H
#define PAGELAB_PROC_TIMERFD_H

#include <stdbool.h>
#include <stdint.h>

struct file;

/* A new timerfd file (disarmed) on clock (CLOCK_REALTIME, _MONOTONIC or
   _BOOTTIME), O_NONBLOCK in flags honoured: 0 and *out, or -ENOMEM. */
int timerfd_create_file(int clock, int flags, struct file **out);
/* Is f a timerfd? */
bool timerfd_is(const struct file *f);
/* Arms (value_ns 0: disarms) f's timer: value is relative, or with
   absolute an instant of the timer's clock; the old setting's time left
   and interval into *old_value and *old_interval. */
void timerfd_arm(struct file *f, uint64_t value_ns, uint64_t interval_ns, bool absolute,
                 uint64_t *old_value, uint64_t *old_interval);
/* Time left until the next expiry (0: disarmed) and the interval. */
void timerfd_get(struct file *f, uint64_t *value_ns, uint64_t *interval_ns);

#endif
