/* kernel/ipc/pipe_buf.c: the buffers a pipe holds (see pipe_buf.h). */
#include "kernel/ipc/pipe_buf.h"

void pipe_bufs_init(struct pipe_bufs *pb, struct pipe_buf *slots, uint32_t nslots, size_t page_size,
                    int (*new_page)(void *, struct pipe_buf *), void *ctx)
{
    pb->slot = slots;
    pb->nslots = nslots;
    pb->head = pb->tail = 0;
    pb->bytes = 0;
    pb->page_size = page_size;
    pb->new_page = new_page;
    pb->ctx = ctx;
    pb->spare.page = NULL;
}

static struct pipe_buf *newest(struct pipe_bufs *pb)
{
    return pipe_bufs_empty(pb) ? NULL : &pb->slot[(pb->head - 1) & (pb->nslots - 1)];
}

/* Bytes a write may still append to the newest buffer. */
static size_t merge_room(const struct pipe_bufs *pb)
{
    const struct pipe_buf *last = newest((struct pipe_bufs *)pb);
    if (!last || !(last->flags & PIPE_BUF_MERGE))
        return 0;
    return pb->page_size - (last->off + last->len);
}

bool pipe_bufs_fits(const struct pipe_bufs *pb, size_t n, bool atomic)
{
    size_t room = merge_room(pb);
    if (n == 0)
        return true;
    if (!atomic)
        return room > 0 || pipe_bufs_free(pb) > 0;
    /* Whole: in the newest buffer, or in fresh pages (never split). */
    return room >= n || (size_t)pipe_bufs_free(pb) * pb->page_size >= n;
}

bool pipe_bufs_push(struct pipe_bufs *pb, const struct pipe_buf *b)
{
    if (pipe_bufs_full(pb))
        return false;
    pb->slot[pb->head & (pb->nslots - 1)] = *b;
    pb->head++;
    pb->bytes += b->len;
    return true;
}

/* A page for new bytes: the spare, or a new one. */
static int fresh_page(struct pipe_bufs *pb, struct pipe_buf *b)
{
    if (pb->spare.page) {
        *b = pb->spare;
        pb->spare.page = NULL;
        b->off = b->len = 0;
        return 0;
    }
    int err = pb->new_page(pb->ctx, b);
    if (err)
        return err;
    b->off = b->len = 0;
    b->flags = PIPE_BUF_MERGE;
    return 0;
}

long pipe_bufs_write(struct pipe_bufs *pb, size_t n, bool atomic, pipe_buf_copy_fn copy, void *ctx)
{
    if (n == 0 || !pipe_bufs_fits(pb, n, atomic))
        return 0; /* no room: 0 bytes, not an error */
    size_t done = 0;
    size_t room = merge_room(pb);
    if (room && (!atomic || room >= n)) {
        struct pipe_buf *last = newest(pb);
        size_t k = room < n ? room : n;
        long err = copy(ctx, last->data + last->off + last->len, 0, k);
        if (err)
            return err;
        last->len += (uint32_t)k;
        pb->bytes += k;
        done = k;
    }
    while (done < n && !pipe_bufs_full(pb)) {
        struct pipe_buf b;
        long err = fresh_page(pb, &b);
        if (err)
            return done ? (long)done : err;
        size_t k = n - done < pb->page_size ? n - done : pb->page_size;
        if ((err = copy(ctx, b.data, done, k))) {
            pb->spare = b; /* unused: kept for the next write (the spare was taken) */
            return done ? (long)done : err;
        }
        b.len = (uint32_t)k;
        pipe_bufs_push(pb, &b);
        done += k;
    }
    return (long)done;
}

long pipe_bufs_write_packet(struct pipe_bufs *pb, size_t n, pipe_buf_copy_fn copy, void *ctx)
{
    if (pipe_bufs_full(pb))
        return 0;
    struct pipe_buf b;
    long err = fresh_page(pb, &b);
    if (err)
        return err;
    if ((err = copy(ctx, b.data, 0, n))) {
        pb->spare = b;
        return err;
    }
    b.len = (uint32_t)n;
    b.flags = PIPE_BUF_PACKET; /* never merged into, never kept as the spare */
    pipe_bufs_push(pb, &b);
    return (long)n;
}

bool pipe_bufs_move(struct pipe_bufs *pb, struct pipe_buf *slots, uint32_t nslots)
{
    uint32_t used = pipe_bufs_used(pb);
    if (used > nslots)
        return false;
    for (uint32_t i = 0; i < used; i++)
        slots[i] = *pipe_bufs_at(pb, i);
    pb->slot = slots;
    pb->nslots = nslots;
    pb->tail = 0;
    pb->head = used;
    return true;
}

/* The oldest buffer is empty now: its slot is freed, its page kept as the
   spare when the pipe is its only holder, else released. */
static void drop_oldest(struct pipe_bufs *pb)
{
    struct pipe_buf *b = pipe_bufs_at(pb, 0);
    if ((b->flags & PIPE_BUF_MERGE) && !pb->spare.page)
        pb->spare = *b;
    else
        pipe_buf_release(b);
    pb->tail++;
}

long pipe_bufs_read(struct pipe_bufs *pb, size_t n, pipe_buf_copy_fn copy, void *ctx)
{
    size_t done = 0;
    while (done < n && !pipe_bufs_empty(pb)) {
        struct pipe_buf *b = pipe_bufs_at(pb, 0);
        size_t k = b->len < n - done ? b->len : n - done;
        long err = copy(ctx, b->data + b->off, done, k);
        if (err)
            return done ? (long)done : err;
        b->off += (uint32_t)k;
        b->len -= (uint32_t)k;
        pb->bytes -= k;
        done += k;
        if (b->flags & PIPE_BUF_PACKET) {
            pb->bytes -= b->len; /* the rest of the packet is dropped */
            b->len = 0;
            drop_oldest(pb);
            break;
        }
        if (b->len == 0)
            drop_oldest(pb);
    }
    return (long)done;
}

void pipe_bufs_consume(struct pipe_bufs *pb, size_t n)
{
    while (n && !pipe_bufs_empty(pb)) {
        struct pipe_buf *b = pipe_bufs_at(pb, 0);
        size_t k = b->len < n ? b->len : n;
        b->off += (uint32_t)k;
        b->len -= (uint32_t)k;
        pb->bytes -= k;
        n -= k;
        if (b->len == 0)
            drop_oldest(pb);
    }
}

size_t pipe_bufs_take(struct pipe_bufs *pb, size_t n, struct pipe_buf *out)
{
    if (pipe_bufs_empty(pb) || n == 0)
        return 0;
    struct pipe_buf *b = pipe_bufs_at(pb, 0);
    if (n >= b->len) {
        *out = *b; /* the buffer's own reference goes with it */
        pb->bytes -= b->len;
        pb->tail++;
        return out->len;
    }
    *out = *b;
    out->len = (uint32_t)n;
    out->ops->get(out);
    out->flags &= ~PIPE_BUF_MERGE; /* two holders now */
    b->flags &= ~PIPE_BUF_MERGE;
    b->off += (uint32_t)n;
    b->len -= (uint32_t)n;
    pb->bytes -= n;
    return n;
}

void pipe_bufs_dup(struct pipe_bufs *pb, uint32_t i, size_t n, struct pipe_buf *out)
{
    struct pipe_buf *b = pipe_bufs_at(pb, i);
    *out = *b;
    if (out->len > n)
        out->len = (uint32_t)n;
    out->ops->get(out);
    out->flags &= ~PIPE_BUF_MERGE;
    b->flags &= ~PIPE_BUF_MERGE;
}

void pipe_bufs_release_all(struct pipe_bufs *pb)
{
    while (!pipe_bufs_empty(pb)) {
        pipe_buf_release(pipe_bufs_at(pb, 0));
        pb->tail++;
    }
    pb->bytes = 0;
    if (pb->spare.page) {
        pipe_buf_release(&pb->spare);
        pb->spare.page = NULL;
    }
}
