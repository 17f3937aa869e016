/* kernel/copy/iobuf.c: copies to and from the caller's side of a read or
   write (struct iobuf, uaccess.h), user or kernel memory, one buffer or
   the segments of a vector. */
#include "kernel/copy/iov_iter.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/* The address of byte off of b, and in *avail how many bytes follow it in
   the same piece of memory; NULL past the end of a vector. */
static uint8_t *piece_at(const struct iobuf *b, size_t off, size_t *avail)
{
    if (!b->segs) {
        *avail = SIZE_MAX - off;
        return (uint8_t *)b->ptr + off;
    }
    for (int i = 0; i < b->nsegs; i++) {
        if (off < b->segs[i].len) {
            *avail = b->segs[i].len - off;
            return (uint8_t *)b->segs[i].base + off;
        }
        off -= b->segs[i].len;
    }
    *avail = 0;
    return NULL;
}

enum piece_op { PIECE_OUT, PIECE_IN, PIECE_CLEAR };

/* One operation over [off, off + n) of b, piece by piece. */
static long each_piece(struct iobuf *b, size_t off, uint8_t *mem, size_t n, enum piece_op op)
{
    while (n) {
        size_t avail;
        uint8_t *at = piece_at(b, off, &avail);
        if (!at)
            return -EFAULT;
        size_t k = n < avail ? n : avail;
        long err = 0;
        if (op == PIECE_OUT && b->user)
            err = copy_to_user(at, mem, k, b->mech);
        else if (op == PIECE_OUT)
            copy_kernel(at, mem, k, b->mech);
        else if (op == PIECE_IN && b->user)
            err = copy_from_user(mem, at, k, b->mech);
        else if (op == PIECE_IN)
            copy_kernel(mem, at, k, b->mech);
        else if (b->user)
            err = clear_user(at, k, b->mech);
        else
            memset(at, 0, k);
        if (err)
            return -EFAULT;
        if (mem)
            mem += k;
        off += k;
        n -= k;
    }
    return 0;
}

long iobuf_copy_out(struct iobuf *b, size_t off, const void *src, size_t n)
{
    return each_piece(b, off, (uint8_t *)src, n, PIECE_OUT);
}

long iobuf_copy_in(struct iobuf *b, size_t off, void *dst, size_t n)
{
    return each_piece(b, off, dst, n, PIECE_IN);
}

long iobuf_clear(struct iobuf *b, size_t off, size_t n)
{
    return each_piece(b, off, NULL, n, PIECE_CLEAR);
}
