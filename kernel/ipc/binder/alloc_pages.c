/*
 * kernel/ipc/binder/alloc_pages.c: the frames under binder receive areas
 * (alloc.h).
 *
 * A page of an area gets a frame when the first buffer touching it is
 * allocated: a zero-filled frame (the receiver must never see another
 * process's old bytes in the slack of a buffer), counted by the ledger as a
 * zero-fill under binder.  The kernel writes into it through the direct map
 * (page_to_virt); the receiver's page fault maps the same frame read-only.
 *
 * When the last buffer touching the page is freed, the frame is unused: it
 * stays where it is, still mapped, on the list of unused frames, so the
 * next buffer there costs neither a zero-fill nor a fault -- as Linux's
 * binder keeps such pages on its LRU list.  Unused frames go back to the
 * frame allocator when it runs dry (the reclaimer registered here), when
 * /proc/sys/vm/drop_caches asks for the kernel's caches (2 or 3), and when
 * the process closes its binder.  Taking one back first unmaps it from the
 * receiver, so a later touch there is SIGBUS, as on Linux.
 */
#include "kernel/copy/ledger.h"
#include "kernel/hw/layout.h"
#include "kernel/ipc/binder/alloc.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

static struct list_head unused_frames = LIST_HEAD_INIT(unused_frames);
static struct binder_page_stats stats;

/* Removes the receiver's mapping of page index of a, if the address is
   still a region of this area (the program may have unmapped it and put
   something else there). */
static void unmap_from_receiver(struct binder_alloc *a, uint64_t index)
{
    if (!a->vm)
        return;
    uint64_t va = a->user_base + index * PAGE_SIZE;
    struct vma *v = vm_find(a->vm, va);
    if (v && v->ops == &binder_vm_ops && v->obj == a)
        vm_drop_pages(a->vm, va, PAGE_SIZE);
}

static void give_back(struct binder_alloc *a, struct binder_page *bp)
{
    unmap_from_receiver(a, (uint64_t)(bp - a->pages));
    page_put(bp->frame);
    bp->frame = NULL;
}

static struct page *zeroed_frame(void)
{
    struct page *p = frame_alloc();
    if (!p)
        return NULL;
    memset(page_to_virt(p), 0, PAGE_SIZE);
    ledger_zero_fill(MECH_BINDER, PAGE_SIZE);
    return p;
}

void binder_pages_put(struct binder_alloc *a, uint64_t off, uint64_t len)
{
    for (uint64_t i = off / PAGE_SIZE; i <= (off + len - 1) / PAGE_SIZE; i++) {
        struct binder_page *bp = &a->pages[i];
        if (--bp->users > 0 || !bp->frame)
            continue;
        list_add_tail(&bp->lru, &unused_frames);
        stats.in_use--;
        stats.unused++;
    }
}

int binder_pages_get(struct binder_alloc *a, uint64_t off, uint64_t len)
{
    uint64_t first = off / PAGE_SIZE, last = (off + len - 1) / PAGE_SIZE;
    for (uint64_t i = first; i <= last; i++) {
        struct binder_page *bp = &a->pages[i];
        /* Claimed before any allocation below: a reclaim that runs inside
           frame_alloc takes only frames no buffer claims (pages after i
           may lose theirs, and get one when the loop reaches them). */
        if (bp->users++ > 0)
            continue;
        if (bp->frame) {
            list_del(&bp->lru);
            stats.unused--;
        } else if (!(bp->frame = zeroed_frame())) {
            binder_pages_put(a, off, (i - first + 1) * PAGE_SIZE - off % PAGE_SIZE);
            return -ENOMEM;
        }
        stats.in_use++;
    }
    return 0;
}

void binder_pages_release_all(struct binder_alloc *a)
{
    for (uint64_t i = 0; i < a->npages; i++) {
        struct binder_page *bp = &a->pages[i];
        if (!bp->frame)
            continue;
        if (bp->users) {
            stats.in_use--;
        } else {
            list_del(&bp->lru);
            stats.unused--;
        }
        bp->users = 0;
        give_back(a, bp);
    }
}

/* Gives back up to want unused frames, oldest first; never sleeps. */
static uint64_t reclaim_unused(uint64_t want)
{
    uint64_t n = 0;
    while (n < want && !list_empty(&unused_frames)) {
        struct binder_page *bp = list_first_entry(&unused_frames, struct binder_page, lru);
        list_del(&bp->lru);
        give_back(bp->alloc, bp);
        stats.unused--;
        stats.reclaimed++;
        n++;
    }
    return n;
}

static struct frame_reclaimer unused_reclaimer = {
    .name = "binder",
    .reclaim = reclaim_unused,
    .drop_caches_bit = FRAME_DROP_KERNEL_CACHES,
};

void binder_pages_init(void) { frame_register_reclaimer(&unused_reclaimer); }

void binder_page_stats(struct binder_page_stats *out) { *out = stats; }
