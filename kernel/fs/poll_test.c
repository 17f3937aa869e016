/* In-kernel tests of one task waiting on many queues (poll.c). */
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/time.h"

static struct waitqueue queue_a = WAITQUEUE_INIT(queue_a);
static struct waitqueue queue_b = WAITQUEUE_INIT(queue_b);
static uint32_t events_now;

/* A file that names two queues, as a socket does. */
static uint32_t two_queue_poll(struct file *f, struct poll_table *pt)
{
    poll_wait(pt, &queue_a);
    poll_wait(pt, &queue_b);
    return events_now;
}

static const struct file_ops two_queue_ops = { .poll = two_queue_poll };

KTEST(poll_waiter_registers_once_and_any_queue_wakes_it)
{
    struct file *f = file_alloc(NULL, O_RDWR, &two_queue_ops);
    KASSERT(f != NULL);
    events_now = 0;
    struct poll_waiter pw;
    poll_waiter_init(&pw);
    KEXPECT(poll_waiter_poll(&pw, f) == 0);
    KEXPECT(!list_empty(&queue_a.entries) && !list_empty(&queue_b.entries));
    KEXPECT(f->refcount == 3); /* each entry holds the file */
    KEXPECT(!pw.triggered);
    wake_up(&queue_b);
    KEXPECT(pw.triggered);
    /* Triggered before the sleep: it must not sleep at all. */
    uint64_t t0 = clock_monotonic_ns();
    KEXPECT(poll_waiter_sleep(&pw, t0 + NSEC_PER_SEC) == 0);
    KEXPECT(clock_monotonic_ns() - t0 < NSEC_PER_SEC / 10);
    /* Later passes ask without registering again. */
    events_now = POLLIN;
    KEXPECT(poll_waiter_poll(&pw, f) == POLLIN && f->refcount == 3);
    poll_waiter_done(&pw);
    KEXPECT(list_empty(&queue_a.entries) && list_empty(&queue_b.entries));
    KEXPECT(f->refcount == 1);
    file_put(f);
}

KTEST(poll_waiter_sleep_ends_at_the_deadline)
{
    struct poll_waiter pw;
    poll_waiter_init(&pw);
    uint64_t t0 = clock_monotonic_ns();
    KEXPECT(poll_waiter_sleep(&pw, t0 + 20 * 1000 * 1000) == -ETIMEDOUT);
    KEXPECT(clock_monotonic_ns() - t0 >= 20 * 1000 * 1000);
    poll_waiter_done(&pw);
}
