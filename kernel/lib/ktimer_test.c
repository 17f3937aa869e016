/* In-kernel tests of kernel/lib/ktimer.c: the expiry arithmetic, driven by
   calling ktimer_tick with chosen instants (the real tick may also run,
   but every deadline here is far from the clock's present or past). */
#include "kernel/lib/ktest.h"
#include "kernel/lib/ktimer.h"
#include "kernel/lib/time.h"

static uint64_t fired, last_count;
static void count_expiries(struct ktimer *t, uint64_t count)
{
    (void)t;
    fired++;
    last_count = count;
}

#define FAR_NS (1000ull * NSEC_PER_SEC) /* far past any test boot's clock */

KTEST(ktimer_one_shot_expires_once_and_disarms)
{
    struct ktimer t;
    ktimer_init(&t, count_expiries);
    fired = 0;
    ktimer_arm(&t, FAR_NS, 0);
    ktimer_tick(FAR_NS - 1);
    KEXPECT(fired == 0);
    ktimer_tick(FAR_NS);
    KEXPECT(fired == 1 && last_count == 1);
    KEXPECT(!ktimer_armed(&t));
    ktimer_tick(FAR_NS * 2);
    KEXPECT(fired == 1);
}

KTEST(ktimer_periodic_counts_the_periods_a_late_tick_missed)
{
    struct ktimer t;
    ktimer_init(&t, count_expiries);
    fired = 0;
    ktimer_arm(&t, FAR_NS, 10);
    ktimer_tick(FAR_NS + 35); /* expiries at +0, +10, +20, +30 */
    KEXPECT(fired == 1 && last_count == 4);
    KEXPECT(t.deadline_ns == FAR_NS + 40);
    KEXPECT(ktimer_left(&t, FAR_NS + 35, 1) == 5);
    ktimer_disarm(&t);
    KEXPECT(!ktimer_armed(&t) && ktimer_left(&t, FAR_NS, 1) == 0);
}

KTEST(ktimer_deadline_already_past_expires_in_arm)
{
    struct ktimer t;
    ktimer_init(&t, count_expiries);
    fired = 0;
    ktimer_arm(&t, 1, 0); /* the clock is past 1 ns since boot */
    KEXPECT(fired == 1 && !ktimer_armed(&t));
}

KTEST(ktimer_period_past_the_end_of_time_never_comes_back)
{
    struct ktimer t;
    ktimer_init(&t, count_expiries);
    fired = 0;
    ktimer_arm(&t, FAR_NS, UINT64_MAX - 5);
    ktimer_tick(FAR_NS);
    KEXPECT(fired == 1 && t.deadline_ns == UINT64_MAX);
    ktimer_disarm(&t);
}
