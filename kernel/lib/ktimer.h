/*
 * kernel/lib/ktimer.h: the one timer machinery of the kernel.  A ktimer has
 * a deadline on the monotonic clock and an optional period; the scheduler's
 * tick (kernel/proc/sched.c) calls ktimer_tick(), which runs the expiry
 * callback of every timer whose deadline has passed, so timers are as
 * precise as the tick (TIMER_HZ).
 *
 * Users: setitimer/alarm's ITIMER_REAL (kernel/proc/itimer.c), timerfds
 * (kernel/proc/timerfd.c), POSIX per-process timers (kernel/proc/ptimer.c).
 *
 * A periodic timer that missed several periods (a slow tick under TCG, a
 * deadline armed in the past) expires once with the number of periods that
 * passed: timerfd adds them to its count, POSIX timers to the overrun.
 *
 * Locking: interrupts off (the tick runs in the timer interrupt); every
 * call below takes care of it.  The callback runs with interrupts off, the
 * timer already moved to its next period (or disarmed), and may re-arm or
 * disarm it.
 */
#ifndef PAGELAB_LIB_KTIMER_H
#define PAGELAB_LIB_KTIMER_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/lib/list.h"

struct ktimer;
/* count: the expiries since the last call (at least 1). */
typedef void (*ktimer_fn)(struct ktimer *t, uint64_t count);

struct ktimer {
    uint64_t deadline_ns;  /* monotonic; 0: disarmed */
    uint64_t interval_ns;  /* 0: one-shot */
    struct list_head link; /* on the armed list while deadline_ns != 0 */
    ktimer_fn expired;
};

void ktimer_init(struct ktimer *t, ktimer_fn expired);
/* Arms t for the monotonic instant deadline_ns (0 is taken as 1; UINT64_MAX
   never comes), then every interval_ns (0: once).  A deadline already past expires now, in
   the caller's context (the callback runs before ktimer_arm returns). */
void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, uint64_t interval_ns);
void ktimer_disarm(struct ktimer *t);
static inline bool ktimer_armed(const struct ktimer *t) { return t->deadline_ns != 0; }
/* Time left before the next expiry at monotonic time now: 0 when disarmed,
   at least min_ns when armed (so that "armed" never reads as 0). */
uint64_t ktimer_left(const struct ktimer *t, uint64_t now, uint64_t min_ns);
/* Every timer tick: runs the callbacks of the timers due at now_ns. */
void ktimer_tick(uint64_t now_ns);

#endif
