/*
 * kernel/mm/swap_cache.c: pages by swap entry (see swap.h), reading them
 * back (with the slots around them) and writing them out.
 *
 * A cached page is on one hash chain (page->hash_next, keyed by the entry
 * kept in page->index) and on the cache's list (page->list), flagged
 * PG_SWAPCACHE; the cache holds one reference on it.  PG_UPTODATE means
 * its contents are valid (a page being read has it once the read is
 * over), PG_DIRTY that they are not in the slot yet; PG_LOCKED that I/O is in flight, and
 * the page-cache's page wait (pcache_wait_io, pcache_end_read) wakes
 * whoever waits for it, so reads end in the disk's interrupt handler like
 * any page-cache read.
 *
 * Read-ahead: a swap-in reads the 2^page_cluster-slot aligned block around
 * the slot faulted on (the slots that are in use and not cached), in one
 * request where they are adjacent, as Linux's swap cluster read-ahead.
 * Slots are handed out in the order pages go out (swap_area.c), and reclaim
 * scans address spaces in address order, so neighbouring slots usually
 * hold neighbouring pages.  Pages read ahead stay in the cache, clean and
 * unmapped, until a fault takes them or reclaim drops them for nothing.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/swap_internal.h"
#include "kernel/mm/vmscan.h"
#include "kernel/mm/wb_cluster.h"

#define SWAP_HASH_BUCKETS 1024 /* a power of two */
#define SWAP_RA_MAX       64   /* pages one read-ahead block may hold (page_cluster 6) */
#define WRITE_STACK_PAGES 64   /* a write-out of more sorts in a kmalloc'd array */

static struct page *hash_table[SWAP_HASH_BUCKETS];
static struct list_head cached = LIST_HEAD_INIT(cached);
uint64_t swap_cache_pages;

static unsigned hash_of(swp_entry_t e)
{
    return (unsigned)((e.val * 0x9e3779b97f4a7c15ull) >> 40) & (SWAP_HASH_BUCKETS - 1);
}

static struct page *find(swp_entry_t e)
{
    for (struct page *p = hash_table[hash_of(e)]; p; p = p->hash_next)
        if (p->index == e.val)
            return p;
    return NULL;
}

struct page *swap_cache_lookup(swp_entry_t e)
{
    struct page *p = find(e);
    if (p)
        page_get(p);
    return p;
}

void swap_cache_add(struct page *p, swp_entry_t e)
{
    if (p->flags & PG_SWAPCACHE)
        panic("swap_cache_add: frame %#lx is cached already", page_to_phys(p));
    swap_set_cache_flag(e);
    p->index = e.val;
    pg_set(p, PG_SWAPCACHE);
    unsigned h = hash_of(e);
    p->hash_next = hash_table[h];
    hash_table[h] = p;
    list_add_tail(&p->list, &cached);
    swap_cache_pages++;
}

void swap_cache_remove(struct page *p)
{
    if (p->flags & PG_LOCKED)
        panic("swap_cache_remove: frame %#lx has I/O in flight", page_to_phys(p));
    swp_entry_t e = swap_cache_entry(p);
    struct page **pp = &hash_table[hash_of(e)];
    while (*pp != p) {
        if (!*pp)
            panic("swap_cache_remove: frame %#lx (entry %#lx) is not cached", page_to_phys(p),
                  e.val);
        pp = &(*pp)->hash_next;
    }
    *pp = p->hash_next;
    p->hash_next = NULL;
    list_del(&p->list);
    list_init(&p->list);
    pg_clear(p, PG_SWAPCACHE | PG_DIRTY | PG_RA_UNUSED | PG_UPTODATE | PG_IO_ERROR);
    swap_cache_pages--;
    swap_clear_cache_flag(e);
    page_put(p);
}

/* --- reading --- */

/* A locked, cached, not yet uptodate page for e, or NULL (no frame).
   Read-ahead pages are taken only above the min watermark plus a block's
   worth: they are clean, and reclaim drops them first if they go unused. */
static struct page *new_read_page(swp_entry_t e, bool ahead)
{
    struct page *p;
    if (ahead)
        p = frame_free_count() > frame_wmark.min + SWAP_RA_MAX ? frame_alloc() : NULL;
    else
        p = frame_alloc_user();
    if (!p)
        return NULL;
    p->flags |= PG_ANON | PG_LOCKED;
    if (ahead)
        p->flags |= PG_RA_UNUSED;
    swap_cache_add(p, e);
    return p;
}

/* Starts reading e's slot and the block of slots around it that are in
   use and not cached.  False when not even e's page could be had. */
static bool start_read(struct swap_area *a, swp_entry_t e)
{
    unsigned type = swp_type(e);
    uint64_t off = swp_offset(e);
    uint64_t n = 1ull << (swap_page_cluster < 6 ? swap_page_cluster : 6);
    uint64_t start = off & ~(n - 1), end = start + n;
    if (end > a->max)
        end = a->max;
    struct page *pages[SWAP_RA_MAX];
    uint64_t slots[SWAP_RA_MAX];
    unsigned k = 0;
    bool got_target = false;
    for (uint64_t s = start ? start : 1; s < end; s++) {
        uint16_t m = a->map[s];
        bool target = s == off;
        if (!target && (m == SWAP_BAD || (m & ~SWAP_HAS_CACHE) == 0 || (m & SWAP_HAS_CACHE)))
            continue;
        struct page *p = new_read_page(swp_entry(type, s), !target);
        if (!p) {
            if (target)
                break;
            continue;
        }
        got_target |= target;
        if (!target)
            swap_stat_ra++;
        pages[k] = p;
        slots[k++] = s;
    }
    swap_stat_pswpin += k;
    if (k)
        a->ops->read(a->io, pages, slots, k);
    return got_target;
}

struct page *swap_read_page(swp_entry_t e, bool *major, int *err)
{
    struct swap_area *a = swap_area_of(e);
    if (!a) {
        *err = -EIO;
        return NULL;
    }
    struct page *p = swap_cache_lookup(e);
    if (!p) {
        if (!start_read(a, e)) {
            *err = -ENOMEM;
            return NULL;
        }
        if (major)
            *major = true;
        p = swap_cache_lookup(e);
    } else if (p->flags & PG_RA_UNUSED) {
        pg_clear(p, PG_RA_UNUSED);
        swap_stat_ra_hit++;
    }
    pcache_wait_io(p);
    if (!(p->flags & PG_UPTODATE)) {
        /* The read failed: leave nothing half-read behind, so that a later
           fault tries the disk again. */
        if ((p->flags & PG_SWAPCACHE) && !(p->flags & PG_LOCKED) && p->index == e.val)
            swap_cache_remove(p);
        page_put(p);
        *err = -EIO;
        return NULL;
    }
    return p;
}

/* --- writing --- */

/* Writes run[0..n) (one area, ascending slots, locked, clean now). */
static int write_run(struct page **run, unsigned n)
{
    uint64_t stack_slots[WRITE_STACK_PAGES];
    uint64_t *slots = n > WRITE_STACK_PAGES ? kmalloc(n * sizeof *slots) : stack_slots;
    if (!slots)
        return -ENOMEM;
    for (unsigned i = 0; i < n; i++)
        slots[i] = swp_offset(swap_cache_entry(run[i]));
    struct swap_area *a = swap_area_of(swap_cache_entry(run[0]));
    int err = a->ops->write(a->io, run, slots, n);
    if (slots != stack_slots)
        kfree(slots);
    return err;
}

/* After the write: the page goes if nobody but the cache (and the caller)
   holds it and its slot has its contents, or no entry refers to it. */
static bool free_if_unused(struct page *p)
{
    if (!(p->flags & PG_SWAPCACHE) || (p->flags & PG_LOCKED) || p->refcount != 2)
        return false;
    swp_entry_t e = swap_cache_entry(p);
    if ((p->flags & PG_DIRTY) && swap_count(e) != 0)
        return false;
    swap_cache_remove(p);
    return true;
}

uint64_t swap_writeout(struct page **pages, unsigned n)
{
    if (n == 0)
        return 0;
    uint64_t keys[WRITE_STACK_PAGES];
    uint64_t *k = n > WRITE_STACK_PAGES ? kmalloc(n * sizeof *k) : keys;
    if (!k) {
        /* No memory for the sort: write in smaller pieces. */
        uint64_t freed = 0;
        for (unsigned i = 0; i < n; i += WRITE_STACK_PAGES)
            freed +=
                swap_writeout(pages + i, n - i < WRITE_STACK_PAGES ? n - i : WRITE_STACK_PAGES);
        return freed;
    }
    for (unsigned i = 0; i < n; i++)
        k[i] = pages[i]->index;
    wb_sort(k, (void **)pages, n);
    /* Lock and clean them all first: a fault meanwhile waits for the write. */
    for (unsigned i = 0; i < n; i++) {
        pg_set(pages[i], PG_LOCKED);
        pg_clear(pages[i], PG_DIRTY);
    }
    for (unsigned i = 0; i < n;) {
        unsigned j = i + 1;
        while (j < n &&
               swp_type(swap_cache_entry(pages[j])) == swp_type(swap_cache_entry(pages[i])))
            j++;
        int err = write_run(pages + i, j - i);
        if (err) {
            pr_err("swap: writing %u pages failed (%d); they stay in memory\n", j - i, err);
            for (unsigned x = i; x < j; x++)
                pg_set(pages[x], PG_DIRTY);
        } else {
            swap_stat_pswpout += j - i;
        }
        i = j;
    }
    uint64_t freed = 0;
    for (unsigned i = 0; i < n; i++) {
        pcache_unlock(pages[i]);
        if (free_if_unused(pages[i]))
            freed++;
        page_put(pages[i]);
    }
    if (k != keys)
        kfree(k);
    return freed;
}

/* --- reclaim's side --- */

uint64_t swap_cache_shrink(uint64_t want)
{
    uint64_t freed = 0;
    struct list_head *pos, *tmp;
    list_for_each_safe(pos, tmp, &cached)
    {
        if (freed >= want)
            break;
        struct page *p = list_entry(pos, struct page, list);
        if (p->refcount != 1 || (p->flags & PG_LOCKED))
            continue;
        swp_entry_t e = swap_cache_entry(p);
        if ((p->flags & PG_DIRTY) && swap_count(e) != 0)
            continue;
        if (!swap_area_of(e)->enabled && swap_count(e) != 0)
            continue; /* swapoff gathered it here: it is the only copy soon */
        swap_cache_remove(p);
        freed++;
    }
    return freed;
}

unsigned swap_cache_collect_dirty(struct page **out, unsigned max)
{
    unsigned n = 0;
    struct list_head *pos;
    list_for_each(pos, &cached)
    {
        if (n == max)
            break;
        struct page *p = list_entry(pos, struct page, list);
        if ((p->flags & PG_DIRTY) && !(p->flags & PG_LOCKED) && p->refcount == 1) {
            page_get(p);
            out[n++] = p;
        }
    }
    return n;
}

int swap_read_all(unsigned type)
{
    struct swap_area *a = &swap_areas[type];
    struct page *pages[SWAP_RA_MAX];
    uint64_t slots[SWAP_RA_MAX];
    unsigned n = 0;
    for (uint64_t s = 1; s <= a->max; s++) {
        if (n == SWAP_RA_MAX || (s == a->max && n)) {
            swap_stat_pswpin += n;
            a->ops->read(a->io, pages, slots, n);
            n = 0;
        }
        if (s == a->max)
            break;
        uint16_t m = a->map[s];
        if (m == SWAP_BAD || (m & SWAP_HAS_CACHE) || (m & ~SWAP_HAS_CACHE) == 0)
            continue;
        struct page *p;
        while (!(p = new_read_page(swp_entry(type, s), false)))
            if (!vmscan_direct_reclaim() && frame_free_count() <= frame_wmark.min) {
                if (n) {
                    swap_stat_pswpin += n;
                    a->ops->read(a->io, pages, slots, n);
                }
                return -ENOMEM;
            }
        pages[n] = p;
        slots[n++] = s;
    }
    /* Wait for every read (and for write-outs in flight) of the area. */
    struct list_head *pos;
restart:
    list_for_each(pos, &cached)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (swp_type(swap_cache_entry(p)) != type)
            continue;
        if (p->flags & PG_LOCKED) {
            page_get(p);
            pcache_wait_io(p);
            page_put(p);
            goto restart; /* the list may have changed while we slept */
        }
        if (!(p->flags & PG_UPTODATE))
            return -EIO;
    }
    return 0;
}

void swap_cache_forget_type(unsigned type)
{
    struct list_head *pos, *tmp;
restart:
    list_for_each_safe(pos, tmp, &cached)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (swp_type(swap_cache_entry(p)) != type)
            continue;
        if (swap_count(swap_cache_entry(p)) != 0)
            continue; /* a holder swapoff did not find: keep its page */
        if (p->flags & PG_LOCKED) {
            /* A read ahead still in flight: wait, then look again (the
               list may have changed while we slept). */
            page_get(p);
            pcache_wait_io(p);
            page_put(p);
            goto restart;
        }
        swap_cache_remove(p);
    }
}

/* The frame allocator asks this before it reports out of memory: cached
   pages nobody uses whose contents are on the disk are freed at no cost. */
static uint64_t reclaim_swap_cache(uint64_t want) { return swap_cache_shrink(want); }

static struct frame_reclaimer swap_cache_reclaimer = { "swap cache", reclaim_swap_cache, NULL, 0 };

void swap_init(void) { frame_register_reclaimer(&swap_cache_reclaimer); }
