/*
 * kernel/drivers/clock.h: the timer.
 *
 * The periodic tick is the PIT's channel 0 at TIMER_HZ on IRQ 0 (simple and
 * present on every PC and in QEMU; no LAPIC needed on one CPU).  The
 * monotonic clock (kernel/lib/time.h) reads the TSC, whose frequency
 * clock_init() measures against the PIT.  The entry code calls the
 * scheduler after each tick (kernel/entry/trap.c).
 */
#ifndef PAGELAB_DRIVERS_CLOCK_H
#define PAGELAB_DRIVERS_CLOCK_H

#include <stdint.h>
#include "kernel/lib/time.h"

#define TIMER_HZ  1000
#define TIMER_IRQ 0

/* Calibrates the TSC, starts the monotonic clock and the tick (interrupts
   stay off until the init sequence turns them on). */
void clock_init(void);

/* Timer interrupts since clock_init(). */
uint64_t timer_ticks(void);

#endif
