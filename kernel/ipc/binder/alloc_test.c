/* In-kernel tests of the binder receive area (alloc.c, alloc_pages.c,
   alloc_copy.c): best fit, split and merge, one-way space, frames on first
   use and their return, and reads and writes across page boundaries. */
#include "kernel/hw/layout.h"
#include "kernel/ipc/binder/alloc.h"
#include "kernel/lib/task.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

#define AREA_BASE 0x10000000ull /* a made-up user address: no region is mapped */

static uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

/* An area of len bytes as mmap would set it up (no address space). */
static struct binder_alloc *area(uint64_t len)
{
    struct binder_alloc *a = binder_alloc_create(task_tgid(), "binder", 0);
    uint32_t flags = 0;
    if (a && binder_vm_ops.attach(a, NULL, AREA_BASE, len, 0, VM_PROT_READ, &flags)) {
        binder_alloc_release(a);
        return NULL;
    }
    return a;
}

static struct binder_buffer *get(struct binder_alloc *a, uint64_t size, bool async)
{
    struct binder_buffer *b = NULL;
    return binder_alloc_new_buf(a, size, 0, 0, async, 1, &b) ? NULL : b;
}

KTEST(binder_alloc_best_fit_splits_and_merges)
{
    struct binder_alloc *a = area(16 * PAGE_SIZE);
    KASSERT(a);
    struct binder_buffer *x = get(a, 1000, false), *y = get(a, 3000, false),
                         *z = get(a, 8000, false);
    KASSERT(x && y && z);
    /* Each is carved from the front of the one free buffer, 8-byte sizes. */
    KEXPECT(x->offset == 0 && y->offset == 1000 && z->offset == 4000);
    KEXPECT(binder_alloc_buffer_size(a, y) == 3000);
    binder_alloc_free_buf(a, y);
    /* Best fit: the 3000-byte hole, not the big rest, takes a 2000. */
    struct binder_buffer *w = get(a, 2000, false);
    KASSERT(w);
    KEXPECT(w->offset == 1000);
    /* An empty buffer still gets 8 bytes, so it has its own address. */
    struct binder_buffer *e = get(a, 0, false);
    KASSERT(e);
    KEXPECT(e->offset == 3000 && binder_alloc_buffer_size(a, e) == 8);
    binder_alloc_free_buf(a, x);
    binder_alloc_free_buf(a, w);
    binder_alloc_free_buf(a, e);
    binder_alloc_free_buf(a, z);
    /* All merged back: one buffer as big as the area fits again. */
    struct binder_buffer *all = get(a, 16 * PAGE_SIZE, false);
    KEXPECT(all && all->offset == 0);
    KEXPECT(!get(a, 8, false)); /* full */
    if (all)
        binder_alloc_free_buf(a, all);
    binder_alloc_release(a);
}

KTEST(binder_alloc_refuses_bad_sizes_and_full_areas)
{
    struct binder_alloc *a = area(4 * PAGE_SIZE);
    KASSERT(a);
    struct binder_buffer *b;
    KEXPECT(binder_alloc_new_buf(a, ~0ull - 3, 0, 0, false, 1, &b) == -EINVAL);
    KEXPECT(binder_alloc_new_buf(a, 8, ~0ull - 3, 0, false, 1, &b) == -EINVAL);
    KEXPECT(binder_alloc_new_buf(a, 4 * PAGE_SIZE + 1, 0, 0, false, 1, &b) == -ENOSPC);
    /* One-way buffers may hold half the area, bookkeeping included. */
    KEXPECT(binder_alloc_new_buf(a, 2 * PAGE_SIZE, 0, 0, true, 1, &b) == -ENOSPC);
    struct binder_buffer *one = get(a, PAGE_SIZE, true);
    KASSERT(one);
    KEXPECT(!get(a, PAGE_SIZE, true));
    KEXPECT(a->free_async_space == 2 * PAGE_SIZE - PAGE_SIZE - sizeof(struct binder_buffer));
    binder_alloc_free_buf(a, one);
    KEXPECT(a->free_async_space == 2 * PAGE_SIZE);
    binder_alloc_release(a);
}

KTEST(binder_alloc_takes_frames_on_first_use_and_gives_them_back)
{
    struct binder_alloc *a = area(64 * PAGE_SIZE);
    KASSERT(a);
    uint64_t before = free_frames();
    struct binder_page_stats s0, s1, s2;
    binder_page_stats(&s0);
    /* 3 pages and a bit: the buffer touches 4 pages. */
    struct binder_buffer *b = get(a, 3 * PAGE_SIZE + 100, false);
    KASSERT(b);
    binder_page_stats(&s1);
    KEXPECT(s1.in_use - s0.in_use == 4);
    KEXPECT(before - free_frames() >= 4);
    /* A buffer sharing the last page takes one more, not two. */
    struct binder_buffer *c = get(a, PAGE_SIZE, false);
    KASSERT(c);
    binder_page_stats(&s2);
    KEXPECT(s2.in_use - s1.in_use == 1);
    binder_alloc_free_buf(a, b);
    binder_page_stats(&s1);
    /* The first three pages are unused now; the shared one is still c's. */
    KEXPECT(s1.in_use - s0.in_use == 2 && s1.unused - s0.unused == 3);
    binder_alloc_free_buf(a, c);
    binder_alloc_release(a);
    binder_page_stats(&s2);
    KEXPECT(s2.in_use == s0.in_use && s2.unused == s0.unused);
    KEXPECT(free_frames() >= before);
}

KTEST(binder_alloc_frames_start_zeroed_and_copies_cross_pages)
{
    struct binder_alloc *a = area(8 * PAGE_SIZE);
    KASSERT(a);
    struct binder_buffer *b = get(a, 2 * PAGE_SIZE, false);
    KASSERT(b);
    uint8_t in[64], out[64];
    KEXPECT(binder_alloc_copy_from_buffer(a, out, b, PAGE_SIZE - 32, sizeof out) == 0);
    bool zero = true;
    for (unsigned i = 0; i < sizeof out; i++)
        zero &= out[i] == 0;
    KEXPECT(zero);
    for (unsigned i = 0; i < sizeof in; i++)
        in[i] = (uint8_t)(i * 3 + 1);
    KEXPECT(binder_alloc_copy_to_buffer(a, b, PAGE_SIZE - 32, in, sizeof in) == 0);
    KEXPECT(binder_alloc_copy_from_buffer(a, out, b, PAGE_SIZE - 32, sizeof out) == 0);
    KEXPECT(memcmp(in, out, sizeof in) == 0);
    /* Outside the buffer: refused. */
    KEXPECT(binder_alloc_copy_to_buffer(a, b, 2 * PAGE_SIZE - 8, in, 16) == -EINVAL);
    binder_alloc_free_buf(a, b);
    binder_alloc_release(a);
}
