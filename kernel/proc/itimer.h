/*
 * kernel/proc/itimer.h: the real-time interval timer of a process
 * (setitimer(2) ITIMER_REAL, alarm(2)): SIGALRM to the process when its
 * deadline on the monotonic clock passes, then again every interval.
 * The scheduler's tick fires it (kernel/proc/sched.c), so it is as precise
 * as the tick (TIMER_HZ).  One per process (thread_group.h), disarmed when
 * the process ends; fork does not inherit it, execve keeps it (as Linux).
 */
#ifndef PAGELAB_PROC_ITIMER_H
#define PAGELAB_PROC_ITIMER_H

#include <stdint.h>

struct thread_group;

/* Arms (value_ns > 0: first expiry that far from now) or disarms (0) g's
   timer; the time left and the interval before go to *old_value and
   *old_interval (0 when it was disarmed). */
void itimer_set(struct thread_group *g, uint64_t value_ns, uint64_t interval_ns,
                uint64_t *old_value, uint64_t *old_interval);
/* The time left (0: disarmed) and the interval. */
void itimer_get(struct thread_group *g, uint64_t *value, uint64_t *interval);
void itimer_disarm(struct thread_group *g);
/* Sends SIGALRM for every timer whose deadline has passed (each tick). */
void itimer_tick(uint64_t now_ns);

#endif
