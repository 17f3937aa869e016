/*
 * kernel/lib/wait.c: wait queues (wait.h).  Entries are added, removed and
 * walked with interrupts off: wake_up() runs in interrupt handlers too.
 */
#include "kernel/lib/wait.h"
#include "kernel/lib/printk.h"

void wait_entry_init(struct wait_entry *e, wake_fn wake, void *private)
{
    list_init(&e->link);
    e->task = sched_current_task();
    e->wake = wake;
    e->private = private;
}

void waitqueue_add(struct waitqueue *wq, struct wait_entry *e)
{
    uint64_t flags = irq_save();
    list_add_tail(&e->link, &wq->entries);
    irq_restore(flags);
}

void waitqueue_remove(struct wait_entry *e)
{
    uint64_t flags = irq_save();
    list_del(&e->link);
    list_init(&e->link);
    irq_restore(flags);
}

void wake_up(struct waitqueue *wq)
{
    uint64_t flags = irq_save();
    struct list_head *l, *tmp;
    /* Safe walk: a wake function may remove its own entry. */
    list_for_each_safe(l, tmp, &wq->entries)
    {
        struct wait_entry *e = list_entry(l, struct wait_entry, link);
        if (e->wake)
            e->wake(e);
        else
            sched_wake(e->task);
    }
    irq_restore(flags);
}

void waitqueue_sleep_irqoff(struct waitqueue *wq, uint64_t deadline_ns)
{
    struct wait_entry e;
    wait_entry_init(&e, NULL, NULL);
    if (!e.task)
        panic("waitqueue_sleep_irqoff: no task to put to sleep (caller %p)",
              __builtin_return_address(0));
    list_add_tail(&e.link, &wq->entries);
    sched_block(deadline_ns);
    list_del(&e.link);
}
