/*
 * kernel/mm/pagecache.c: pages of files and disks, keyed by (mapping, index):
 * lookup, adding and dropping pages, waiting for their I/O, dirtying, and
 * eviction.  Read-ahead is in readahead.c, write-back in writeback.c.
 *
 * Every cached page is on one hash chain (page->hash_next) and on one list
 * (page->list): the clock list when clean, its mapping's dirty list when
 * dirty.  Eviction walks the clock: a page used since the hand last passed
 * (PG_REFERENCED) gets a second chance.  Dirty pages are written back (in
 * clusters, writeback.c) before they can be evicted.  See pagecache.h for
 * the rules.
 *
 * A page of an unevictable mapping (a memory file system's file) is on its
 * mapping's own list (page->list) instead: eviction, reclaim and write-back
 * walk only the clock and the dirty lists, so they never see it, and
 * truncating such a file walks only its own pages.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/pagecache_internal.h"
#include "kernel/mm/vm.h"

#define PCACHE_HASH_BUCKETS 4096 /* a power of two */
#define PCACHE_WAIT_BUCKETS 64   /* page wait queues, shared by hash */

static struct page *hash_table[PCACHE_HASH_BUCKETS];
struct list_head pcache_clock = LIST_HEAD_INIT(pcache_clock);
struct list_head pcache_dirty_mappings = LIST_HEAD_INIT(pcache_dirty_mappings);
struct pcache_stats pcache_counters;
struct list_head pcache_unevictable_mappings = LIST_HEAD_INIT(pcache_unevictable_mappings);
#define unevictable_mappings pcache_unevictable_mappings
/* Tasks waiting for a page's I/O to end, queued by the page's address.  A
   waiter is woken only when its own page is unlocked (wake_if_unlocked),
   so an I/O completion wakes exactly the tasks waiting for that page. */
static struct waitqueue page_waiters[PCACHE_WAIT_BUCKETS];

#define stats pcache_counters

void pcache_mapping_init(struct pcache_mapping *m, const struct pcache_ops *ops, void *host)
{
    m->ops = ops;
    m->host = host;
    m->nr_pages = 0;
    m->nr_dirty = 0;
    m->nr_writeback = 0;
    m->busy = 0;
    m->io_pages = 0;
    list_init(&m->dirty_pages);
    list_init(&m->dirty_link);
    m->dirtied_ns = 0;
    m->unevictable = false;
    list_init(&m->pages);
    list_init(&m->unevictable_link);
    m->usage = NULL;
    m->swapped = (struct idx_map)IDX_MAP_INIT;
}

void pcache_mapping_set_unevictable(struct pcache_mapping *m, uint64_t *usage)
{
    if (m->nr_pages)
        panic("pcache_mapping_set_unevictable: mapping %p already has %lu pages", (void *)m,
              m->nr_pages);
    m->unevictable = true;
    m->usage = usage;
    list_add(&m->unevictable_link, &unevictable_mappings);
}

void pcache_mapping_release(struct pcache_mapping *m)
{
    pcache_truncate(m, 0);
    list_del(&m->unevictable_link);
    idx_map_destroy(&m->swapped);
}

static unsigned hash_of(const struct pcache_mapping *m, uint64_t index)
{
    uint64_t k =
        ((uint64_t)(uintptr_t)m >> 4) * 0x9e3779b97f4a7c15ull + index * 0xff51afd7ed558ccdull;
    return (unsigned)(k >> 40) & (PCACHE_HASH_BUCKETS - 1);
}

struct page *pcache_hash_find(struct pcache_mapping *m, uint64_t index)
{
    for (struct page *p = hash_table[hash_of(m, index)]; p; p = p->hash_next)
        if (p->mapping == m && p->index == index)
            return p;
    return NULL;
}

static void hash_remove(struct page *p)
{
    struct page **pp = &hash_table[hash_of(p->mapping, p->index)];
    while (*pp != p) {
        if (!*pp)
            panic("pcache hash_remove: page %p (index %lu) not hashed", (void *)p, p->index);
        pp = &(*pp)->hash_next;
    }
    *pp = p->hash_next;
    p->hash_next = NULL;
}

/* Dirty accounting when p stops being dirty (written back or dropped). */
static void undirty(struct page *p)
{
    struct pcache_mapping *m = p->mapping;
    pg_clear(p, PG_DIRTY);
    m->nr_dirty--;
    stats.dirty--;
    if (m->nr_dirty == 0)
        list_del(&m->dirty_link);
}

void pcache_detach(struct page *p, bool keep_usage)
{
    struct pcache_mapping *m = p->mapping;
    if (p->flags & PG_LOCKED)
        panic("pcache_detach: page %p (index %lu) has I/O in flight", (void *)p, p->index);
    hash_remove(p);
    list_del(&p->list);
    if (p->flags & PG_DIRTY)
        undirty(p);
    if (p->flags & PG_RA_UNUSED)
        stats.ra_unused++;
    pg_clear(p, PG_LRU | PG_UPTODATE | PG_REFERENCED | PG_READAHEAD | PG_RA_UNUSED | PG_IO_ERROR);
    p->mapping = NULL;
    p->private = NULL;
    m->nr_pages--;
    if (m->usage && !keep_usage)
        (*m->usage)--;
    if (m->unevictable)
        stats.unevictable--;
    else
        stats.cached--;
}

void pcache_remove(struct page *p)
{
    pcache_detach(p, false);
    page_put(p);
}

static bool low_on_frames(void)
{
    struct frame_stats fs;
    frame_stats(&fs);
    return fs.free < PCACHE_LOW_FREE_FRAMES;
}

static bool shrinking; /* write-back inside a shrink may add pages: no nesting */

struct page *pcache_add(struct pcache_mapping *m, uint64_t index, bool lock, bool *raced)
{
    *raced = false;
    if (!shrinking && low_on_frames())
        pcache_shrink(PCACHE_LOW_FREE_FRAMES / 4);
    struct page *p = frame_alloc();
    if (!p && !shrinking && pcache_shrink(16))
        p = frame_alloc();
    if (!p)
        return NULL;
    /* The shrink may have slept in write-back, and another task may have
       added the page meanwhile. */
    if (pcache_hash_find(m, index)) {
        page_put(p);
        *raced = true;
        return NULL;
    }
    p->flags &= ~(PG_UPTODATE | PG_DIRTY | PG_LOCKED | PG_REFERENCED | PG_READAHEAD | PG_RA_UNUSED |
                  PG_IO_ERROR);
    if (lock)
        p->flags |= PG_LOCKED;
    pcache_attach(m, index, p, true);
    return p;
}

void pcache_attach(struct pcache_mapping *m, uint64_t index, struct page *p, bool charge)
{
    p->mapping = m;
    p->index = index;
    p->private = NULL;
    unsigned h = hash_of(m, index);
    p->hash_next = hash_table[h];
    hash_table[h] = p;
    if (m->unevictable) {
        list_add_tail(&p->list, &m->pages);
        stats.unevictable++;
    } else {
        p->flags |= PG_LRU;
        list_add_tail(&p->list, &pcache_clock);
        stats.cached++;
    }
    m->nr_pages++;
    if (m->usage && charge)
        (*m->usage)++;
}

static struct waitqueue *waitqueue_of(const struct page *p)
{
    uint64_t k = (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ull;
    return &page_waiters[k >> 58]; /* 64 buckets: the top 6 bits */
}
_Static_assert(PCACHE_WAIT_BUCKETS == 64, "waitqueue_of takes 6 bits");

static void wake_if_unlocked(struct wait_entry *e)
{
    const struct page *p = e->private;
    if (!(p->flags & PG_LOCKED))
        sched_wake(e->task);
}

void pcache_wait_io(struct page *p)
{
    if (!(p->flags & PG_LOCKED))
        return;
    struct wait_entry e;
    wait_entry_init(&e, wake_if_unlocked, p);
    struct waitqueue *wq = waitqueue_of(p);
    uint64_t flags = irq_save();
    list_add_tail(&e.link, &wq->entries);
    while (p->flags & PG_LOCKED)
        sched_block(0);
    list_del(&e.link);
    irq_restore(flags);
}

void pcache_unlock(struct page *p)
{
    pg_clear(p, PG_LOCKED);
    wake_up(waitqueue_of(p));
}

void pcache_note_read_error(struct page *p) { pg_set(p, PG_IO_ERROR); }

void pcache_end_read(struct page *p)
{
    if (!(p->flags & PG_IO_ERROR))
        pg_set(p, PG_UPTODATE);
    pcache_unlock(p);
}

/* Reads pages one at a time through readpage, for owners without
   readpages; each ends like an asynchronous read would. */
static void read_one_by_one(struct pcache_mapping *m, struct page **pages, unsigned n,
                            enum copy_mech mech)
{
    for (unsigned i = 0; i < n; i++) {
        if (m->ops->readpage(m, pages[i], mech))
            pcache_note_read_error(pages[i]);
        pcache_end_read(pages[i]);
    }
}

void pcache_start_read(struct pcache_mapping *m, struct page **pages, unsigned n,
                       enum copy_mech mech)
{
    if (m->ops->readpages)
        m->ops->readpages(m, pages, n, mech);
    else
        read_one_by_one(m, pages, n, mech);
}

struct page *pcache_lookup(struct pcache_mapping *m, uint64_t index)
{
    struct page *p = pcache_hash_find(m, index);
    if (!p && m->unevictable && idx_map_get(&m->swapped, index)) {
        int err;
        return pcache_swap_in(m, index, NULL, &err);
    }
    if (p) {
        page_get(p);
        pg_set(p, PG_REFERENCED);
    }
    return p;
}

struct page *pcache_lookup_ready(struct pcache_mapping *m, uint64_t index)
{
    struct page *p = pcache_hash_find(m, index);
    if (!p || (p->flags & (PG_LOCKED | PG_READAHEAD)) || !(p->flags & PG_UPTODATE))
        return NULL;
    if (p->flags & PG_RA_UNUSED) {
        pg_clear(p, PG_RA_UNUSED);
        stats.ra_hits++;
    }
    page_get(p);
    pg_set(p, PG_REFERENCED);
    return p;
}

struct page *pcache_get(struct pcache_mapping *m, uint64_t index, enum copy_mech mech, int *err)
{
    return pcache_get_io(m, index, mech, err, NULL);
}

struct page *pcache_get_io(struct pcache_mapping *m, uint64_t index, enum copy_mech mech, int *err,
                           bool *did_io)
{
    struct pcache_read rq = { NULL, UINT64_MAX, 1, mech };
    return pcache_read_page(m, index, &rq, err, did_io);
}

struct page *pcache_get_for_overwrite(struct pcache_mapping *m, uint64_t index, enum copy_mech mech)
{
    struct page *p;
    bool raced;
    if (m->unevictable)
        pcache_swap_discard(m, index); /* its old contents are about to go */
    while (!(p = pcache_lookup(m, index))) {
        p = pcache_add(m, index, false, &raced);
        if (p) {
            page_get(p);
            stats.misses++;
            break;
        }
        if (!raced)
            return NULL;
    }
    pcache_wait_io(p);
    if (p->flags & PG_RA_UNUSED) {
        pg_clear(p, PG_RA_UNUSED);
        stats.ra_hits++;
    }
    if (!(p->flags & PG_UPTODATE)) {
        memset(page_to_virt(p), 0, PAGE_SIZE);
        ledger_zero_fill(mech, PAGE_SIZE);
        pg_clear(p, PG_IO_ERROR);
        pg_set(p, PG_UPTODATE);
    }
    return p;
}

void pcache_put(struct page *p) { page_put(p); }

void pcache_mark_dirty(struct page *p)
{
    struct pcache_mapping *m = p->mapping;
    if (!m)
        return; /* truncated away while the caller held it */
    if (m->unevictable)
        return; /* the cache is its only copy: there is nothing to write back to */
    pg_set(p, PG_REFERENCED);
    if (p->flags & PG_DIRTY)
        return;
    pg_set(p, PG_DIRTY);
    /* Off the clock: a dirty page is not evictable until written back. */
    list_del(&p->list);
    list_add_tail(&p->list, &m->dirty_pages);
    if (m->nr_dirty++ == 0) {
        m->dirtied_ns = clock_monotonic_ns();
        list_add_tail(&m->dirty_link, &pcache_dirty_mappings);
    }
    stats.dirty++;
}

/* Called by writeback.c when it starts writing p: clean from now on (a
   store during the I/O dirties it again), back on the clock. */
void pcache_clean_for_writeback(struct page *p)
{
    undirty(p);
    list_del(&p->list);
    list_add_tail(&p->list, &pcache_clock);
}

/* Removes m's pages with index >= first from list, except those with I/O
   in flight; returns one of those (or NULL). */
static struct page *drop_from(struct list_head *list, struct pcache_mapping *m, uint64_t first,
                              uint64_t end)
{
    struct page *busy = NULL;
    struct list_head *pos, *tmp;
    list_for_each_safe(pos, tmp, list)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (p->mapping != m || p->index < first || p->index >= end)
            continue;
        if (p->flags & PG_LOCKED)
            busy = p;
        else
            pcache_remove(p);
    }
    return busy;
}

void pcache_truncate_range(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    /* Mapped pages first: every PTE of a cut page goes (a later touch is
       SIGBUS past the end, a fresh zero page in a hole), so the cache
       holds the last references. */
    vm_unmap_cache_pages(m, first, end);
    if (m->unevictable)
        pcache_swap_truncate(m, first, end);
    while (m->nr_pages) {
        struct page *busy = drop_from(m->unevictable ? &m->pages : &m->dirty_pages, m, first, end);
        struct page *busy2 = m->unevictable ? NULL : drop_from(&pcache_clock, m, first, end);
        if (!busy)
            busy = busy2;
        if (!busy)
            break;
        /* A read or write of it is in flight: the device still uses the
           frame.  Wait, then look again (the lists may have changed). */
        page_get(busy);
        pcache_wait_io(busy);
        page_put(busy);
    }
    /* The owner may free m once it is gone from the cache: a write-back
       pass still looking at it must be done with it first. */
    if (first == 0 && end == UINT64_MAX)
        pcache_wait_unpinned(m);
}

void pcache_truncate(struct pcache_mapping *m, uint64_t first)
{
    pcache_truncate_range(m, first, UINT64_MAX);
}

uint64_t pcache_evict_range(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    uint64_t evicted = 0;
    if (m->unevictable)
        return 0;
    struct list_head *pos, *tmp;
    list_for_each_safe(pos, tmp, &pcache_clock)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (p->mapping != m || p->index < first || p->index >= end || p->refcount > 1 ||
            p->mapcount > 0 || (p->flags & (PG_LOCKED | PG_DIRTY)))
            continue;
        pcache_remove(p);
        stats.evictions++;
        evicted++;
    }
    return evicted;
}

/* Evicts up to want unreferenced clean pages in clock order. */
uint64_t pcache_evict_clean(uint64_t want)
{
    uint64_t evicted = 0;
    /* Two full turns of the clock: the first clears reference bits. */
    uint64_t budget = 2 * stats.cached + 1;
    while (evicted < want && budget-- && !list_empty(&pcache_clock)) {
        struct page *p = list_first_entry(&pcache_clock, struct page, list);
        list_del(&p->list);
        list_add_tail(&p->list, &pcache_clock);
        stats.scanned++;
        if (p->refcount > 1 || p->mapcount > 0 || (p->flags & PG_LOCKED))
            continue;
        if (p->flags & PG_REFERENCED) {
            pg_clear(p, PG_REFERENCED);
            continue;
        }
        pcache_remove(p);
        stats.evictions++;
        evicted++;
    }
    return evicted;
}

/* Evicts up to want pages; when clean ones are not enough and write_dirty,
   writes back the longest-dirty mappings (in clusters) and evicts again. */
static uint64_t shrink(uint64_t want, bool write_dirty)
{
    if (shrinking)
        return 0;
    shrinking = true;
    uint64_t evicted = pcache_evict_clean(want);
    if (evicted < want && write_dirty && stats.dirty) {
        uint64_t written = pcache_writeback_oldest(want - evicted);
        stats.writeback_reclaim += written;
        if (written)
            evicted += pcache_evict_clean(want - evicted);
    }
    shrinking = false;
    return evicted;
}

uint64_t pcache_shrink(uint64_t want) { return shrink(want, true); }

uint64_t pcache_shrink_clean(uint64_t want) { return shrink(want, false); }

/* For the frame allocator: clean pages only, so no I/O and no sleeping
   inside frame_alloc; dirty pages wait for write-back. */
static struct frame_reclaimer pcache_reclaimer = { "page cache", pcache_shrink_clean, NULL, 0 };

void pcache_init(void)
{
    for (int i = 0; i < PCACHE_WAIT_BUCKETS; i++)
        waitqueue_init(&page_waiters[i]);
    frame_register_reclaimer(&pcache_reclaimer);
}

static uint64_t count_mapped(struct list_head *list)
{
    uint64_t n = 0;
    struct list_head *pos;
    list_for_each(pos, list) if (list_entry(pos, struct page, list)->mapcount > 0) n++;
    return n;
}

void pcache_get_stats(struct pcache_stats *out)
{
    stats.mapped = count_mapped(&pcache_clock);
    struct list_head *pos;
    list_for_each(pos, &pcache_dirty_mappings)
    {
        struct pcache_mapping *m = list_entry(pos, struct pcache_mapping, dirty_link);
        stats.mapped += count_mapped(&m->dirty_pages);
    }
    list_for_each(pos, &unevictable_mappings)
    {
        struct pcache_mapping *m = list_entry(pos, struct pcache_mapping, unevictable_link);
        stats.mapped += count_mapped(&m->pages);
    }
    *out = stats;
}
