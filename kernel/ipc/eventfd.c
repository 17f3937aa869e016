/*
 * kernel/ipc/eventfd.c: eventfd(2), a 64-bit counter behind a descriptor,
 * for one thread or process to wake another (and for poll/epoll to see).
 *
 *   write(8 bytes v)  adds v; waits (or EAGAIN) while the sum would pass
 *                     0xfffffffffffffffe; v = 2^64-1 is EINVAL
 *   read(8 bytes)     gives the counter and resets it to 0, or with
 *                     EFD_SEMAPHORE gives 1 and decrements it; waits (or
 *                     EAGAIN) while it is 0
 *   buffers under 8 bytes are EINVAL; poll: POLLIN when above 0, POLLOUT
 *   while a write of 1 would not wait
 *
 * Only 8 bytes of the caller's value move, counted under MECH_SYSCALL_ARGS.
 */
#include "kernel/ipc/eventfd.h"
#include "kernel/fs/anon_inode.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"

#define EVENTFD_MAX 0xfffffffffffffffeull

struct eventfd {
    struct inode inode; /* first: evict gets from it to the eventfd */
    uint64_t count;
    bool semaphore;
    struct waitqueue readable, writable;
};

static long eventfd_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct eventfd *e = f->private;
    if (n < sizeof(uint64_t))
        return -EINVAL;
    while (e->count == 0) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (wait_event_interruptible(&e->readable, e->count > 0))
            return -EINTR;
    }
    uint64_t v = e->semaphore ? 1 : e->count;
    struct iobuf b = *buf;
    b.mech = MECH_SYSCALL_ARGS;
    if (iobuf_copy_out(&b, 0, &v, sizeof v))
        return -EFAULT;
    e->count -= v;
    wake_up(&e->writable);
    return sizeof v;
}

static long eventfd_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct eventfd *e = f->private;
    uint64_t v;
    if (n < sizeof v)
        return -EINVAL;
    struct iobuf b = *buf;
    b.mech = MECH_SYSCALL_ARGS;
    if (iobuf_copy_in(&b, 0, &v, sizeof v))
        return -EFAULT;
    if (v == ~0ull)
        return -EINVAL;
    while (EVENTFD_MAX - e->count < v) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (wait_event_interruptible(&e->writable, EVENTFD_MAX - e->count >= v))
            return -EINTR;
    }
    e->count += v;
    if (v)
        wake_up(&e->readable);
    return sizeof v;
}

static uint32_t eventfd_poll(struct file *f, struct poll_table *pt)
{
    struct eventfd *e = f->private;
    poll_wait(pt, &e->readable);
    poll_wait(pt, &e->writable);
    uint32_t mask = 0;
    if (e->count > 0)
        mask |= POLLIN | POLLRDNORM;
    if (e->count < EVENTFD_MAX)
        mask |= POLLOUT | POLLWRNORM;
    return mask;
}

static const struct file_ops eventfd_fops = {
    .read = eventfd_read,
    .write = eventfd_write,
    .poll = eventfd_poll,
};

static const struct inode_ops eventfd_iops = {
    .evict = anon_inode_kfree, /* the inode is the eventfd's first member */
};

int eventfd_create(uint64_t initval, int flags, struct file **out)
{
    struct eventfd *e = kzalloc(sizeof *e);
    if (!e)
        return -ENOMEM;
    anon_inode_init(&e->inode, &eventfd_iops, &eventfd_fops);
    e->count = initval;
    e->semaphore = flags & EFD_SEMAPHORE;
    waitqueue_init(&e->readable);
    waitqueue_init(&e->writable);
    return anon_inode_file(&e->inode, flags, e, out);
}
