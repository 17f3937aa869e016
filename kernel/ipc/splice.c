/*
 * kernel/ipc/splice.c: splice, tee, vmsplice, sendfile and copy_file_range
 * over the pipe's page buffers (splice.h, pipe_buf.h).
 *
 * The glue between pipes (ipc/) and files (fs/): it lives here because a
 * file system must not know pipes, while ipc/ may use the VFS.  A file
 * gives its pages through its splice_read (fs/file_splice.c); the pipe
 * takes a reference on each, so nothing is copied; the one copy happens
 * where the bytes must land somewhere else: a file's page (its write), a
 * socket's buffer, a process's memory.  Those copies go through the iobuf
 * helpers with MECH_SPLICE, so the copy ledger counts them.
 */
#include "kernel/ipc/splice.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/pipe_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/vm.h"

bool splice_is_pipe(struct file *f) { return pipe_of(f) != NULL; }

static bool nonblocking(struct file *f, unsigned flags)
{
    return (flags & SPLICE_F_NONBLOCK) || (f->flags & O_NONBLOCK);
}

/* Waits until the pipe has a free slot: 0, -EPIPE (no reader left),
   -EAGAIN or -EINTR.  Linux's wait_for_space. */
static int wait_for_room(struct pipe *p, bool nonblock)
{
    for (;;) {
        if (!p->readers)
            return -EPIPE;
        if (!pipe_bufs_full(&p->bufs))
            return 0;
        if (nonblock)
            return -EAGAIN;
        if (wait_event_interruptible(&p->writable, !pipe_bufs_full(&p->bufs) || !p->readers))
            return -EINTR;
    }
}

/* Waits until the pipe has data: 1, 0 (empty and no writer left: end of
   file), -EAGAIN or -EINTR. */
static int wait_for_data(struct pipe *p, bool nonblock)
{
    for (;;) {
        if (!pipe_bufs_empty(&p->bufs))
            return 1;
        if (!p->writers)
            return 0;
        if (nonblock)
            return -EAGAIN;
        if (wait_event_interruptible(&p->readable, !pipe_bufs_empty(&p->bufs) || !p->writers))
            return -EINTR;
    }
}

/* wait_for_room, then the pipe locked with a free slot still there (another
   writer may have taken it meanwhile: then wait again).  0 or -errno. */
static int lock_for_room(struct pipe *p, bool nonblock)
{
    for (;;) {
        int err = wait_for_room(p, nonblock);
        if (err)
            return err;
        pipe_lock(p);
        if (!p->readers) {
            pipe_unlock(p);
            return -EPIPE;
        }
        if (!pipe_bufs_full(&p->bufs))
            return 0;
        pipe_unlock(p);
    }
}

/* wait_for_data, then the pipe locked with data still in it: 1 (locked),
   0 (end of file) or -errno (not locked). */
static int lock_for_data(struct pipe *p, bool nonblock)
{
    for (;;) {
        int ready = wait_for_data(p, nonblock);
        if (ready <= 0)
            return ready;
        pipe_lock(p);
        if (!pipe_bufs_empty(&p->bufs))
            return 1;
        pipe_unlock(p); /* another reader got there first */
    }
}

/* ---- file -> buffers ---------------------------------------------------- */

/* splice_read's receiver: a reference on the file's page goes into a free
   slot (a hole: a zeroed page of the pipe's own). */
static int take_page(void *ctx, struct page *pg, uint32_t off, uint32_t len)
{
    struct pipe_bufs *pb = ctx;
    if (pipe_bufs_full(pb))
        return -EAGAIN;
    struct pipe_buf b;
    if (pg) {
        pipe_buf_of_page(&b, pg, off, len, PIPE_BUF_CACHE);
    } else {
        struct page *z = frame_alloc_zeroed();
        if (!z)
            return -ENOMEM;
        pipe_buf_of_page(&b, z, 0, len, PIPE_BUF_MERGE);
        page_put(z); /* the buffer's reference is the only one */
    }
    pipe_bufs_push(pb, &b);
    return 0;
}

/* A file without splice_read (a socket, a terminal, a /proc file): its
   read fills pages of the pipe's own, one copy (Linux's copy_splice_read). */
static long read_into_pages(struct pipe_bufs *pb, struct file *in, uint64_t *pos, size_t len)
{
    size_t done = 0;
    long ret = 0;
    while (done < len && !pipe_bufs_full(pb)) {
        struct page *pg = frame_alloc();
        if (!pg) {
            ret = -ENOMEM;
            break;
        }
        size_t want = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
        struct iobuf io = { page_to_virt(pg), false, MECH_SPLICE, NULL, 0 };
        long k = in->fops->read(in, &io, want, pos);
        if (k > 0) {
            struct pipe_buf b;
            pipe_buf_of_page(&b, pg, 0, (uint32_t)k, PIPE_BUF_MERGE);
            pipe_bufs_push(pb, &b);
            done += (size_t)k;
        }
        page_put(pg);
        if (k <= 0) {
            ret = k;
            break;
        }
        if ((size_t)k < want)
            break; /* what there was: never wait twice */
    }
    return done ? (long)done : ret;
}

/* At most len bytes of in into pb's free slots. */
static long fill_from_file(struct pipe_bufs *pb, struct file *in, uint64_t *pos, size_t len)
{
    size_t room = (size_t)pipe_bufs_free(pb) * PAGE_SIZE;
    if (len > room)
        len = room;
    if (len == 0)
        return 0;
    if (S_ISDIR(in->inode->mode) || !in->fops || pipe_of(in))
        return -EINVAL; /* a pipe has no splice_read (Linux): splice moves pipes' buffers */
    if (in->fops->splice_read) {
        long k = in->fops->splice_read(in, pos, len, take_page, pb);
        return k == -EAGAIN ? 0 : k;
    }
    if (!in->fops->read)
        return -EINVAL;
    return read_into_pages(pb, in, pos, len);
}

long splice_file_to_pipe(struct file *in, uint64_t *pos, struct file *out, size_t len,
                         unsigned flags)
{
    struct pipe *p = pipe_of(out);
    int err = lock_for_room(p, nonblocking(out, flags));
    if (err)
        return err;
    long k = fill_from_file(&p->bufs, in, pos, len);
    pipe_unlock(p);
    if (k > 0)
        pipe_wake_readers(p);
    return k;
}

/* ---- buffers -> file ---------------------------------------------------- */

/* Writes n bytes of buffer b to out at *pos: the one copy of a splice out
   (into the file's page, or the socket's buffer).  Bytes written or -errno. */
static long write_buf(struct file *out, const struct pipe_buf *b, size_t n, uint64_t *pos)
{
    struct iobuf io = { b->data + b->off, false, MECH_SPLICE, NULL, 0 };
    return out->fops->write(out, &io, n, pos);
}

long splice_pipe_to_file(struct file *in, struct file *out, uint64_t *pos, size_t len,
                         unsigned flags)
{
    struct pipe *p = pipe_of(in);
    if (!out->fops || !out->fops->write)
        return -EINVAL;
    int ready = lock_for_data(p, nonblocking(in, flags));
    if (ready <= 0)
        return ready;
    size_t done = 0;
    long ret = 0;
    while (done < len && !pipe_bufs_empty(&p->bufs)) {
        struct pipe_buf *b = pipe_bufs_at(&p->bufs, 0);
        size_t n = b->len < len - done ? b->len : len - done;
        long k = write_buf(out, b, n, pos);
        if (k <= 0) {
            ret = k;
            break;
        }
        pipe_bufs_consume(&p->bufs, (size_t)k);
        done += (size_t)k;
        if ((size_t)k < n)
            break;
    }
    pipe_unlock(p);
    if (done)
        pipe_wake_writers(p);
    return done ? (long)done : ret;
}

/* ---- pipe -> pipe -------------------------------------------------------- */

/* Both pipes locked, in address order, so that two tasks splicing between
   the same two pipes in opposite directions cannot each hold one and wait
   for the other (Linux's pipe_double_lock). */
static void lock_two(struct pipe *a, struct pipe *b)
{
    pipe_lock(a < b ? a : b);
    pipe_lock(a < b ? b : a);
}

static void unlock_two(struct pipe *a, struct pipe *b)
{
    pipe_unlock(a);
    pipe_unlock(b);
}

/* Waits until in has data and out has room (Linux's ipipe_prep and
   opipe_prep), then locks both, still so: 1 (locked), 0 (in is empty for
   good), or -errno.  The buffers may be in the middle of a transfer that
   sleeps (a splice to a file, a read faulting on its user buffer), which
   holds the pipe's lock: moving buffers under it would pull them from
   beneath that transfer. */
static int lock_pipes(struct pipe *ip, struct pipe *op, bool nonblock)
{
    for (;;) {
        int ready = wait_for_data(ip, nonblock);
        if (ready <= 0)
            return ready;
        int err = wait_for_room(op, nonblock);
        if (err)
            return err;
        lock_two(ip, op);
        if (!op->readers) {
            unlock_two(ip, op);
            return -EPIPE;
        }
        if (!pipe_bufs_empty(&ip->bufs) && !pipe_bufs_full(&op->bufs))
            return 1;
        unlock_two(ip, op);
    }
}

long splice_pipe_to_pipe(struct file *in, struct file *out, size_t len, unsigned flags)
{
    struct pipe *ip = pipe_of(in), *op = pipe_of(out);
    bool nonblock = nonblocking(in, flags) || nonblocking(out, flags);
    int ready = lock_pipes(ip, op, nonblock);
    if (ready <= 0)
        return ready;
    /* Only references move. */
    size_t done = 0;
    while (done < len && !pipe_bufs_empty(&ip->bufs) && !pipe_bufs_full(&op->bufs)) {
        struct pipe_buf b;
        done += pipe_bufs_take(&ip->bufs, len - done, &b);
        pipe_bufs_push(&op->bufs, &b);
    }
    unlock_two(ip, op);
    pipe_wake_writers(ip);
    pipe_wake_readers(op);
    return (long)done;
}

long splice_tee(struct file *in, struct file *out, size_t len, unsigned flags)
{
    struct pipe *ip = pipe_of(in), *op = pipe_of(out);
    bool nonblock = nonblocking(in, flags) || nonblocking(out, flags);
    int ready = lock_pipes(ip, op, nonblock);
    if (ready <= 0)
        return ready;
    size_t done = 0;
    for (uint32_t i = 0; i < pipe_bufs_used(&ip->bufs) && done < len; i++) {
        if (pipe_bufs_full(&op->bufs))
            break;
        struct pipe_buf b;
        pipe_bufs_dup(&ip->bufs, i, len - done, &b);
        pipe_bufs_push(&op->bufs, &b);
        done += b.len;
    }
    unlock_two(ip, op);
    pipe_wake_readers(op);
    return (long)done;
}

/* ---- user memory <-> pipe ----------------------------------------------- */

/* The pages of iov, referenced into the pipe: no byte copied.  Stops at the
   first page that cannot be had (-EFAULT if it was the first) or when the
   pipe is full. */
static long user_pages_into(struct pipe_bufs *pb, struct vm_space *vm,
                            const struct iovec_linux *iov, int n, uint32_t flags)
{
    size_t done = 0;
    for (int s = 0; s < n; s++) {
        uint64_t at = iov[s].base, end = iov[s].base + iov[s].len;
        if (!user_range_ok(iov[s].base, iov[s].len))
            return done ? (long)done : -EFAULT;
        while (at < end) {
            if (pipe_bufs_full(pb))
                return (long)done;
            struct vm_user_page up;
            if (vm_user_page(vm, at, &up))
                return done ? (long)done : -EFAULT;
            uint32_t off = (uint32_t)(up.phys % PAGE_SIZE);
            uint64_t len = PAGE_SIZE - off < end - at ? PAGE_SIZE - off : end - at;
            /* up.page holds the reference (the head of a 2 MiB page);
               the bytes are in the 4 KiB frame up.phys falls in. */
            struct pipe_buf b = {
                phys_to_virt(up.phys - off), up.page, off, (uint32_t)len, flags, &pipe_page_ops
            };
            pipe_bufs_push(pb, &b);
            done += len;
            at += len;
        }
    }
    return (long)done;
}

long splice_vmsplice_to_pipe(struct vm_space *vm, struct file *out, const struct iovec_linux *iov,
                             int n, unsigned flags)
{
    struct pipe *p = pipe_of(out);
    /* Only SPLICE_F_NONBLOCK: vmsplice ignores the pipe's O_NONBLOCK (Linux). */
    int err = lock_for_room(p, flags & SPLICE_F_NONBLOCK);
    if (err)
        return err;
    uint32_t bf = PIPE_BUF_USER | ((flags & SPLICE_F_GIFT) ? PIPE_BUF_GIFT : 0);
    long k = user_pages_into(&p->bufs, vm, iov, n, bf);
    pipe_unlock(p);
    if (k > 0)
        pipe_wake_readers(p);
    return k;
}

struct user_dest {
    const struct iovec_linux *iov;
    int n, seg;
    size_t off; /* in iov[seg] */
};

/* pipe_bufs_read's copy: into the user segments, in order. */
static long copy_to_segments(void *ctx, uint8_t *part, size_t unused, size_t len)
{
    struct user_dest *d = ctx;
    while (len) {
        while (d->seg < d->n && d->off == d->iov[d->seg].len) {
            d->seg++;
            d->off = 0;
        }
        if (d->seg == d->n)
            return -EFAULT; /* cannot happen: the read asks for no more than fits */
        size_t k = d->iov[d->seg].len - d->off < len ? d->iov[d->seg].len - d->off : len;
        if (copy_to_user((void *)(d->iov[d->seg].base + d->off), part, k, MECH_SPLICE))
            return -EFAULT;
        d->off += k;
        part += k;
        len -= k;
    }
    return 0;
}

long splice_vmsplice_to_user(struct file *in, const struct iovec_linux *iov, int n, unsigned flags)
{
    struct pipe *p = pipe_of(in);
    size_t want = 0;
    for (int s = 0; s < n; s++)
        want += iov[s].len;
    int ready = lock_for_data(p, flags & SPLICE_F_NONBLOCK);
    if (ready <= 0)
        return ready;
    /* Buffer by buffer, so that a bad pointer keeps what went before. */
    struct user_dest d = { iov, n, 0, 0 };
    size_t done = 0;
    long ret = 0;
    while (done < want && !pipe_bufs_empty(&p->bufs)) {
        size_t first = pipe_bufs_at(&p->bufs, 0)->len;
        long k = pipe_bufs_read(&p->bufs, first < want - done ? first : want - done,
                                copy_to_segments, &d);
        if (k <= 0) {
            ret = k;
            break;
        }
        done += (size_t)k;
    }
    pipe_unlock(p);
    if (done)
        pipe_wake_writers(p);
    return done ? (long)done : ret;
}

/* ---- file -> file or socket, through private buffers --------------------- */

static int direct_new_page(void *ctx, struct pipe_buf *b)
{
    struct page *pg = frame_alloc();
    if (!pg)
        return -ENOMEM;
    b->page = pg;
    b->data = page_to_virt(pg);
    b->ops = &pipe_page_ops;
    return 0;
}

long splice_direct(struct file *in, uint64_t *inpos, struct file *out, uint64_t *outpos, size_t len)
{
    if (!out->fops || !out->fops->write)
        return -EINVAL;
    struct pipe_buf slots[PIPE_SLOTS];
    struct pipe_bufs pb;
    pipe_bufs_init(&pb, slots, PIPE_SLOTS, PAGE_SIZE, direct_new_page, NULL);
    size_t done = 0;
    long ret = 0;
    while (done < len) {
        uint64_t start = *inpos;
        long got = fill_from_file(&pb, in, inpos, len - done);
        if (got <= 0) {
            ret = got;
            break;
        }
        size_t wrote = 0;
        while (!pipe_bufs_empty(&pb)) {
            struct pipe_buf *b = pipe_bufs_at(&pb, 0);
            size_t n = b->len;
            long k = write_buf(out, b, n, outpos);
            if (k <= 0) {
                ret = k;
                break;
            }
            pipe_bufs_consume(&pb, (size_t)k);
            wrote += (size_t)k;
            if ((size_t)k < n)
                break;
        }
        pipe_bufs_release_all(&pb);
        done += wrote;
        if (wrote < (size_t)got) {
            /* What was read and not written was not sent: the input
               position says so (Linux's do_splice_direct). */
            *inpos = start + wrote;
            break;
        }
    }
    return done ? (long)done : ret;
}
