/* kernel/drivers/clock_test.c: the tick and the TSC clock, with interrupts on. */
#include "kernel/drivers/clock.h"
#include "kernel/hw/io.h"
#include "kernel/drivers/pic.h"
#include "kernel/lib/ktest.h"

#define NS_PER_TICK (1000000000ull / TIMER_HZ)

static bool interrupts_on(void)
{
    uint64_t f;
    __asm__ volatile("pushfq; popq %0" : "=r"(f));
    return f & RFLAGS_IF;
}

/* Sleeps (hlt) until n more ticks have come, or max_ns have passed on the
   TSC clock; returns the ticks seen. */
static uint64_t wait_ticks(uint64_t n, uint64_t max_ns)
{
    uint64_t t0 = timer_ticks(), deadline = clock_monotonic_ns() + max_ns;
    while (timer_ticks() - t0 < n && clock_monotonic_ns() < deadline)
        cpu_halt();
    return timer_ticks() - t0;
}

KTEST(timer_ticks_advance_while_interrupts_are_on)
{
    KASSERT(interrupts_on());
    unsigned long irqs = irq_count(TIMER_IRQ);
    KEXPECT(wait_ticks(10, 2000000000ull) >= 10);
    KEXPECT(irq_count(TIMER_IRQ) - irqs >= 10);
}

KTEST(clock_monotonic_ns_never_goes_backwards)
{
    uint64_t prev = clock_monotonic_ns();
    for (int i = 0; i < 100000; i++) {
        uint64_t now = clock_monotonic_ns();
        KASSERT(now >= prev);
        prev = now;
    }
    KEXPECT(prev > 0);
}

/* 100 ticks are 100 ms.  TCG on a busy host drops ticks (QEMU does not
   replay a period it was late for), which makes the TSC see more time per
   tick, never less: the upper bound is loose, the lower one tight.  A
   miscalibrated TSC or a PIT at the wrong rate still fails. */
KTEST(clock_monotonic_ns_roughly_matches_the_tick)
{
    wait_ticks(1, 1000000000ull); /* start on a tick edge */
    uint64_t ns0 = clock_monotonic_ns();
    uint64_t ticks = wait_ticks(100, 2000000000ull);
    uint64_t ns = clock_monotonic_ns() - ns0;
    KASSERT(ticks >= 100);
    KEXPECT(ns >= ticks * NS_PER_TICK / 2);
    KEXPECT(ns <= ticks * NS_PER_TICK * 4);
}

KTEST(tsc_frequency_is_calibrated_to_a_plausible_value)
{
    KEXPECT(tsc_hz() >= 100000000ull);   /* 100 MHz */
    KEXPECT(tsc_hz() <= 20000000000ull); /* 20 GHz */
}
