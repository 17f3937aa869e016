/*
 * kernel/ipc/binder/alloc.h: a binder process's receive area and the
 * buffers in it.
 *
 * The area is what the process maps read-only from its binder file (at most
 * BINDER_AREA_MAX bytes).  Each incoming transaction gets a buffer in it:
 * the sender's data and offsets are copied once, from the sender's user
 * memory straight into the frames under the buffer, through the kernel's
 * own mapping of those frames (the direct map); the receiver reads them in
 * place at the same frames through its mapping, and gives the buffer back
 * with BC_FREE_BUFFER.
 *
 *   Buffers: best fit among the free ones (alloc.c), the rest split off as
 *   a new free buffer; a freed buffer merges with free neighbours.  One-way
 *   transactions may hold at most half the area (free_async_space).
 *   Frames (alloc_pages.c): a page gets a frame (zero-filled) when the first
 *   buffer that touches it is allocated.  When no in-use buffer touches it
 *   any more the frame is unused and stays, still mapped, for the next
 *   buffer there (no new zero-fill) -- or until the kernel takes it back: a
 *   frame reclaimer (kernel/mm/frame.h) and /proc/sys/vm/drop_caches (2 or
 *   3) give unused frames back to the allocator, as Linux's binder shrinker
 *   does.  Closing the device gives every frame back.
 *
 * The object is reference counted: its process holds one reference, each
 * region mapping it another (vm_backing_ops hold/release), because a
 * mapping may outlive the file's last close.
 */
#ifndef PAGELAB_IPC_BINDER_ALLOC_H
#define PAGELAB_IPC_BINDER_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/lib/list.h"
#include "kernel/mm/vm.h"

#define BINDER_AREA_MAX (4ull << 20) /* Linux: SZ_4M; a larger mapping uses its first 4 MiB */

struct page;
struct binder_alloc;
struct binder_transaction;
struct binder_node;

struct binder_page {
    struct page *frame; /* NULL until a buffer first needs it */
};

struct binder_buffer {
    struct list_head entry;     /* alloc->buffers, in address order */
    struct list_head size_link; /* free: alloc->free_buffers by size; else alloc->allocated */
    bool free;
    bool allow_user_free;   /* delivered to user space: BC_FREE_BUFFER may free it */
    bool async_transaction; /* counts against free_async_space */
    bool clear_on_free;     /* TF_CLEAR_BUF */
    uint64_t offset;        /* of its first byte in the area */
    uint64_t data_size, offsets_size, extra_buffers_size;
    struct binder_transaction *transaction; /* while a transaction refers to it */
    struct binder_node *target_node;        /* a call's target (NULL for a reply) */
    int debug_id;
    int pid; /* the sender's */
};

struct binder_alloc {
    int refs;            /* the proc + each region mapping it */
    int regions;         /* regions mapping it */
    bool mapped;         /* mmap was done (one mapping per open) */
    bool vma_gone;       /* a region went away: no new buffers (-ESRCH) */
    bool dead;           /* the proc is gone: no buffers, no frames */
    struct vm_space *vm; /* the space it is mapped in; NULL once no region is left */
    uint64_t user_base;  /* the area's user address */
    uint64_t pgoff;      /* the file page mapped at user_base (mmap's offset) */
    uint64_t size;       /* bytes, page multiple */
    uint64_t npages;
    struct binder_page *pages;
    struct list_head buffers;      /* every buffer, by address */
    struct list_head free_buffers; /* free ones, smallest first */
    struct list_head allocated;    /* in-use ones */
    uint64_t free_async_space;
#define BINDER_SPARE_BUFFERS 8
    /* Buffer structs of merged-away buffers, kept for the next splits. */
    struct binder_buffer *spare[BINDER_SPARE_BUFFERS];
    int nspare;
    struct list_head areas_link; /* on the list the reclaimer walks, while it has pages */
    int pid;                     /* the opener's process id: only it may map the area */
    const char *dev_name;        /* "binder": /proc/PID/maps shows /dev/binder */
    uint32_t rdev;
};

/* The area of a new open of device dev_name (rdev) by process pid, owned
   by the caller (one reference); NULL when out of memory. */
struct binder_alloc *binder_alloc_create(int pid, const char *dev_name, uint32_t rdev);
/* The proc is gone: every buffer and frame is given back and later mmap
   faults get SIGBUS.  Then drops the proc's reference. */
void binder_alloc_release(struct binder_alloc *alloc);

/* The region ops of the area (mmap of a binder file). */
extern const struct vm_backing_ops binder_vm_ops;

/* A buffer for data_size + offsets_size (+ extra) bytes.  0 with *out, or
   -ESRCH (not mapped any more), -EINVAL (sizes overflow), -ENOSPC (no free
   space big enough, or no one-way space left), -ENOMEM (no frame). */
int binder_alloc_new_buf(struct binder_alloc *alloc, uint64_t data_size, uint64_t offsets_size,
                         uint64_t extra_buffers_size, bool is_async, int pid,
                         struct binder_buffer **out);
/* The in-use buffer at user address uptr that user space may free, marked
   as being freed; NULL if none (with *err -EPERM when it exists but is not
   the user's to free, -ENOENT when there is none). */
struct binder_buffer *binder_alloc_prepare_to_free(struct binder_alloc *alloc, uint64_t uptr,
                                                   int *err);
void binder_alloc_free_buf(struct binder_alloc *alloc, struct binder_buffer *buffer);
/* The user address of buffer's first byte in the receiver. */
static inline uint64_t binder_buffer_user_data(const struct binder_alloc *alloc,
                                               const struct binder_buffer *buffer)
{
    return alloc->user_base + buffer->offset;
}
/* The bytes buffer spans (to the next buffer or the end of the area). */
uint64_t binder_alloc_buffer_size(const struct binder_alloc *alloc,
                                  const struct binder_buffer *buffer);

/* Moving bytes in and out of a buffer (alloc_copy.c).  off and n must lie
   inside the buffer: 0, -EINVAL otherwise, or -EFAULT (user memory).
   copy_user_to_buffer is THE copy of a transaction (user memory of the
   sender -> the receiver's frames, counted once as a cross-space copy);
   the other two read and rewrite small structures in place (offsets,
   objects being translated): bookkeeping, not payload. */
int binder_alloc_copy_user_to_buffer(struct binder_alloc *alloc, struct binder_buffer *buffer,
                                     uint64_t off, uint64_t uaddr, uint64_t n);
int binder_alloc_copy_to_buffer(struct binder_alloc *alloc, struct binder_buffer *buffer,
                                uint64_t off, const void *src, uint64_t n);
int binder_alloc_copy_from_buffer(struct binder_alloc *alloc, void *dst,
                                  struct binder_buffer *buffer, uint64_t off, uint64_t n);
/* Zeroes buffer's bytes (TF_CLEAR_BUF), counted as a zero-fill. */
void binder_alloc_clear_buf(struct binder_alloc *alloc, struct binder_buffer *buffer);

/* Page side (alloc_pages.c).  Gives every page under [off, off+len) of the
   area a frame (zero-filled on first use).  The buffer must already be on
   the allocated list, so that a reclaim run by these allocations leaves
   its pages alone.  0 or -ENOMEM. */
int binder_pages_get(struct binder_alloc *alloc, uint64_t off, uint64_t len);
/* Gives back every frame of alloc (its buffers are gone) and takes it off
   the reclaimer's list. */
void binder_pages_release_all(struct binder_alloc *alloc);
/* An area that got its pages (mmap): the reclaimer may look at it. */
void binder_pages_track(struct binder_alloc *alloc);
/* Registers the reclaimer of unused frames (called once at boot). */
void binder_pages_init(void);

/* Frames held by every area: under an in-use buffer, and unused
   (reclaimable); counted by walking the areas. */
struct binder_page_stats {
    uint64_t in_use, unused, reclaimed;
};
void binder_page_stats(struct binder_page_stats *out);
/* Counts of one area, for /proc/binder: pages with a frame, in use. */
void binder_alloc_counts(const struct binder_alloc *alloc, uint64_t *buffers,
                         uint64_t *pages_in_use, uint64_t *pages_unused);

#endif
