/*
 * kernel/mm/frame.c: physical frames.  One struct page per frame from 0 up to
 * the highest usable address, in an array placed in free RAM; the buddy core
 * (buddy.c) under a lock; reference counts.
 *
 * Boot order: frame_init() runs while only the boot page tables exist, which
 * map the first 1 GiB at PHYS_MAP_BASE, so it gives out only RAM below that
 * (paging_init's new tables must be writable through the direct map).
 * paging_init() maps all RAM and then calls frame_init_high() for the rest.
 */
#include "kernel/mm/frame.h"
#include "kernel/copy/ledger.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/mm/buddy.h"
#include "kernel/mm/vmscan.h"

#define BOOT_DIRECT_MAP_END 0x40000000ull /* boot/boot.S maps [0, 1 GiB) */
#define LOW_MEMORY_END      0x100000ull   /* BIOS data, VGA, ROMs: never allocated */
#define MAX_EXCLUDED        16

extern char kernel_phys_start[], kernel_end[];

static struct buddy buddy;
static struct spinlock frame_lock = SPINLOCK_INIT("frame");
static struct page *page_array;
static uint64_t page_count;      /* frames described: 0 .. page_count-1 */
static uint64_t usable_frames;   /* frames inside available memory-map regions */
static uint64_t released_frames; /* frames given to the buddy allocator */

struct range {
    uint64_t start, end;
};
static struct range excluded[MAX_EXCLUDED];
static const struct memmap_entry *memmap;
static int memmap_count;
static int excluded_count;

static uint64_t align_down(uint64_t x) { return x & ~(uint64_t)(PAGE_SIZE - 1); }
static uint64_t align_up(uint64_t x) { return align_down(x + PAGE_SIZE - 1); }

static void exclude(uint64_t start, uint64_t end)
{
    if (excluded_count == MAX_EXCLUDED)
        panic("frame_init: more than %d reserved ranges", MAX_EXCLUDED);
    excluded[excluded_count++] = (struct range){ align_down(start), align_up(end) };
}

/* The first excluded range that overlaps [start, end), or NULL. */
static const struct range *overlapping(uint64_t start, uint64_t end)
{
    for (int i = 0; i < excluded_count; i++)
        if (excluded[i].start < end && start < excluded[i].end)
            return &excluded[i];
    return NULL;
}

/* Lowest page-aligned place for size bytes in available RAM below limit. */
static uint64_t find_free_phys(uint64_t size, uint64_t limit)
{
    for (int i = 0; i < memmap_count; i++) {
        const struct memmap_entry *m = &memmap[i];
        if (m->type != MEMMAP_AVAILABLE)
            continue;
        uint64_t end = align_down(m->base + m->length);
        if (end > limit)
            end = limit;
        uint64_t at = align_up(m->base);
        const struct range *r;
        while (at + size <= end && (r = overlapping(at, at + size)))
            at = r->end;
        if (at + size <= end)
            return at;
    }
    panic("frame_init: no room for %lu bytes of struct pages below %#lx", size, limit);
}

/* Gives the allocator every available frame in [lo, hi) that is not excluded. */
static void release_available(uint64_t lo, uint64_t hi)
{
    for (int i = 0; i < memmap_count; i++) {
        const struct memmap_entry *m = &memmap[i];
        if (m->type != MEMMAP_AVAILABLE)
            continue;
        uint64_t at = align_up(m->base), end = align_down(m->base + m->length);
        at = at < lo ? lo : at;
        end = end > hi ? hi : end;
        while (at < end) {
            const struct range *r = overlapping(at, at + PAGE_SIZE);
            if (r) {
                at = r->end;
                continue;
            }
            uint64_t next = end; /* up to the next excluded range */
            for (int j = 0; j < excluded_count; j++)
                if (excluded[j].start > at && excluded[j].start < next)
                    next = excluded[j].start;
            buddy_add_range(&buddy, at >> PAGE_SHIFT, (next - at) >> PAGE_SHIFT);
            released_frames += (next - at) >> PAGE_SHIFT;
            at = next;
        }
    }
}

uint64_t frame_phys_end(void) { return page_count << PAGE_SHIFT; }

struct frame_watermarks frame_wmark;

/* Linux sizes min_free_kbytes as 4 * sqrt(KiB of RAM), low and high 25%
   and 50% above min: for 64 MiB that is 1 MiB, 1.25 MiB, 1.5 MiB.  One
   64th of RAM comes close for the sizes QEMU is given (and needs no
   square root), within [128 KiB, 16 MiB]. */
static void set_watermarks(void)
{
    uint64_t min = usable_frames / 64;
    if (min < 32)
        min = 32;
    if (min > 4096)
        min = 4096;
    frame_wmark = (struct frame_watermarks){ min, min + min / 4, min + min / 2 };
}

uint64_t frame_free_count(void) { return buddy.free_pages; }

bool frame_has_block(unsigned order)
{
    for (unsigned o = order; o < MAX_ORDER; o++)
        if (buddy.free_blocks[o])
            return true;
    return false;
}

void frame_init(const struct memmap_entry *map, int count, const struct phys_range *reserved,
                int nreserved)
{
    memmap = map;
    memmap_count = count;
    uint64_t top = 0;
    for (int i = 0; i < memmap_count; i++) {
        const struct memmap_entry *m = &memmap[i];
        if (m->type != MEMMAP_AVAILABLE)
            continue;
        uint64_t s = align_up(m->base), e = align_down(m->base + m->length);
        if (e > s)
            usable_frames += (e - s) >> PAGE_SHIFT;
        if (e > top)
            top = e;
    }
    page_count = top >> PAGE_SHIFT;

    exclude(0, LOW_MEMORY_END);
    exclude((uint64_t)kernel_phys_start, (uint64_t)kernel_end - KERNEL_VMA);
    for (int i = 0; i < nreserved; i++)
        exclude(reserved[i].start, reserved[i].end);

    uint64_t array_bytes = align_up(page_count * sizeof(struct page));
    uint64_t array_phys = find_free_phys(array_bytes, BOOT_DIRECT_MAP_END);
    exclude(array_phys, array_phys + array_bytes);
    page_array = phys_to_virt(array_phys);

    buddy_init(&buddy, page_array, page_count);
    release_available(0, BOOT_DIRECT_MAP_END);
    set_watermarks();
    pr_info("frame: %lu MiB of RAM in %lu frames; struct pages at %#lx (%lu KiB); kernel image "
            "%#lx-%#lx\n",
            (usable_frames << PAGE_SHIFT) >> 20, usable_frames, array_phys, array_bytes >> 10,
            (uint64_t)kernel_phys_start, (uint64_t)kernel_end - KERNEL_VMA);
}

void frame_init_high(void)
{
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    release_available(BOOT_DIRECT_MAP_END, ~0ull);
    spin_unlock_irqrestore(&frame_lock, flags);
}

static struct frame_reclaimer *reclaimers;

void frame_register_reclaimer(struct frame_reclaimer *r)
{
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    r->next = reclaimers;
    reclaimers = r;
    spin_unlock_irqrestore(&frame_lock, flags);
}

void frame_unregister_reclaimer(struct frame_reclaimer *r)
{
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    for (struct frame_reclaimer **pp = &reclaimers; *pp; pp = &(*pp)->next)
        if (*pp == r) {
            *pp = r->next;
            break;
        }
    spin_unlock_irqrestore(&frame_lock, flags);
}

struct frame_reclaimer *frame_reclaimers_replace(struct frame_reclaimer *list)
{
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    struct frame_reclaimer *old = reclaimers;
    reclaimers = list;
    spin_unlock_irqrestore(&frame_lock, flags);
    return old;
}

/* Asks each reclaimer in turn for want frames; true once one freed some. */
static bool reclaim(uint64_t want)
{
    for (struct frame_reclaimer *r = reclaimers; r; r = r->next)
        if (r->reclaim(want))
            return true;
    return false;
}

uint64_t frame_drop_caches(unsigned bit)
{
    uint64_t freed = 0;
    for (struct frame_reclaimer *r = reclaimers; r; r = r->next)
        if (r->drop_caches_bit & bit)
            freed += r->reclaim(UINT64_MAX);
    return freed;
}

/* Frames asked of the reclaimers at least, so that a run of faults on an
   empty allocator does not call it once per page. */
#define RECLAIM_BATCH 32

static struct page *buddy_take(unsigned order)
{
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    struct page *p = buddy_alloc(&buddy, order);
    spin_unlock_irqrestore(&frame_lock, flags);
    return p;
}

/* Takes a block for the caller of the frame_alloc* function that calls it:
   site is that function's return address and from its caller's, the pair
   /proc/framesites reports the block under (frame_sites.h). */
static struct page *alloc_at(unsigned order, uint64_t site, uint64_t from)
{
    struct page *p = buddy_take(order);
    if (!p && irqs_enabled()) {
        uint64_t want = (1ull << order) > RECLAIM_BATCH ? (1ull << order) : RECLAIM_BATCH;
        if (reclaim(want))
            p = buddy_take(order);
    }
    if (!p)
        return NULL;
    *p = (struct page){ .refcount = 1, .order = order };
#if FRAME_SITES
    p->site = frame_site_intern(site, from);
#endif
    list_init(&p->list);
    if (buddy.free_pages < frame_wmark.low)
        vmscan_wake_kswapd();
    return p;
}

#define RETURN_ADDRESS() ((uint64_t)__builtin_return_address(0))

struct page *frame_alloc_order(unsigned order)
{
    return alloc_at(order, RETURN_ADDRESS(), FRAME_SITE_CALLER());
}

struct page *frame_alloc_order_from(unsigned order, uint64_t from)
{
    return alloc_at(order, RETURN_ADDRESS(), from);
}

struct page *frame_alloc_user(void)
{
    if (buddy.free_pages <= frame_wmark.min && irqs_enabled())
        reclaim(RECLAIM_BATCH); /* what costs nothing first */
    if (buddy.free_pages <= frame_wmark.min) {
        vmscan_wake_kswapd();
        return NULL;
    }
    return alloc_at(0, RETURN_ADDRESS(), FRAME_SITE_CALLER());
}

struct page *frame_alloc(void) { return alloc_at(0, RETURN_ADDRESS(), FRAME_SITE_CALLER()); }

struct page *frame_alloc_zeroed(void)
{
    struct page *p = alloc_at(0, RETURN_ADDRESS(), FRAME_SITE_CALLER());
    if (p) {
        memset(page_to_virt(p), 0, PAGE_SIZE);
        ledger_zero_fill(MECH_OTHER, PAGE_SIZE);
    }
    return p;
}

static void give_back(struct page *p, unsigned order)
{
    p->flags = 0;
    p->mapping = NULL;
    p->private = NULL;
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    bool ok = buddy_free(&buddy, p, order);
    spin_unlock_irqrestore(&frame_lock, flags);
    if (!ok)
        panic("frame_free: frame %#lx (order %u) is not an allocated block", page_to_phys(p),
              order);
}

void frame_free_order(struct page *p, unsigned order)
{
    if (p->refcount != 1)
        panic("frame_free_order: frame %#lx has refcount %d (double free?)", page_to_phys(p),
              p->refcount);
    if (p->order != order)
        panic("frame_free_order: frame %#lx was allocated with order %u, freed with %u",
              page_to_phys(p), p->order, order);
    p->refcount = 0;
    give_back(p, order);
}

void page_get(struct page *p)
{
    if (__atomic_fetch_add(&p->refcount, 1, __ATOMIC_RELAXED) <= 0)
        panic("page_get: frame %#lx is free (refcount was %d)", page_to_phys(p), p->refcount - 1);
}

void page_put(struct page *p)
{
    int32_t left = __atomic_sub_fetch(&p->refcount, 1, __ATOMIC_ACQ_REL);
    if (left < 0)
        panic("page_put: frame %#lx was already free (double put)", page_to_phys(p));
    if (left == 0)
        give_back(p, p->order);
}

struct page *phys_to_page(uint64_t pa)
{
    uint64_t pfn = pa >> PAGE_SHIFT;
    return pfn < page_count ? &page_array[pfn] : NULL;
}

uint64_t page_to_phys(const struct page *p) { return (uint64_t)(p - page_array) << PAGE_SHIFT; }

void frame_stats(struct frame_stats *out)
{
    uint64_t flags = spin_lock_irqsave(&frame_lock);
    out->total = usable_frames;
    out->free = buddy.free_pages;
    out->reserved = usable_frames - released_frames;
    spin_unlock_irqrestore(&frame_lock, flags);
}
