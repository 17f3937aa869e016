/*
 * kernel/proc/cpuclock.h: the CPU-time clocks of processes and threads
 * (clock_getcpuclockid(3), pthread_getcpuclockid(3), clock_gettime(2)):
 * CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID are the caller's;
 * a negative clock id names another's with Linux's encoding
 * (~pid << 3 | kind, bit 2 set for a thread; kind 0 user+system time,
 * 1 user time, 2 time on the CPU).
 */
#ifndef PAGELAB_PROC_CPUCLOCK_H
#define PAGELAB_PROC_CPUCLOCK_H

#include <stdint.h>

#define CPUCLOCK_PROCESS_SELF 2 /* CLOCK_PROCESS_CPUTIME_ID */
#define CPUCLOCK_THREAD_SELF  3 /* CLOCK_THREAD_CPUTIME_ID */

/* The clock's reading in nanoseconds: 0, or -EINVAL for a clock id that
   names nothing (a malformed id, a process that does not exist, a thread
   of another process). */
int cpuclock_read(int clockid, uint64_t *ns);

struct proc;
/* Time on the CPU of p's whole process (exited threads included), and of
   thread t alone: what CLOCK_PROCESS_CPUTIME_ID and _THREAD_ read. */
uint64_t cpuclock_process_ns(const struct proc *p);
uint64_t cpuclock_thread_ns(const struct proc *t);

#endif
