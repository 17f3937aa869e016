/*
 * kernel/proc/timerfd.c: timerfd_create(2) timers.  A timer keeps its next
 * expiry on the monotonic clock (a CLOCK_REALTIME absolute time is turned
 * into one when armed) and counts expiries; it is a ktimer
 * (kernel/lib/ktimer.h), so expiries are seen with the tick's resolution.
 *
 *   read(8 bytes)   the number of expiries since the last read (then 0);
 *                   waits (or EAGAIN) while there were none; under 8: EINVAL
 *   poll            POLLIN when at least one expiry is waiting
 *
 * As on Linux, a periodic timer that missed several periods counts them
 * all at once.
 */
#include "kernel/proc/timerfd.h"
#include "kernel/fs/anon_inode.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/vfs.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktimer.h"
#include "kernel/lib/list.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/time.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"
#include "libc/include/pagelab/clock_values.h"

struct timerfd {
    struct inode inode; /* first: evict gets from it to the timer */
    int clock;
    struct ktimer timer;
    uint64_t expirations; /* since the last read */
    struct waitqueue readable;
};

static struct timerfd *timer_of(struct file *f) { return f->private; }

/* The tick (interrupts off): count expiries were missed or are due. */
static void timerfd_expired(struct ktimer *kt, uint64_t count)
{
    struct timerfd *t = container_of(kt, struct timerfd, timer);
    t->expirations += count;
    wake_up(&t->readable);
}

static long timerfd_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct timerfd *t = timer_of(f);
    if (n < sizeof(uint64_t))
        return -EINVAL;
    while (t->expirations == 0) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (wait_event_interruptible(&t->readable, t->expirations > 0))
            return -EINTR;
    }
    uint64_t flags = irq_save();
    uint64_t v = t->expirations;
    t->expirations = 0;
    irq_restore(flags);
    struct iobuf b = *buf;
    b.mech = MECH_SYSCALL_ARGS;
    if (iobuf_copy_out(&b, 0, &v, sizeof v)) {
        flags = irq_save();
        t->expirations += v; /* not delivered: still waiting */
        irq_restore(flags);
        return -EFAULT;
    }
    return sizeof v;
}

static uint32_t timerfd_poll(struct file *f, struct poll_table *pt)
{
    struct timerfd *t = timer_of(f);
    poll_wait(pt, &t->readable);
    return t->expirations ? POLLIN | POLLRDNORM : 0;
}

static void timerfd_release(struct file *f) { ktimer_disarm(&timer_of(f)->timer); }

static const struct file_ops timerfd_fops = {
    .read = timerfd_read,
    .poll = timerfd_poll,
    .release = timerfd_release,
};

static const struct inode_ops timerfd_iops = {
    .evict = anon_inode_kfree, /* the inode is the timerfd's first member */
};

bool timerfd_is(const struct file *f) { return f->fops == &timerfd_fops; }

int timerfd_create_file(int clock, int flags, struct file **out)
{
    struct timerfd *t = kzalloc(sizeof *t);
    if (!t)
        return -ENOMEM;
    anon_inode_init(&t->inode, &timerfd_iops, &timerfd_fops);
    t->clock = clock;
    waitqueue_init(&t->readable);
    ktimer_init(&t->timer, timerfd_expired);
    return anon_inode_file(&t->inode, flags, t, out);
}

void timerfd_get(struct file *f, uint64_t *value_ns, uint64_t *interval_ns)
{
    struct timerfd *t = timer_of(f);
    uint64_t flags = irq_save();
    *value_ns = ktimer_left(&t->timer, clock_monotonic_ns(), 1);
    *interval_ns = t->timer.interval_ns;
    irq_restore(flags);
}

void timerfd_arm(struct file *f, uint64_t value_ns, uint64_t interval_ns, bool absolute,
                 uint64_t *old_value, uint64_t *old_interval)
{
    struct timerfd *t = timer_of(f);
    uint64_t flags = irq_save();
    uint64_t now = clock_monotonic_ns();
    *old_value = ktimer_left(&t->timer, now, 1);
    *old_interval = t->timer.interval_ns;
    ktimer_disarm(&t->timer);
    t->expirations = 0; /* settime forgets the expiries not read (Linux) */
    if (value_ns) {
        uint64_t at = now + value_ns;
        if (absolute) {
            uint64_t clock_now = t->clock == CLOCK_REALTIME ? clock_realtime_ns() : now;
            at = value_ns > clock_now ? now + (value_ns - clock_now) : now;
        }
        ktimer_arm(&t->timer, at, interval_ns); /* a time already past expires now */
    }
    irq_restore(flags);
}
