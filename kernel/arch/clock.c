/*
 * kernel/arch/clock.c: the tick counter and the TSC clock.
 *
 * Calibration: the PIT's channel 2 counts down a 10 ms interval a few
 * times while we read the TSC; the median run wins, so one run stretched by
 * the host (QEMU under TCG shares the CPU) does not skew the result.
 */
#include "kernel/arch/clock.h"
#include "kernel/arch/io.h"
#include "kernel/arch/pit.h"
#include "kernel/arch/trap.h"
#include "kernel/lib/printk.h"

#define CALIBRATION_RUNS  5
#define CALIBRATION_MS    10
#define CALIBRATION_COUNTS (PIT_HZ * CALIBRATION_MS / 1000)

void (*timer_tick_hook)(struct trap_frame *tf);

static volatile uint64_t ticks;
static uint64_t measured_tsc_hz;
static uint64_t tsc_at_init;
/* ns = (tsc delta * ns_per_tsc_scaled) >> 32: a fixed-point factor avoids a
   128-bit division, which freestanding code has no library routine for. */
static uint64_t ns_per_tsc_scaled;
static uint64_t last_ns;

static void clock_tick(void *arg)
{
    ticks++;
}

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
    measured_tsc_hz = calibrate_tsc();
    if (measured_tsc_hz == 0)
        panic("clock_init: the TSC does not advance");
    ns_per_tsc_scaled = (1000000000ull << 32) / measured_tsc_hz;
    tsc_at_init = rdtsc();
    irq_register(TIMER_IRQ, clock_tick, 0);
    pit_start_periodic(TIMER_HZ);
    irq_restore(flags);
    printk("clock: TSC %lu.%03lu MHz (measured against the PIT), tick %u Hz\n",
           measured_tsc_hz / 1000000, measured_tsc_hz / 1000 % 1000, TIMER_HZ);
}

uint64_t clock_monotonic_ns(void)
{
    if (!measured_tsc_hz)
        return 0;
    uint64_t delta = rdtsc() - tsc_at_init;
    uint64_t ns = (uint64_t)(((unsigned __int128)delta * ns_per_tsc_scaled) >> 32);
    /* A TSC that is not synchronised with itself cannot exist on one CPU,
       but a hypervisor may step it back: never let callers see that. */
    uint64_t flags = irq_save();
    if (ns < last_ns)
        ns = last_ns;
    last_ns = ns;
    irq_restore(flags);
    return ns;
}

uint64_t tsc_hz(void)
{
    return measured_tsc_hz;
}

uint64_t timer_ticks(void)
{
    return ticks;
}
