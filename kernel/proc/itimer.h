/*
 * kernel/proc/itimer.h: the interval timers of a process.  The real-time one
 * (setitimer(2) ITIMER_REAL, alarm(2)): SIGALRM to the process when its
 * deadline on the monotonic clock passes, then again every interval.
 * It is a ktimer (kernel/lib/ktimer.h), so it is as precise as the tick
 * (TIMER_HZ); periods missed meanwhile make one signal.  One per process (thread_group.h), disarmed when
 * the process ends; fork does not inherit it, execve keeps it (as Linux).
 */
#ifndef PAGELAB_PROC_ITIMER_H
#define PAGELAB_PROC_ITIMER_H

#include <stdbool.h>
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
/* A new process's timer, disarmed. */
void itimer_init(struct thread_group *g);

/* The CPU-time timers (ITIMER_VIRTUAL: which 0, counts the process's user
   time, SIGVTALRM; ITIMER_PROF: which 1, user and system time, SIGPROF),
   counted down by the tick that finds a task of g running, so as precise
   as the tick.  Same conventions as itimer_set/itimer_get. */
void itimer_cpu_set(struct thread_group *g, int which, uint64_t value_ns, uint64_t interval_ns,
                    uint64_t *old_value, uint64_t *old_interval);
void itimer_cpu_get(struct thread_group *g, int which, uint64_t *value, uint64_t *interval);
/* A tick spent running a task of g, in user mode or not. */
void itimer_cpu_tick(struct thread_group *g, bool user);

#endif
