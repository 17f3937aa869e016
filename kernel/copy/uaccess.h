/*
 * kernel/copy/uaccess.h: the only ways kernel code touches memory it does
 * not own, and the only ways payload bytes move.  Each helper checks its
 * arguments, does the copy (user accesses with SMAP opened only for the
 * copy, and an exception-table fix-up so a bad user pointer gives -EFAULT
 * instead of a kernel fault) and records it in the copy ledger.
 */
#ifndef PAGELAB_COPY_UACCESS_H
#define PAGELAB_COPY_UACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/lib/list.h"

/* Is [uaddr, uaddr+n) entirely inside the user half (no wrap-around)? */
bool user_range_ok(uint64_t uaddr, size_t n);

/* Copy n bytes between user and kernel memory: 0, or -EFAULT if any byte of
   the user range is not accessible (then an unspecified prefix was copied). */
long copy_from_user(void *kdst, const void *usrc, size_t n, enum copy_mech mech);
long copy_to_user(void *udst, const void *ksrc, size_t n, enum copy_mech mech);
/* The copy of a one-copy IPC (binder): n bytes from the calling process's
   user memory straight into memory that another process has mapped, through
   the kernel's own mapping of those frames (kdst, in the direct map).  The
   bytes go from one address space into another and never rest in a kernel
   buffer, so the ledger counts them as COPY_CROSS_SPACE; to_pid names that
   process for the copy trace.  0 or -EFAULT. */
long copy_from_user_cross(void *kdst, const void *usrc, size_t n, enum copy_mech mech, int to_pid);
/* Zeroes user memory (not a copy: counted as a zero-fill). */
long clear_user(void *udst, size_t n, enum copy_mech mech);
/* Copies a NUL-terminated user string of at most max-1 chars into kdst.
   Returns its length, -EFAULT, or -ENAMETOOLONG if no NUL within max. */
long strncpy_from_user(char *kdst, const char *usrc, size_t max);

/* Kernel-to-kernel payload copy (a pipe's ring buffer, a message queue). */
void copy_kernel(void *dst, const void *src, size_t n, enum copy_mech mech);
/* One whole-page copy-on-write copy. */
void copy_cow_page(void *dst, const void *src, enum copy_mech mech);
/* A device moved n bytes by DMA (called by drivers when a transfer completes). */
void copy_record_dma(bool to_memory, size_t n, enum copy_mech mech);

/*
 * A DMA transfer that completes in an interrupt handler, while some other
 * process may be running: dma_pending_begin() (in the task that asks for
 * the transfer) remembers whose ledger it is charged to, and
 * dma_pending_end() (from any context, interrupt handlers included)
 * records the bytes the device really moved to that process and to the
 * global ledger.  A process freed in between is simply not charged
 * (ledger_forget_owner).
 */
struct dma_pending {
    struct ledger_counts *owner; /* NULL: the global ledger only */
    struct list_head link;       /* on the list of transfers in flight */
};
void dma_pending_begin(struct dma_pending *d);
void dma_pending_end(struct dma_pending *d, bool to_memory, size_t n, enum copy_mech mech);

/*
 * The caller's side of a read or write: a pointer and whether it is user
 * memory, so that the one copy between (say) the page cache and the caller
 * goes through copy_to_user/copy_from_user or copy_kernel, and the ledger
 * counts it under mech.
 */
struct iovec_linux;
struct iobuf {
    void *ptr;
    bool user;           /* ptr is a user address: checked copies */
    enum copy_mech mech; /* for the ledger */
    /* readv and writev: nsegs segments (kernel/copy/iov_iter.h) that are
       one buffer, in order, instead of ptr; NULL: ptr.  A vector is one
       read or write, so a pipe's readv returns what is there and a
       datagram socket's takes one message (readv(2)). */
    const struct iovec_linux *segs;
    int nsegs;
};
/* Copy n bytes to/from the caller's buffer at offset off: 0 or -EFAULT. */
long iobuf_copy_out(struct iobuf *b, size_t off, const void *src, size_t n);
long iobuf_copy_in(struct iobuf *b, size_t off, void *dst, size_t n);
/* Zeros n bytes of the caller's buffer at offset off (a fill, not a
   copy: /dev/zero, a hole): 0 or -EFAULT. */
long iobuf_clear(struct iobuf *b, size_t off, size_t n);

#endif
