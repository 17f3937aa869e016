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
 * When no in-use buffer touches the page any more, the frame is unused: it
 * stays where it is, still mapped, so the next buffer there costs neither a
 * zero-fill nor a fault -- as Linux's binder keeps such pages on its LRU
 * list.  Nothing is counted on the way (a buffer is allocated and freed per
 * call, a reclaim is rare): which frames are unused is worked out when the
 * frame allocator runs dry (the reclaimer registered here) or /proc/sys/vm/
 * drop_caches asks for the kernel's caches (2 or 3), by marking the pages of
 * each area's in-use buffers; all of an area's frames go when its process
 * closes its binder.  Taking one back first unmaps it from the receiver, so
 * a later touch there is SIGBUS, as on Linux.
 */
#include "kernel/copy/ledger.h"
#include "kernel/hw/layout.h"
#include "kernel/ipc/binder/alloc.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

static struct list_head areas = LIST_HEAD_INIT(areas); /* binder_alloc.areas_link */
static uint64_t reclaimed;

void binder_pages_track(struct binder_alloc *a) { list_add_tail(&a->areas_link, &areas); }

#define PAGE_BITS ((BINDER_AREA_MAX / PAGE_SIZE + 63) / 64)

/* Sets the bit of every page some in-use buffer of a touches. */
static void mark_in_use(const struct binder_alloc *a, uint64_t bits[PAGE_BITS])
{
    memset(bits, 0, PAGE_BITS * sizeof bits[0]);
    const struct list_head *pos;
    for (pos = a->allocated.next; pos != &a->allocated; pos = pos->next) {
        const struct binder_buffer *b = list_entry(pos, struct binder_buffer, size_link);
        uint64_t end = b->offset + binder_alloc_buffer_size(a, b);
        for (uint64_t i = b->offset / PAGE_SIZE; i <= (end - 1) / PAGE_SIZE; i++)
            bits[i / 64] |= 1ull << (i % 64);
    }
}

static bool marked(const uint64_t bits[PAGE_BITS], uint64_t i)
{
    return bits[i / 64] & (1ull << (i % 64));
}

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

static void give_back(struct binder_alloc *a, uint64_t index)
{
    unmap_from_receiver(a, index);
    page_put(a->pages[index].frame);
    a->pages[index].frame = NULL;
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

int binder_pages_get(struct binder_alloc *a, uint64_t off, uint64_t len)
{
    for (uint64_t i = off / PAGE_SIZE; i <= (off + len - 1) / PAGE_SIZE; i++)
        if (!a->pages[i].frame && !(a->pages[i].frame = zeroed_frame()))
            return -ENOMEM; /* the frames given so far just stay unused */
    return 0;
}

void binder_pages_release_all(struct binder_alloc *a)
{
    for (uint64_t i = 0; i < a->npages; i++)
        if (a->pages[i].frame)
            give_back(a, i);
    if (a->npages)
        list_del(&a->areas_link);
}

/* Gives back up to want unused frames, area by area; never sleeps. */
static uint64_t reclaim_unused(uint64_t want)
{
    uint64_t n = 0, bits[PAGE_BITS];
    struct list_head *pos;
    list_for_each(pos, &areas)
    {
        struct binder_alloc *a = list_entry(pos, struct binder_alloc, areas_link);
        mark_in_use(a, bits);
        for (uint64_t i = 0; i < a->npages && n < want; i++) {
            if (!a->pages[i].frame || marked(bits, i))
                continue;
            give_back(a, i);
            reclaimed++;
            n++;
        }
        if (n == want)
            break;
    }
    return n;
}

static struct frame_reclaimer unused_reclaimer = {
    .name = "binder",
    .reclaim = reclaim_unused,
    .drop_caches_bit = FRAME_DROP_KERNEL_CACHES,
};

void binder_pages_init(void) { frame_register_reclaimer(&unused_reclaimer); }

void binder_alloc_counts(const struct binder_alloc *a, uint64_t *buffers, uint64_t *in_use,
                         uint64_t *unused)
{
    uint64_t bits[PAGE_BITS];
    *buffers = *in_use = *unused = 0;
    const struct list_head *pos;
    for (pos = a->allocated.next; pos != &a->allocated; pos = pos->next)
        (*buffers)++;
    if (!a->npages)
        return;
    mark_in_use(a, bits);
    for (uint64_t i = 0; i < a->npages; i++) {
        if (!a->pages[i].frame)
            continue;
        if (marked(bits, i))
            (*in_use)++;
        else
            (*unused)++;
    }
}

void binder_page_stats(struct binder_page_stats *out)
{
    out->in_use = out->unused = 0;
    out->reclaimed = reclaimed;
    struct list_head *pos;
    list_for_each(pos, &areas)
    {
        uint64_t buffers, in_use, unused;
        binder_alloc_counts(list_entry(pos, struct binder_alloc, areas_link), &buffers, &in_use,
                            &unused);
        out->in_use += in_use;
        out->unused += unused;
    }
}
