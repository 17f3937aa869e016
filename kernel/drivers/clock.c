/*
 * kernel/drivers/clock.c: the periodic tick, and measuring the TSC for the
 * monotonic clock (kernel/lib/time.h).
 *
 * Calibration: the PIT's channel 2 counts down a 10 ms interval a few
 * times while we read the TSC; the median run wins, so one run stretched by
 * the host (QEMU under TCG shares the CPU) does not skew the result.
 */
#include "kernel/drivers/clock.h"
#include "kernel/hw/io.h"
#include "kernel/drivers/pit.h"
#include "kernel/drivers/pic.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/time.h"

#define CALIBRATION_RUNS   5
#define CALIBRATION_MS     10
#define CALIBRATION_COUNTS (PIT_HZ * CALIBRATION_MS / 1000)

static volatile uint64_t ticks;

static void clock_tick(void *arg) { ticks++; }

static uint64_t median(uint64_t *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

static uint64_t calibrate_tsc(void)
{
    uint64_t runs[CALIBRATION_RUNS];
    for (int i = 0; i < CALIBRATION_RUNS; i++)
        runs[i] = pit_measure_tsc(CALIBRATION_COUNTS);
    /* cycles per run * (PIT_HZ / counts per run) */
    return median(runs, CALIBRATION_RUNS) * PIT_HZ / CALIBRATION_COUNTS;
}

void clock_init(void)
{
    uint64_t flags = irq_save();
    uint64_t hz = calibrate_tsc();
    if (hz == 0)
        panic("clock_init: the TSC does not advance");
    time_start(hz);
    irq_register(TIMER_IRQ, clock_tick, 0);
    pit_start_periodic(TIMER_HZ);
    irq_restore(flags);
    pr_info("clock: TSC %lu.%03lu MHz (measured against the PIT), tick %u Hz\n", hz / 1000000,
            hz / 1000 % 1000, TIMER_HZ);
}

uint64_t timer_ticks(void) { return ticks; }
