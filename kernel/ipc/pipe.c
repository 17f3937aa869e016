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
 */
#include "kernel/ipc/pipe.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/pipe_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/lib/wait.h"
#include "libc/include/pagelab/ioctl_values.h" /* FIONREAD */

#define PIPEFS_DEV_ID 0x0d /* st_dev of pipes; any number no disk uses */

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
    if ((f->flags & O_ACCMODE) == O_RDONLY) {
        poll_wait(pt, &p->readable);
        if (!pipe_bufs_empty(&p->bufs))
            mask |= POLLIN | POLLRDNORM;
        if (!p->writers)
            mask |= POLLHUP;
    } else {
        poll_wait(pt, &p->writable);
        if (!pipe_bufs_full(&p->bufs))
            mask |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            mask |= POLLERR;
    }
    return mask;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->private;
    if ((f->flags & O_ACCMODE) == O_RDONLY) {
        p->readers--;
        pipe_wake_writers(p); /* writers now get EPIPE */
    } else {
        p->writers--;
        pipe_wake_readers(p); /* readers now see end of file */
    }
}

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
    pipe_bufs_release_all(&p->bufs);
    kfree(p);
}

struct pipe *pipe_of(struct file *f) { return f && f->fops == &pipe_fops ? f->private : NULL; }

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

void pipe_init(void)
{
    super_init(&pipefs, NULL, "pipefs");
    pipefs.dev_id = PIPEFS_DEV_ID;
}
