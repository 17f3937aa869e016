/*
 * kernel/proc/ptimer.h: POSIX per-process timers (timer_create(2),
 * timer_settime(2), timer_getoverrun(2), timer_delete(2)).
 *
 * A process owns its timers (thread_group.h: every thread sees them, ids
 * count up from 0 as on Linux and are not reused); they go at execve and
 * when the process ends, and fork does not copy them.  A timer on a wall
 * clock is a ktimer on the monotonic clock (kernel/lib/ktimer.h;
 * CLOCK_REALTIME's absolute times are turned into a monotonic instant when
 * armed).  One on the process's or the creating thread's CPU-time clock
 * (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, kernel/proc/cpuclock.h)
 * is checked at every tick that finds a thread of the process running, so
 * it is as precise as the tick.  On expiry it
 * sends its signal (SIGEV_SIGNAL to the process, SIGEV_THREAD_ID to one of
 * its threads) with si_code SI_TIMER, the timer's id and sigev_value; while
 * that signal still waits to be taken, further expiries are not sent again
 * but counted in its si_overrun, which timer_getoverrun then reports once
 * the signal has been taken (signal_dequeue calls ptimer_signal_taken).
 *
 * The timers of a process and the real-time signals queued to it share its
 * RLIMIT_SIGPENDING (Linux charges each timer's signal against it when the
 * timer is made, and counts per user): past it, timer_create fails with
 * EAGAIN, and so does sigqueue.  A timer's own signal is always queued; while
 * it waits it counts against the limit too (once more than on Linux).
 *
 * Locking: interrupts off (one CPU); the calls below take care of it.
 */
#ifndef PAGELAB_PROC_PTIMER_H
#define PAGELAB_PROC_PTIMER_H

#include <stdbool.h>
#include <stdint.h>

struct thread_group;
struct ksiginfo;

#define SIGEV_SIGNAL    0 /* include/uapi/asm-generic/siginfo.h */
#define SIGEV_NONE      1
#define SIGEV_THREAD    2 /* done by libc with a thread; to the kernel, SIGEV_SIGNAL */
#define SIGEV_THREAD_ID 4

/* What a timer does on expiry (a struct sigevent, already copied in). */
struct ptimer_event {
    int notify; /* SIGEV_* */
    int signo;
    int tid; /* SIGEV_THREAD_ID: the thread */
    uint64_t value;
};

/* A new disarmed timer of g on clock (the caller checked it; for
   CLOCK_THREAD_CPUTIME_ID the running thread's clock) doing *ev
   (NULL: SIGALRM to the process with the timer's id as value): 0 and its
   id in *id; -EINVAL for a bad event (notify, signal, a thread not of g);
   -EAGAIN past the limit or out of memory. */
int ptimer_create(struct thread_group *g, int clock, const struct ptimer_event *ev, int *id);
/* Arms timer id (value_ns 0: disarms): value relative, or with absolute an
   instant of its clock; then every interval_ns.  The previous setting's
   time left and interval into *old_value, *old_interval.  0 or -EINVAL (no
   such timer). */
int ptimer_settime(struct thread_group *g, int id, bool absolute, uint64_t value_ns,
                   uint64_t interval_ns, uint64_t *old_value, uint64_t *old_interval);
int ptimer_gettime(struct thread_group *g, int id, uint64_t *value_ns, uint64_t *interval_ns);
/* The overrun of the last signal taken (>= 0), or -EINVAL. */
int ptimer_getoverrun(struct thread_group *g, int id);
int ptimer_delete(struct thread_group *g, int id);
/* execve and the end of the process: every timer of g goes. */
void ptimer_delete_all(struct thread_group *g);
/* A tick found a thread of g running: its CPU-time timers that are due
   expire (interrupts off). */
void ptimer_cpu_tick(struct thread_group *g);
/* A signal with si_code SI_TIMER was taken by a thread of g (interrupts
   off): its timer remembers the overrun it carried. */
void ptimer_signal_taken(struct thread_group *g, const struct ksiginfo *info);

#endif
