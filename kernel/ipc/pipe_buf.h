/*
 * kernel/ipc/pipe_buf.h: what a pipe holds (pure C, unit-tested on the host
 * by tests/host/test_pipe_buf.c).
 *
 * A pipe is a ring of slots (16, as Linux's default), each a buffer: a
 * page, an offset and a length.  The page is one of three kinds, and the
 * pipe does not care which: a page the pipe allocated for the bytes a
 * write() brought, a page of the page cache that splice() or sendfile()
 * put there (the file's own frame: no byte was copied), or a page of a
 * process's memory that vmsplice() put there.  Each buffer holds its own
 * reference on its page through its ops (get/release), so tee() can give
 * a second pipe the same page without copying, and a page leaves memory
 * when the last buffer and the last other user (the page cache, a mapping)
 * have let go of it.  Linux's struct pipe_buffer, in small.
 *
 * Bytes: a write() first fills the rest of the newest buffer when that is a
 * page the pipe allocated itself and nobody else holds (PIPE_BUF_MERGE),
 * then takes fresh pages from new_page() into free slots.  A write of at
 * most PIPE_BUF bytes is never split between two buffers (the caller asks
 * pipe_bufs_fits first), which, with one writer at a time, is what keeps
 * such writes whole.  A read() copies out of the oldest buffers and
 * releases each one it empties.  No function here copies by itself: the
 * caller's copy function moves the bytes (through the ledger-counted
 * helpers of kernel/copy/uaccess.h), and the buffer functions move only
 * references.
 *
 * PIPE_BUF_MERGE also says that the pipe is the page's only holder: tee and
 * a partial take share the page, and clear the flag on both buffers, so no
 * later write can change bytes the other holder still shows.  Only such a
 * page is kept as the spare when a read empties it.
 *
 * head and tail count every slot ever filled and emptied (slot = count
 * modulo nslots), so used = head - tail.  bytes is the sum of the
 * buffers' lengths (FIONREAD).
 */
#ifndef PAGELAB_IPC_PIPE_BUF_H
#define PAGELAB_IPC_PIPE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pipe_buf;

struct pipe_buf_ops {
    void (*get)(struct pipe_buf *b);     /* one more holder of b->page (tee) */
    void (*release)(struct pipe_buf *b); /* this holder is done with b->page */
};

#define PIPE_BUF_MERGE  1u  /* a page the pipe filled: later writes may append to it */
#define PIPE_BUF_CACHE  2u  /* a page of the page cache (splice, sendfile) */
#define PIPE_BUF_USER   4u  /* a page of a process's memory (vmsplice) */
#define PIPE_BUF_GIFT   8u  /* vmsplice(SPLICE_F_GIFT): the process gave the page up */
#define PIPE_BUF_PACKET 16u /* O_DIRECT's packet: a read that reaches it takes it whole */

struct pipe_buf {
    uint8_t *data; /* the page's first byte, as the kernel addresses it */
    void *page;    /* what ops hold a reference on (a struct page) */
    uint32_t off, len;
    uint32_t flags;
    const struct pipe_buf_ops *ops;
};

/* Moves len bytes between the caller's buffer at offset off and page memory
   at part: 0, or a negative errno (then nothing of this part counts). */
typedef long (*pipe_buf_copy_fn)(void *ctx, uint8_t *part, size_t off, size_t len);

struct pipe_bufs {
    struct pipe_buf *slot; /* nslots of them */
    uint32_t nslots;       /* a power of two */
    uint32_t head, tail;   /* slots ever filled / emptied */
    size_t bytes;          /* in all buffers */
    size_t page_size;
    /* A fresh page for a write's bytes: fills b (data, page, ops; off and
       len 0) with one reference, 0 or a negative errno. */
    int (*new_page)(void *ctx, struct pipe_buf *b);
    void *ctx;
    /* The page of the last buffer a read emptied, kept for the next write
       (so a steady stream allocates nothing); valid when spare.page. */
    struct pipe_buf spare;
};

void pipe_bufs_init(struct pipe_bufs *pb, struct pipe_buf *slots, uint32_t nslots, size_t page_size,
                    int (*new_page)(void *, struct pipe_buf *), void *ctx);

static inline uint32_t pipe_bufs_used(const struct pipe_bufs *pb) { return pb->head - pb->tail; }
static inline uint32_t pipe_bufs_free(const struct pipe_bufs *pb)
{
    return pb->nslots - pipe_bufs_used(pb);
}
static inline bool pipe_bufs_empty(const struct pipe_bufs *pb) { return pb->head == pb->tail; }
static inline bool pipe_bufs_full(const struct pipe_bufs *pb) { return pipe_bufs_free(pb) == 0; }

/* The i-th buffer from the oldest (i < used). */
static inline struct pipe_buf *pipe_bufs_at(struct pipe_bufs *pb, uint32_t i)
{
    return &pb->slot[(pb->tail + i) & (pb->nslots - 1)];
}

/* Could a write of n bytes go in now without waiting?  Whole (atomic: n
   <= PIPE_BUF, never split between buffers) or, for a longer one, at
   least its first byte. */
bool pipe_bufs_fits(const struct pipe_bufs *pb, size_t n, bool atomic);

/* Appends at most n bytes (atomic: all or none), copied in by copy(ctx,
   part, off, len), off counting from this write's first byte.  Returns the
   bytes appended (0: no room), or copy's or new_page's error if nothing
   went in. */
long pipe_bufs_write(struct pipe_bufs *pb, size_t n, bool atomic, pipe_buf_copy_fn copy, void *ctx);

/* Appends one packet (pipe(2)'s O_DIRECT) of n <= page_size bytes in a
   fresh buffer of its own that no later write appends to.  Returns n, 0
   when every slot is in use, or copy's or new_page's error. */
long pipe_bufs_write_packet(struct pipe_bufs *pb, size_t n, pipe_buf_copy_fn copy, void *ctx);

/* Copies out and removes at most n bytes, oldest first; a packet ends the
   read, and what was not taken of it is dropped (Linux's packet mode).
   Returns the bytes copied, or copy's error if the first part failed. */
long pipe_bufs_read(struct pipe_bufs *pb, size_t n, pipe_buf_copy_fn copy, void *ctx);

/* Appends b, taking over the caller's reference: false (nothing changes)
   when every slot is in use. */
bool pipe_bufs_push(struct pipe_bufs *pb, const struct pipe_buf *b);

/* Removes at most n bytes from the oldest buffer and gives them to the
   caller as *out, with a reference of its own (the buffer itself when all
   of it goes, else a second reference on its page).  Returns out->len, 0
   when empty. */
size_t pipe_bufs_take(struct pipe_bufs *pb, size_t n, struct pipe_buf *out);

/* *out = the i-th buffer with one more reference, cut to at most n bytes,
   never mergeable (tee: both pipes then hold the page). */
void pipe_bufs_dup(struct pipe_bufs *pb, uint32_t i, size_t n, struct pipe_buf *out);

/* Drops n bytes from the oldest buffers (a partial write-out that was not
   taken with pipe_bufs_take). */
void pipe_bufs_consume(struct pipe_bufs *pb, size_t n);

/* Moves the buffers, oldest first, to slots[0 ..] of a new ring of nslots
   (a power of two; F_SETPIPE_SZ): false, and nothing changes, when more
   than nslots are in use. */
bool pipe_bufs_move(struct pipe_bufs *pb, struct pipe_buf *slots, uint32_t nslots);

/* Releases every buffer (the pipe goes away). */
void pipe_bufs_release_all(struct pipe_bufs *pb);

static inline void pipe_buf_release(struct pipe_buf *b) { b->ops->release(b); }

#endif
