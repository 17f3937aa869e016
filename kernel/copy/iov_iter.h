/*
 * kernel/copy/iov_iter.h: walking a scatter list of buffers (struct iovec,
 * as readv, sendmsg and recvmsg take them) as one stream of bytes.
 *
 * The segments were copied into the kernel by the caller; the bytes they
 * point to move only through this iterator's copies, which are the
 * ledger-counted helpers of uaccess.h (copy_from_user/copy_to_user for user
 * segments, copy_kernel for kernel ones).  A copy either moves all n bytes
 * and advances, or fails with -EFAULT and leaves the position where it was
 * (some of the bytes may have been written: as with copy_to_user).
 */
#ifndef PAGELAB_COPY_IOV_ITER_H
#define PAGELAB_COPY_IOV_ITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"

/* Linux's struct iovec. */
struct iovec_linux {
    uint64_t base;
    uint64_t len;
};

struct iov_iter {
    const struct iovec_linux *segs;
    int nsegs;
    int seg;     /* the segment the position is in */
    size_t off;  /* offset in it */
    size_t left; /* bytes from the position to the end */
    bool user;   /* segments are user addresses */
    enum copy_mech mech;
};

/* total must be the sum of the segments' lengths (the caller checked it). */
void iov_iter_init(struct iov_iter *it, const struct iovec_linux *segs, int nsegs, size_t total,
                   bool user, enum copy_mech mech);

/* Copies the next n bytes (n <= left) from the segments to dst, or from src
   to the segments: 0 or -EFAULT. */
long iov_iter_copy_in(struct iov_iter *it, void *dst, size_t n);
long iov_iter_copy_out(struct iov_iter *it, const void *src, size_t n);

/* Skips n bytes (n <= left) without copying. */
void iov_iter_advance(struct iov_iter *it, size_t n);

#endif
