/*
 * kernel/ipc/pipe.c: pipes over a byte ring (pipe.h, pipe_ring.h).
 *
 * One CPU and no kernel preemption: the pipe's fields change only in
 * process context, between sleeps, so they need no lock; the sleeps
 * themselves use wait_event_interruptible, which checks its condition with
 * interrupts off so that no wake-up is lost.
 *
 * A pipe owns one inode (S_IFIFO, no links, one reference per open file);
 * the last file_put of either end drops the last reference and evict frees
 * the pipe and its ring.
 *
 * A FIFO (mkfifo, fifo(7)) is an S_IFIFO inode of a file system: opening it
 * attaches the file to that inode's pipe, made at the first open and freed
 * (with any unread bytes, as on Linux) when the last reader and writer
 * close.  Opening for reading waits for a writer and for writing waits for
 * a reader, unless O_NONBLOCK (a writer then gets ENXIO while no one
 * reads); O_RDWR never waits.
 */
#include "kernel/ipc/pipe.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/pipe_ring.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/lib/wait.h"
#include "libc/include/pagelab/ioctl_values.h" /* FIONREAD */

#define PIPEFS_DEV_ID 0x0d /* st_dev of pipes; any number no disk uses */

struct pipe {
    struct inode inode; /* first: evict gets from it to the pipe */
    struct pipe_ring ring;
    int readers, writers;      /* open files of each end */
    struct waitqueue readable; /* readers waiting for bytes or for the last writer to go */
    struct waitqueue writable; /* writers waiting for room or for the last reader to go */
    /* FIFOs only: the file system's inode, and opens of each end so far
       (a waiting open wakes when the other end's count moves). */
    struct inode *fifo;
    struct list_head fifo_link;
    uint64_t read_opens, write_opens;
    struct waitqueue opened;
};

static struct list_head fifos = LIST_HEAD_INIT(fifos);

static struct super_block pipefs;
static uint64_t next_ino = 1;

/* The caller's side of one transfer: its buffer and where this call began. */
struct pipe_caller {
    struct iobuf buf;
    size_t base;
};

static long copy_in(void *ctx, uint8_t *part, size_t off, size_t len)
{
    struct pipe_caller *c = ctx;
    return iobuf_copy_in(&c->buf, c->base + off, part, len);
}

static long copy_out(void *ctx, uint8_t *part, size_t off, size_t len)
{
    struct pipe_caller *c = ctx;
    return iobuf_copy_out(&c->buf, c->base + off, part, len);
}

static inline void wake_if_waiting(struct waitqueue *wq)
{
    if (!list_empty(&wq->entries))
        wake_up(wq);
}

static long pipe_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->private;
    if (n == 0)
        return 0;
    while (pipe_ring_used(&p->ring) == 0) {
        if (p->writers == 0)
            return 0;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        if (wait_event_interruptible(&p->readable, pipe_ring_used(&p->ring) || !p->writers))
            return -EINTR;
    }
    struct pipe_caller c = { *buf, 0 };
    c.buf.mech = MECH_PIPE;
    long k = pipe_ring_read(&p->ring, n, copy_out, &c);
    if (k > 0)
        wake_if_waiting(&p->writable);
    return k;
}

/* A write of at most PIPE_BUF bytes waits until all of it fits; a longer one
   moves what fits and waits for more room, until done. */
static long pipe_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->private;
    size_t need = n <= PIPE_BUF ? n : 1;
    size_t done = 0;
    while (done < n) {
        if (p->readers == 0)
            return done ? (long)done : -EPIPE; /* the syscall raises SIGPIPE */
        size_t room = pipe_ring_free(&p->ring);
        if (room < need) {
            if (f->flags & O_NONBLOCK)
                return done ? (long)done : -EAGAIN;
            if (wait_event_interruptible(&p->writable,
                                         pipe_ring_free(&p->ring) >= need || !p->readers))
                return done ? (long)done : -EINTR;
            continue;
        }
        size_t want = n - done < room ? n - done : room;
        struct pipe_caller c = { *buf, done };
        c.buf.mech = MECH_PIPE;
        long k = pipe_ring_write(&p->ring, want, copy_in, &c);
        if (k > 0) {
            done += (size_t)k;
            wake_if_waiting(&p->readable);
        }
        if (k < 0 || (size_t)k < want) /* a bad user pointer */
            return done ? (long)done : -EFAULT;
    }
    return (long)done;
}

static long pipe_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
    struct pipe *p = f->private;
    if (cmd != FIONREAD)
        return -ENOTTY;
    int avail = (int)pipe_ring_used(&p->ring);
    return copy_to_user((void *)arg, &avail, sizeof avail, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Linux's pipe_poll: the read end is readable with bytes in the ring and
   hung up once every writer is gone; the write end is writable when a
   PIPE_BUF write would not wait, and in error once every reader is gone.
   Each end waits on the queue its own readiness changes on. */
static uint32_t pipe_poll(struct file *f, struct poll_table *pt)
{
    struct pipe *p = f->private;
    uint32_t mask = 0;
    int acc = f->flags & O_ACCMODE;
    if (acc != O_WRONLY) {
        poll_wait(pt, &p->readable);
        if (pipe_ring_used(&p->ring))
            mask |= POLLIN | POLLRDNORM;
        if (!p->writers)
            mask |= POLLHUP;
    }
    if (acc != O_RDONLY) {
        poll_wait(pt, &p->writable);
        if (pipe_ring_free(&p->ring) >= PIPE_BUF)
            mask |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            mask |= POLLERR;
    }
    return mask;
}

static void fifo_free_if_unused(struct pipe *p)
{
    if (!p->fifo || p->readers || p->writers || !list_empty(&p->opened.entries))
        return;
    list_del(&p->fifo_link);
    kfree(p->ring.buf);
    kfree(p);
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->private;
    int acc = f->flags & O_ACCMODE;
    if (acc != O_WRONLY) {
        p->readers--;
        wake_if_waiting(&p->writable); /* writers now get EPIPE */
    }
    if (acc != O_RDONLY) {
        p->writers--;
        wake_if_waiting(&p->readable); /* readers now see end of file */
    }
    fifo_free_if_unused(p);
}

static int fifo_open(struct inode *ino, struct file *f);

static const struct file_ops fifo_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
    .open = fifo_open,
};

static const struct file_ops pipe_fops = {
    .read = pipe_read,
    .write = pipe_write,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
};

static void pipe_evict(struct inode *ino)
{
    struct pipe *p = (struct pipe *)ino;
    kfree(p->ring.buf);
    kfree(p);
}

static const struct inode_ops pipe_iops = {
    .evict = pipe_evict,
};

int pipe_create(int flags, struct file **rd, struct file **wr)
{
    struct pipe *p = kzalloc(sizeof *p);
    uint8_t *ring = kmalloc(PIPE_CAPACITY);
    if (!p || !ring) {
        kfree(p);
        kfree(ring);
        return -ENOMEM;
    }
    inode_init(&p->inode, &pipefs, next_ino++);
    p->inode.mode = S_IFIFO | 0600;
    p->inode.atime = p->inode.mtime = p->inode.ctime = vfs_now();
    p->inode.iops = &pipe_iops;
    p->inode.fops = &pipe_fops;
    pipe_ring_init(&p->ring, ring, PIPE_CAPACITY);
    waitqueue_init(&p->readable);
    waitqueue_init(&p->writable);
    int nonblock = flags & O_NONBLOCK;
    *rd = file_alloc(&p->inode, O_RDONLY | nonblock, &pipe_fops);
    if (!*rd) {
        pipe_evict(&p->inode);
        return -ENOMEM;
    }
    (*rd)->private = p;
    p->readers = 1;
    inode_get(&p->inode); /* the write end's reference */
    *wr = file_alloc(&p->inode, O_WRONLY | nonblock, &pipe_fops);
    if (!*wr) {
        p->inode.refcount--;
        file_put(*rd);
        return -ENOMEM;
    }
    (*wr)->private = p;
    p->writers = 1;
    return 0;
}

static struct pipe *fifo_pipe(struct inode *ino)
{
    struct list_head *l;
    list_for_each(l, &fifos)
    {
        struct pipe *p = list_entry(l, struct pipe, fifo_link);
        if (p->fifo == ino)
            return p;
    }
    struct pipe *p = kzalloc(sizeof *p);
    uint8_t *ring = kmalloc(PIPE_CAPACITY);
    if (!p || !ring) {
        kfree(p);
        kfree(ring);
        return NULL;
    }
    pipe_ring_init(&p->ring, ring, PIPE_CAPACITY);
    waitqueue_init(&p->readable);
    waitqueue_init(&p->writable);
    waitqueue_init(&p->opened);
    p->fifo = ino;
    list_add_tail(&p->fifo_link, &fifos);
    return p;
}

/* Waits until the other end has been opened (count moves) or is open. */
static int fifo_wait_other(struct pipe *p, const int *open_now, const uint64_t *opens)
{
    uint64_t seen = *opens;
    return wait_event_interruptible(&p->opened, *open_now > 0 || *opens != seen) ? -EINTR : 0;
}

static int fifo_open(struct inode *ino, struct file *f)
{
    struct pipe *p = fifo_pipe(ino);
    if (!p)
        return -ENOMEM;
    f->private = p;
    bool nonblock = f->flags & O_NONBLOCK;
    int r = 0;
    switch (f->flags & O_ACCMODE) {
    case O_RDONLY:
        p->readers++;
        p->read_opens++;
        wake_up(&p->opened);
        if (!nonblock && (r = fifo_wait_other(p, &p->writers, &p->write_opens)))
            p->readers--;
        break;
    case O_WRONLY:
        if (nonblock && !p->readers) {
            r = -ENXIO; /* fifo(7): no reader yet */
            break;
        }
        p->writers++;
        p->write_opens++;
        wake_up(&p->opened);
        if (!nonblock && (r = fifo_wait_other(p, &p->readers, &p->read_opens)))
            p->writers--;
        break;
    default: /* O_RDWR: both ends at once, never waits (Linux) */
        p->readers++;
        p->writers++;
        p->read_opens++;
        p->write_opens++;
        wake_up(&p->opened);
        break;
    }
    if (r) {
        wake_if_waiting(&p->readable);
        wake_if_waiting(&p->writable);
        fifo_free_if_unused(p);
    }
    return r;
}

void pipe_init(void)
{
    fifo_register(&fifo_ops);
    super_init(&pipefs, NULL, "pipefs");
    pipefs.dev_id = PIPEFS_DEV_ID;
}
