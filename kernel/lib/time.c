/* kernel/lib/time.c: the TSC as a nanosecond clock (time.h). */
#include "kernel/lib/time.h"
#include "kernel/hw/io.h"

static uint64_t measured_tsc_hz;
static uint64_t tsc_at_start;
/* ns = (tsc delta * ns_per_tsc_scaled) >> 32: a fixed-point factor avoids a
   128-bit division, which freestanding code has no library routine for. */
static uint64_t ns_per_tsc_scaled;
static uint64_t last_ns;
static uint64_t boot_epoch_seconds; /* the wall clock when the monotonic one read 0 */

void time_start(uint64_t hz)
{
    ns_per_tsc_scaled = (NSEC_PER_SEC << 32) / hz;
    tsc_at_start = rdtsc();
    measured_tsc_hz = hz;
}

uint64_t clock_monotonic_ns(void)
{
    if (!measured_tsc_hz)
        return 0;
    uint64_t delta = rdtsc() - tsc_at_start;
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

uint64_t tsc_hz(void) { return measured_tsc_hz; }

void time_set_realtime(int64_t epoch_seconds)
{
    int64_t boot = epoch_seconds - (int64_t)(clock_monotonic_ns() / NSEC_PER_SEC);
    boot_epoch_seconds = boot > 0 ? (uint64_t)boot : 0;
}

uint64_t clock_realtime_ns(void)
{
    return boot_epoch_seconds * NSEC_PER_SEC + clock_monotonic_ns();
}
