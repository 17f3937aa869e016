/* kernel/ipc/pipe_ring.c: a byte ring, a stream socket's receive queue (see pipe_ring.h). */
#include "kernel/ipc/pipe_ring.h"

void pipe_ring_init(struct pipe_ring *r, uint8_t *buf, size_t size)
{
    r->buf = buf;
    r->size = size;
    r->head = 0;
    r->tail = 0;
}

/* Hands copy() the ring bytes [pos, pos + n) (positions as counts, n <= size)
   as at most two contiguous parts.  Returns the bytes whose part succeeded. */
static long ring_transfer(struct pipe_ring *r, uint64_t pos, size_t n, pipe_ring_copy_fn copy,
                          void *ctx)
{
    size_t at = (size_t)(pos & (r->size - 1));
    size_t first = n < r->size - at ? n : r->size - at;
    if (first) {
        long err = copy(ctx, r->buf + at, 0, first);
        if (err)
            return err;
    }
    if (n > first && copy(ctx, r->buf, first, n - first))
        return (long)first;
    return (long)n;
}

long pipe_ring_write(struct pipe_ring *r, size_t n, pipe_ring_copy_fn copy, void *ctx)
{
    size_t room = pipe_ring_free(r);
    if (n > room)
        n = room;
    if (n == 0)
        return 0;
    long done = ring_transfer(r, r->head, n, copy, ctx);
    if (done > 0)
        r->head += (uint64_t)done;
    return done;
}

long pipe_ring_read(struct pipe_ring *r, size_t n, pipe_ring_copy_fn copy, void *ctx)
{
    size_t have = pipe_ring_used(r);
    if (n > have)
        n = have;
    if (n == 0)
        return 0;
    long done = ring_transfer(r, r->tail, n, copy, ctx);
    if (done > 0)
        r->tail += (uint64_t)done;
    return done;
}

long pipe_ring_peek(struct pipe_ring *r, size_t skip, size_t n, pipe_ring_copy_fn copy, void *ctx)
{
    size_t have = pipe_ring_used(r);
    if (skip >= have)
        return 0;
    if (n > have - skip)
        n = have - skip;
    if (n == 0)
        return 0;
    return ring_transfer(r, r->tail + skip, n, copy, ctx);
}
