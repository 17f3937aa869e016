/*
 * kernel/arch/clock.h: time.
 *
 * The periodic tick is the PIT's channel 0 at TIMER_HZ on IRQ 0 (simple and
 * present on every PC and in QEMU; no LAPIC needed on one CPU).  Time of
 * day is not kept; clock_monotonic_ns() reads the TSC, whose frequency is
 * measured against the PIT at boot.
 */
#ifndef PAGELAB_ARCH_CLOCK_H
#define PAGELAB_ARCH_CLOCK_H

#include <stdint.h>

struct trap_frame;

#define TIMER_HZ   1000
#define TIMER_IRQ  0

/* Calibrates the TSC and starts the tick (interrupts stay off until kmain
   turns them on). */
void clock_init(void);

/* Nanoseconds since clock_init(); never goes backwards.  0 before it. */
uint64_t clock_monotonic_ns(void);
/* The measured TSC frequency in Hz. */
uint64_t tsc_hz(void);
/* Timer interrupts since clock_init(). */
uint64_t timer_ticks(void);

/* Called on every tick after the EOI, with interrupts off, with the frame
   of the interrupted code: the scheduler's preemption point. */
extern void (*timer_tick_hook)(struct trap_frame *tf);

#endif
