/*
 * kernel/drivers/pit.h: the 8254 programmable interval timer (1.193182 MHz).
 * Channel 0 drives IRQ 0 (the periodic tick); channel 2's output can be
 * read back through port 0x61, which makes it a stopwatch for calibrating
 * the TSC with interrupts off.
 */
#ifndef PAGELAB_DRIVERS_PIT_H
#define PAGELAB_DRIVERS_PIT_H

#include <stdint.h>

#define PIT_HZ 1193182u /* input clock of every channel */

/* Channel 0 as a rate generator raising IRQ 0 hz times a second. */
void pit_start_periodic(unsigned hz);

/* Counts down `counts` PIT cycles on channel 2 and returns the number of
   TSC cycles that passed meanwhile. */
uint64_t pit_measure_tsc(uint16_t counts);

#endif
