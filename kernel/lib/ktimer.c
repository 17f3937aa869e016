/* kernel/lib/ktimer.c: deadlines checked at every tick (ktimer.h). */
#include "kernel/lib/ktimer.h"
#include "kernel/hw/io.h"
#include "kernel/lib/time.h"

/* The armed timers, in no order: there are few, and the tick visits each. */
static struct list_head armed = LIST_HEAD_INIT(armed);

void ktimer_init(struct ktimer *t, ktimer_fn expired)
{
    t->deadline_ns = 0;
    t->interval_ns = 0;
    list_init(&t->link);
    t->expired = expired;
}

void ktimer_disarm(struct ktimer *t)
{
    uint64_t flags = irq_save();
    if (t->deadline_ns)
        list_del(&t->link);
    t->deadline_ns = 0;
    t->interval_ns = 0;
    irq_restore(flags);
}

/* t is due at now: moves it to its next period (or disarms it) first, so
   that the callback sees the timer as it will be, and may re-arm it. */
static void expire(struct ktimer *t, uint64_t now)
{
    uint64_t count = 1;
    if (t->interval_ns) {
        count += (now - t->deadline_ns) / t->interval_ns;
        uint64_t step, next;
        /* A period so long that the next expiry is past the end of time:
           it never comes. */
        if (__builtin_mul_overflow(count, t->interval_ns, &step) ||
            __builtin_add_overflow(t->deadline_ns, step, &next))
            next = UINT64_MAX;
        t->deadline_ns = next;
    } else {
        ktimer_disarm(t);
    }
    t->expired(t, count);
}

void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, uint64_t interval_ns)
{
    uint64_t flags = irq_save();
    ktimer_disarm(t);
    t->deadline_ns = deadline_ns ? deadline_ns : 1;
    t->interval_ns = interval_ns;
    list_add_tail(&t->link, &armed);
    uint64_t now = clock_monotonic_ns();
    if (t->deadline_ns <= now)
        expire(t, now);
    irq_restore(flags);
}

uint64_t ktimer_left(const struct ktimer *t, uint64_t now, uint64_t min_ns)
{
    if (!t->deadline_ns)
        return 0;
    return t->deadline_ns > now + min_ns ? t->deadline_ns - now : min_ns;
}

void ktimer_tick(uint64_t now_ns)
{
    struct list_head *l, *tmp;
    list_for_each_safe(l, tmp, &armed)
    {
        struct ktimer *t = list_entry(l, struct ktimer, link);
        if (t->deadline_ns <= now_ns)
            expire(t, now_ns);
    }
}
