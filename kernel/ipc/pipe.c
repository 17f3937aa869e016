/*
 * kernel/ipc/pipe.c: pipes over a ring of page buffers (pipe.h,
 * pipe_buf.h, pipe_internal.h).
 *
 * One CPU and no kernel preemption: the pipe's fields change only in
 * process context, between sleeps, so they need no lock; the sleeps
 * themselves use wait_event_interruptible, which checks its condition with
 * interrupts off so that no wake-up is lost.
 *
 * A pipe owns one inode (S_IFIFO, no links, one reference per open file);
 * the last file_put of either end drops the last reference and evict
 * releases every buffer (and so every page reference) and frees the pipe.
 * Pages for written bytes are allocated as they are needed, one per slot,
 * and one drained page is kept for the next write.
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
#include "kernel/fs/permission.h"
#include "kernel/ipc/pipe_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/task.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/lib/wait.h"
#include "libc/include/pagelab/ioctl_values.h" /* FIONREAD */

#define PIPEFS_DEV_ID 0x0d /* st_dev of pipes; any number no disk uses */

static struct list_head fifos = LIST_HEAD_INIT(fifos); /* the pipes of open FIFOs */

static struct super_block pipefs;
static uint64_t next_ino = 1;

static void page_buf_get(struct pipe_buf *b) { page_get(b->page); }
static void page_buf_release(struct pipe_buf *b) { page_put(b->page); }
const struct pipe_buf_ops pipe_page_ops = { page_buf_get, page_buf_release };

void pipe_buf_of_page(struct pipe_buf *b, struct page *p, uint32_t off, uint32_t len,
                      uint32_t flags)
{
    page_get(p);
    *b = (struct pipe_buf){ page_to_virt(p), p, off, len, flags, &pipe_page_ops };
}

static int pipe_new_page(void *ctx, struct pipe_buf *b)
{
    struct page *p = frame_alloc();
    if (!p)
        return -ENOMEM;
    b->page = p;
    b->data = page_to_virt(p);
    b->ops = &pipe_page_ops;
    return 0;
}

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

void pipe_lock(struct pipe *p)
{
    wait_event(&p->unlocked, !p->locked);
    p->locked = true;
}

void pipe_unlock(struct pipe *p)
{
    p->locked = false;
    wake_if_waiting(&p->unlocked);
}

void pipe_wake_readers(struct pipe *p) { wake_if_waiting(&p->readable); }
void pipe_wake_writers(struct pipe *p) { wake_if_waiting(&p->writable); }

static long pipe_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->private;
    if (n == 0)
        return 0;
    for (;;) {
        while (pipe_bufs_empty(&p->bufs)) {
            if (p->writers == 0)
                return 0;
            if (f->flags & O_NONBLOCK)
                return -EAGAIN;
            if (wait_event_interruptible(&p->readable, !pipe_bufs_empty(&p->bufs) || !p->writers))
                return -EINTR;
        }
        pipe_lock(p);
        if (!pipe_bufs_empty(&p->bufs))
            break;
        pipe_unlock(p); /* another reader got there first */
    }
    /* The one copy a read must make, from whatever page each buffer is:
       one the pipe filled, the file's own page-cache page, a process's. */
    struct pipe_caller c = { *buf, 0 };
    c.buf.mech = MECH_PIPE;
    long k = pipe_bufs_read(&p->bufs, n, copy_out, &c);
    pipe_unlock(p);
    if (k > 0)
        pipe_wake_writers(p);
    return k;
}

/* A write of at most PIPE_BUF bytes waits until all of it fits in one
   buffer; a longer one moves what fits and waits for more room, until done. */
static long pipe_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct pipe *p = f->private;
    /* lab pipe: write */
    bool atomic = n <= PIPE_BUF;
    size_t done = 0;
    while (done < n) {
        if (p->readers == 0)
            return done ? (long)done : -EPIPE; /* the syscall raises SIGPIPE */
        if (!pipe_bufs_fits(&p->bufs, n - done, atomic)) {
            if (f->flags & O_NONBLOCK)
                return done ? (long)done : -EAGAIN;
            if (wait_event_interruptible(&p->writable,
                                         pipe_bufs_fits(&p->bufs, n - done, atomic) || !p->readers))
                return done ? (long)done : -EINTR;
            continue;
        }
        struct pipe_caller c = { *buf, done };
        c.buf.mech = MECH_PIPE;
        pipe_lock(p);
        long k = pipe_bufs_write(&p->bufs, n - done, atomic, copy_in, &c);
        pipe_unlock(p);
        if (k > 0) {
            done += (size_t)k;
            pipe_wake_readers(p);
        }
        if (k < 0) /* a bad user pointer, or no memory for a page */
            return done ? (long)done : k;
    }
    return (long)done;
    /* lab end */
}

/* O_DIRECT ("packet mode", pipe(2)): the write is cut into packets of at
   most PIPE_BUF bytes, a buffer each, that no later write appends to; a
   read takes at most one packet and drops what it did not take of it
   (pipe_bufs_read).  Waiting, EPIPE and EAGAIN as pipe_write. */
static long pipe_write_packets(struct file *f, struct iobuf *buf, size_t n)
{
    struct pipe *p = f->private;
    size_t done = 0;
    while (done < n) {
        if (p->readers == 0)
            return done ? (long)done : -EPIPE;
        if (pipe_bufs_full(&p->bufs)) {
            if (f->flags & O_NONBLOCK)
                return done ? (long)done : -EAGAIN;
            if (wait_event_interruptible(&p->writable, !pipe_bufs_full(&p->bufs) || !p->readers))
                return done ? (long)done : -EINTR;
            continue;
        }
        size_t k = n - done < PIPE_BUF ? n - done : PIPE_BUF;
        struct pipe_caller c = { *buf, done };
        c.buf.mech = MECH_PIPE;
        pipe_lock(p);
        long r = pipe_bufs_write_packet(&p->bufs, k, copy_in, &c);
        pipe_unlock(p);
        if (r < 0)
            return done ? (long)done : r;
        if (r > 0) {
            done += (size_t)r;
            pipe_wake_readers(p);
        }
    }
    return (long)done;
}

/* The writer's O_DIRECT (pipe2 or F_SETFL) chooses packets. */
static long pipe_write_file(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    return (f->flags & O_DIRECT) ? pipe_write_packets(f, buf, n) : pipe_write(f, buf, n, pos);
}

/* Linux's round_pipe_size: at least a page, a power of two, 0 (invalid)
   above 2 GiB. */
static uint64_t round_pipe_size(unsigned int arg)
{
    if (arg > (1u << 31))
        return 0;
    uint64_t size = PAGE_SIZE;
    while (size < arg)
        size <<= 1;
    return size;
}

/* F_SETPIPE_SZ: the ring gets size / PAGE_SIZE slots (the default 16 live
   in the pipe itself, others in a kmalloc'd array); fewer slots than are
   in use is EBUSY; growing past pipe-max-size needs root
   (CAP_SYS_RESOURCE).  Returns the new size. */
static long pipe_set_size(struct pipe *p, unsigned int arg)
{
    uint64_t size = round_pipe_size(arg);
    uint32_t n = (uint32_t)(size / PAGE_SIZE);
    if (n == 0)
        return -EINVAL;
    if (n > p->bufs.nslots && size > PIPE_MAX_SIZE && task_euid() != 0)
        return -EPERM;
    if (n == p->bufs.nslots)
        return (long)size;
    struct pipe_buf *slots = n == PIPE_SLOTS ? p->slots : kmalloc(sizeof *slots * n);
    if (!slots)
        return -ENOMEM;
    pipe_lock(p); /* no transfer is half-way through the ring */
    struct pipe_buf *old = p->bufs.slot;
    bool moved = pipe_bufs_move(&p->bufs, slots, n);
    pipe_unlock(p);
    struct pipe_buf *unused = moved ? old : slots;
    if (unused != p->slots)
        kfree(unused);
    if (!moved)
        return -EBUSY;
    pipe_wake_writers(p); /* a writer may fit now */
    return (long)size;
}

long pipe_fcntl(struct file *f, int cmd, unsigned long arg)
{
    struct pipe *p = pipe_of(f);
    if (!p)
        return -EBADF;
    if (cmd == F_GETPIPE_SZ)
        return (long)p->bufs.nslots * PAGE_SIZE;
    return pipe_set_size(p, (unsigned int)arg);
}

bool pipe_file_is(struct file *f) { return pipe_of(f) != NULL; }

/* The ring's slots, when F_SETPIPE_SZ gave it an array of its own. */
static void free_slots(struct pipe *p)
{
    if (p->bufs.slot != p->slots)
        kfree(p->bufs.slot);
}

static long pipe_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
    struct pipe *p = f->private;
    if (cmd != FIONREAD)
        return -ENOTTY;
    int avail = (int)p->bufs.bytes;
    return copy_to_user((void *)arg, &avail, sizeof avail, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Linux's pipe_poll: the read end is readable with bytes in the pipe and
   hung up once every writer is gone; the write end is writable while a
   slot is free (a PIPE_BUF write would not wait), and in error once every
   reader is gone.
   Each end waits on the queue its own readiness changes on. */
static uint32_t pipe_poll(struct file *f, struct poll_table *pt)
{
    struct pipe *p = f->private;
    uint32_t mask = 0;
    int acc = f->flags & O_ACCMODE;
    if (acc != O_WRONLY) {
        poll_wait(pt, &p->readable);
        if (!pipe_bufs_empty(&p->bufs))
            mask |= POLLIN | POLLRDNORM;
        if (!p->writers)
            mask |= POLLHUP;
    }
    if (acc != O_RDONLY) {
        poll_wait(pt, &p->writable);
        if (!pipe_bufs_full(&p->bufs))
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
    pipe_bufs_release_all(&p->bufs);
    free_slots(p);
    kfree(p);
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->private;
    int acc = f->flags & O_ACCMODE;
    if (acc != O_WRONLY) {
        p->readers--;
        pipe_wake_writers(p); /* writers now get EPIPE */
    }
    if (acc != O_RDONLY) {
        p->writers--;
        pipe_wake_readers(p); /* readers now see end of file */
    }
    fifo_free_if_unused(p);
}

static int fifo_open(struct inode *ino, struct file *f);

static const struct file_ops fifo_ops = {
    .read = pipe_read,
    .write = pipe_write_file,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
    .open = fifo_open,
};

static const struct file_ops pipe_fops = {
    .read = pipe_read,
    .write = pipe_write_file,
    .ioctl = pipe_ioctl,
    .poll = pipe_poll,
    .release = pipe_release,
};

static void pipe_evict(struct inode *ino)
{
    struct pipe *p = (struct pipe *)ino;
    pipe_bufs_release_all(&p->bufs);
    free_slots(p);
    kfree(p);
}

/* A pipe's end or an open FIFO: both splice the same way. */
struct pipe *pipe_of(struct file *f)
{
    return f && (f->fops == &pipe_fops || f->fops == &fifo_ops) ? f->private : NULL;
}

static const struct inode_ops pipe_iops = {
    .evict = pipe_evict,
};

int pipe_create(int flags, struct file **rd, struct file **wr)
{
    struct pipe *p = kzalloc(sizeof *p);
    if (!p)
        return -ENOMEM;
    inode_init(&p->inode, &pipefs, next_ino++);
    p->inode.mode = S_IFIFO | 0600;
    inode_init_owner(&p->inode, NULL); /* fstat shows the creator, as Linux's pipefs */
    p->inode.atime = p->inode.mtime = p->inode.ctime = vfs_now();
    p->inode.iops = &pipe_iops;
    p->inode.fops = &pipe_fops;
    pipe_bufs_init(&p->bufs, p->slots, PIPE_SLOTS, PAGE_SIZE, pipe_new_page, p);
    waitqueue_init(&p->readable);
    waitqueue_init(&p->writable);
    waitqueue_init(&p->unlocked);
    int nonblock = flags & O_NONBLOCK;
    *rd = file_alloc(&p->inode, O_RDONLY | nonblock, &pipe_fops);
    if (!*rd) {
        pipe_evict(&p->inode);
        return -ENOMEM;
    }
    (*rd)->private = p;
    p->readers = 1;
    inode_get(&p->inode); /* the write end's reference */
    *wr = file_alloc(&p->inode, O_WRONLY | nonblock | (flags & O_DIRECT), &pipe_fops);
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
    if (!p)
        return NULL;
    pipe_bufs_init(&p->bufs, p->slots, PIPE_SLOTS, PAGE_SIZE, pipe_new_page, p);
    waitqueue_init(&p->readable);
    waitqueue_init(&p->writable);
    waitqueue_init(&p->unlocked);
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
