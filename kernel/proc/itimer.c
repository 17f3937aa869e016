/* kernel/proc/itimer.c: ITIMER_REAL (itimer.h). */
#include "kernel/proc/itimer.h"
#include "kernel/hw/io.h"
#include "kernel/lib/time.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

/* Processes whose timer is armed. */
static struct list_head armed = LIST_HEAD_INIT(armed);

void itimer_disarm(struct thread_group *g)
{
    uint64_t flags = irq_save();
    g->real_deadline_ns = 0;
    g->real_interval_ns = 0;
    list_del(&g->timer_link);
    irq_restore(flags);
}

void itimer_get(struct thread_group *g, uint64_t *value, uint64_t *interval)
{
    uint64_t now = clock_monotonic_ns();
    /* An armed timer about to fire still has time left: Linux reports at
       least one microsecond, never 0 (which would read as disarmed). */
    *value = !g->real_deadline_ns               ? 0
             : g->real_deadline_ns > now + 1000 ? g->real_deadline_ns - now
                                                : 1000;
    *interval = g->real_interval_ns;
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
    itimer_disarm(g);
    if (value_ns) {
        g->real_deadline_ns = clock_monotonic_ns() + value_ns;
        g->real_interval_ns = interval_ns;
        list_add_tail(&g->timer_link, &armed);
    }
    irq_restore(flags);
}

void itimer_tick(uint64_t now_ns)
{
    struct list_head *l, *tmp;
    list_for_each_safe(l, tmp, &armed)
    {
        struct thread_group *g = list_entry(l, struct thread_group, timer_link);
        if (g->real_deadline_ns > now_ns)
            continue;
        if (g->real_interval_ns) {
            g->real_deadline_ns += g->real_interval_ns;
            if (g->real_deadline_ns <= now_ns) /* missed ticks: one signal */
                g->real_deadline_ns = now_ns + g->real_interval_ns;
        } else {
            itimer_disarm(g);
        }
        if (g->live > 0)
            signal_send(g->leader, SIGALRM);
    }
}
