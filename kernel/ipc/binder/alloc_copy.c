/*
 * kernel/ipc/binder/alloc_copy.c: bytes into and out of a buffer of a
 * receive area (alloc.h).
 *
 * The kernel reaches a buffer through its own mapping of the frames under
 * it: each frame is in the direct map (page_to_virt), so a buffer that
 * spans pages is reached page by page (the frames need not be contiguous).
 *
 *   sender's user memory                       receiver's address space
 *   [ data | offsets ]  --copy_from_user_cross-->  frame  <--  its read-only
 *                          (the one copy, into       mapping of the area
 *                           page_to_virt(frame))
 */
#include "kernel/copy/uaccess.h"
#include "kernel/hw/layout.h"
#include "kernel/ipc/binder/alloc.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

/* Is [off, off+n) inside the bytes of buffer? */
static bool inside(const struct binder_alloc *a, const struct binder_buffer *b, uint64_t off,
                   uint64_t n)
{
    uint64_t size = binder_alloc_buffer_size(a, b);
    return off <= size && n <= size - off;
}

/* The kernel address of area byte pos, and how many bytes (at most want)
   follow it in kernel memory without a break: to the end of its page, or
   further while the next pages' frames happen to follow in physical
   memory (frames taken one after the other often do), so that a big
   buffer is one copy operation rather than one per page. */
static uint8_t *area_bytes(struct binder_alloc *a, uint64_t pos, uint64_t want, uint64_t *len)
{
    uint64_t in_page = pos % PAGE_SIZE, index = pos / PAGE_SIZE;
    uint8_t *start = (uint8_t *)page_to_virt(a->pages[index].frame) + in_page;
    uint64_t n = PAGE_SIZE - in_page;
    while (n < want && index + 1 < a->npages && a->pages[index + 1].frame &&
           page_to_virt(a->pages[index + 1].frame) == start + n) {
        n += PAGE_SIZE;
        index++;
    }
    *len = want < n ? want : n;
    return start;
}

int binder_alloc_copy_user_to_buffer(struct binder_alloc *a, struct binder_buffer *b, uint64_t off,
                                     uint64_t uaddr, uint64_t n)
{
    if (!inside(a, b, off, n))
        return -EINVAL;
    for (uint64_t done = 0, len; done < n; done += len) {
        uint8_t *dst = area_bytes(a, b->offset + off + done, n - done, &len);
        if (copy_from_user_cross(dst, (const void *)(uaddr + done), len, MECH_BINDER, a->pid))
            return -EFAULT;
    }
    return 0;
}

int binder_alloc_copy_to_buffer(struct binder_alloc *a, struct binder_buffer *b, uint64_t off,
                                const void *src, uint64_t n)
{
    if (!inside(a, b, off, n))
        return -EINVAL;
    for (uint64_t done = 0, len; done < n; done += len) {
        uint8_t *dst = area_bytes(a, b->offset + off + done, n - done, &len);
        memcpy(dst, (const uint8_t *)src + done, len);
    }
    return 0;
}

int binder_alloc_copy_from_buffer(struct binder_alloc *a, void *dst, struct binder_buffer *b,
                                  uint64_t off, uint64_t n)
{
    if (!inside(a, b, off, n))
        return -EINVAL;
    for (uint64_t done = 0, len; done < n; done += len) {
        const uint8_t *src = area_bytes(a, b->offset + off + done, n - done, &len);
        memcpy((uint8_t *)dst + done, src, len);
    }
    return 0;
}

void binder_alloc_clear_buf(struct binder_alloc *a, struct binder_buffer *b)
{
    uint64_t n = binder_alloc_buffer_size(a, b);
    for (uint64_t done = 0, len = 0; done < n; done += len) {
        uint8_t *dst = area_bytes(a, b->offset + done, n - done, &len);
        memset(dst, 0, len);
    }
    ledger_zero_fill(MECH_BINDER, n);
}
