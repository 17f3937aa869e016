/* kernel/proc/itimer.c: ITIMER_REAL, ITIMER_VIRTUAL and ITIMER_PROF (itimer.h). */
#include "kernel/proc/itimer.h"
#include "kernel/drivers/clock.h"
#include "kernel/hw/io.h"
#include "kernel/lib/time.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

/* The tick: one SIGALRM, however many periods passed since the last. */
static void real_expired(struct ktimer *t, uint64_t count)
{
    (void)count;
    struct thread_group *g = container_of(t, struct thread_group, real_timer);
    if (g->live > 0)
        signal_send(g->leader, SIGALRM);
}

void itimer_init(struct thread_group *g) { ktimer_init(&g->real_timer, real_expired); }

void itimer_disarm(struct thread_group *g) { ktimer_disarm(&g->real_timer); }

void itimer_get(struct thread_group *g, uint64_t *value, uint64_t *interval)
{
    uint64_t flags = irq_save();
    /* An armed timer about to fire still has time left: Linux reports at
       least one microsecond, never 0 (which would read as disarmed). */
    *value = ktimer_left(&g->real_timer, clock_monotonic_ns(), 1000);
    *interval = g->real_timer.interval_ns;
    irq_restore(flags);
}

void itimer_set(struct thread_group *g, uint64_t value_ns, uint64_t interval_ns,
                uint64_t *old_value, uint64_t *old_interval)
{
    uint64_t flags = irq_save();
    uint64_t v, i;
    itimer_get(g, &v, &i);
    if (old_value)
        *old_value = v;
    if (old_interval)
        *old_interval = i;
    ktimer_disarm(&g->real_timer);
    if (value_ns)
        ktimer_arm(&g->real_timer, clock_monotonic_ns() + value_ns, interval_ns);
    irq_restore(flags);
}

void itimer_cpu_get(struct thread_group *g, int which, uint64_t *value, uint64_t *interval)
{
    uint64_t flags = irq_save();
    *value = g->cpu_timer_left_ns[which];
    *interval = g->cpu_timer_interval_ns[which];
    irq_restore(flags);
}

void itimer_cpu_set(struct thread_group *g, int which, uint64_t value_ns, uint64_t interval_ns,
                    uint64_t *old_value, uint64_t *old_interval)
{
    uint64_t flags = irq_save();
    if (old_value)
        *old_value = g->cpu_timer_left_ns[which];
    if (old_interval)
        *old_interval = g->cpu_timer_interval_ns[which];
    g->cpu_timer_left_ns[which] = value_ns;
    g->cpu_timer_interval_ns[which] = value_ns ? interval_ns : 0;
    irq_restore(flags);
}

void itimer_cpu_tick(struct thread_group *g, bool user)
{
    static const int sigs[2] = { SIGVTALRM, SIGPROF };
    const uint64_t tick_ns = 1000000000ull / TIMER_HZ;
    for (int w = 0; w < 2; w++) {
        uint64_t *left = &g->cpu_timer_left_ns[w];
        if (!*left || (w == 0 && !user))
            continue;
        if (*left > tick_ns) {
            *left -= tick_ns;
            continue;
        }
        *left = g->cpu_timer_interval_ns[w]; /* reloaded, or 0: disarmed */
        if (g->live > 0)
            signal_send(g->leader, sigs[w]);
    }
}
