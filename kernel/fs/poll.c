/*
 * kernel/fs/poll.c: one task waiting on many wait queues (poll.h).
 *
 * Each entry's wake function marks the waiter triggered before waking the
 * task, so a wake-up that comes after a file said "not ready" but before
 * the task sleeps is seen: the sleep does not start.  The flag is read and
 * cleared with interrupts off (a terminal wakes its queue from its
 * interrupt handler).
 */
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"

#define PAGE_ENTRIES 84 /* (4096 - header) / sizeof(struct poll_entry): one 4 KiB block */

struct poll_entry_page {
    struct poll_entry_page *next;
    int used;
    struct poll_entry entries[PAGE_ENTRIES];
};
_Static_assert(sizeof(struct poll_entry_page) <= 4096, "a page of poll entries fits 4 KiB");

static void poll_waiter_wake(struct wait_entry *e)
{
    struct poll_waiter *pw = e->private;
    pw->triggered = true;
    sched_wake(pw->task);
}

static struct poll_entry *new_entry(struct poll_waiter *pw)
{
    if (pw->used < POLL_INLINE_ENTRIES)
        return &pw->inline_entries[pw->used++];
    struct poll_entry_page *pg = pw->pages;
    if (!pg || pg->used == PAGE_ENTRIES) {
        pg = kmalloc(sizeof *pg);
        if (!pg)
            return NULL;
        pg->used = 0;
        pg->next = pw->pages;
        pw->pages = pg;
    }
    return &pg->entries[pg->used++];
}

static void poll_waiter_queue(struct poll_table *pt, struct waitqueue *wq)
{
    struct poll_waiter *pw = (struct poll_waiter *)pt; /* table is the first member */
    struct poll_entry *pe = new_entry(pw);
    if (!pe) {
        pw->error = -ENOMEM;
        return;
    }
    wait_entry_init(&pe->wait, poll_waiter_wake, pw);
    pe->file = pw->polling;
    file_get(pe->file);
    waitqueue_add(wq, &pe->wait);
}

void poll_waiter_init(struct poll_waiter *pw)
{
    pw->table.queue = poll_waiter_queue;
    pw->task = sched_current_task();
    pw->polling = NULL;
    pw->triggered = false;
    pw->error = 0;
    pw->used = 0;
    pw->pages = NULL;
}

uint32_t poll_waiter_poll(struct poll_waiter *pw, struct file *f)
{
    pw->polling = f;
    uint32_t mask = vfs_poll(f, &pw->table);
    pw->polling = NULL;
    return mask;
}

int poll_waiter_sleep(struct poll_waiter *pw, uint64_t deadline_ns)
{
    pw->table.queue = NULL;
    int r = 0;
    uint64_t flags = irq_save();
    while (!pw->triggered) {
        if (sched_signal_pending()) {
            r = -EINTR;
            break;
        }
        if (deadline_ns && clock_monotonic_ns() >= deadline_ns) {
            r = -ETIMEDOUT;
            break;
        }
        sched_block(deadline_ns);
    }
    pw->triggered = false;
    irq_restore(flags);
    return r;
}

static void entry_done(struct poll_entry *pe)
{
    waitqueue_remove(&pe->wait);
    file_put(pe->file);
}

void poll_waiter_done(struct poll_waiter *pw)
{
    for (int i = 0; i < pw->used; i++)
        entry_done(&pw->inline_entries[i]);
    while (pw->pages) {
        struct poll_entry_page *pg = pw->pages;
        for (int i = 0; i < pg->used; i++)
            entry_done(&pg->entries[i]);
        pw->pages = pg->next;
        kfree(pg);
    }
    pw->used = 0;
}
