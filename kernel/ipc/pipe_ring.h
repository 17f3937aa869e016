/*
 * kernel/ipc/pipe_ring.h: a byte ring, the receive queue of a Unix stream
 * socket (unix_stream.c; pure C, unit-tested on the host by
 * tests/host/test_pipe_ring.c).  Pipes themselves hold page buffers
 * instead (pipe_buf.h), so that splice can put page references in them;
 * the name stays from when pipes used it too.
 *
 * head and tail count every byte ever written and read, so used = head -
 * tail needs no "full or empty?" flag, and a position in the buffer is the
 * count modulo the (power-of-two) size.  The ring never copies by itself:
 * a write hands the caller's copy function the free space as at most two
 * contiguous parts (before and after the wrap), a read hands it the data the
 * same way.  So the bytes move user -> ring -> user with exactly one
 * copy on each side, each done by a ledger-counted helper, and no bounce
 * buffer in between.
 */
#ifndef PAGELAB_IPC_PIPE_RING_H
#define PAGELAB_IPC_PIPE_RING_H

#include <stddef.h>
#include <stdint.h>

struct pipe_ring {
    uint8_t *buf;
    size_t size;   /* a power of two */
    uint64_t head; /* bytes ever written */
    uint64_t tail; /* bytes ever read */
};

/* Moves len bytes between the caller's buffer at offset off and ring memory
   at part: 0, or a negative errno (then nothing of this part counts). */
typedef long (*pipe_ring_copy_fn)(void *ctx, uint8_t *part, size_t off, size_t len);

/* buf holds size bytes; size must be a power of two. */
void pipe_ring_init(struct pipe_ring *r, uint8_t *buf, size_t size);

static inline size_t pipe_ring_used(const struct pipe_ring *r)
{
    return (size_t)(r->head - r->tail);
}
static inline size_t pipe_ring_free(const struct pipe_ring *r)
{
    return r->size - pipe_ring_used(r);
}

/* Appends min(n, free) bytes, copied in by copy(ctx, part, off, len) with off
   counting from the first byte of this write.  Returns the bytes appended,
   or copy's error if the first part failed; a failure in the second part
   keeps the first. */
long pipe_ring_write(struct pipe_ring *r, size_t n, pipe_ring_copy_fn copy, void *ctx);

/* Removes min(n, used) bytes the same way, oldest first. */
long pipe_ring_read(struct pipe_ring *r, size_t n, pipe_ring_copy_fn copy, void *ctx);

/* Hands copy() min(n, used - skip) bytes starting skip bytes after the
   oldest, and removes nothing (a socket's MSG_PEEK). */
long pipe_ring_peek(struct pipe_ring *r, size_t skip, size_t n, pipe_ring_copy_fn copy, void *ctx);

#endif
