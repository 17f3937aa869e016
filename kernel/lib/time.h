/*
 * kernel/lib/time.h: the monotonic clock and the wall clock every layer reads.
 *
 * It counts the CPU's time-stamp counter, scaled to nanoseconds by the
 * rate the timer driver measured against the PIT at boot
 * (kernel/drivers/clock.c), which hands it over with time_start().
 */
#ifndef PAGELAB_LIB_TIME_H
#define PAGELAB_LIB_TIME_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

/* Starts the clock at 0 with the TSC running at hz cycles a second. */
void time_start(uint64_t hz);
/* Nanoseconds since time_start(); never goes backwards.  0 before it. */
uint64_t clock_monotonic_ns(void);
/* The measured TSC frequency in Hz (0 before time_start()). */
uint64_t tsc_hz(void);

/* Sets the wall clock: it is epoch_seconds (since 1970-01-01 UTC) now.
   The CMOS clock driver does it at boot (kernel/drivers/rtc.c). */
void time_set_realtime(int64_t epoch_seconds);
/* Nanoseconds since the epoch: the date set at boot plus the monotonic
   clock since.  CLOCK_REALTIME, file times. */
uint64_t clock_realtime_ns(void);

#endif
