/*
 * kernel/mm/pagecache.c: pages of files and disks, keyed by (mapping, index).
 *
 * Every cached page is on one hash chain (page->hash_next) and on the clock
 * list (page->list, PG_LRU).  Eviction walks the clock: a page used since
 * the hand last passed (PG_REFERENCED) gets a second chance; an unreferenced
 * dirty page is written back, then dropped.  See pagecache.h for the rules.
 *
 * A page of an unevictable mapping (a memory file system's file) is on its
 * mapping's own list (page->list) instead of the clock: eviction, reclaim
 * and write-back walk only the clock, so they never see it, and truncating
 * such a file walks only its own pages.
 */
#include "kernel/mm/pagecache.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/vm.h"

#define PCACHE_HASH_BUCKETS 4096 /* a power of two */

static struct page *hash_table[PCACHE_HASH_BUCKETS];
static struct list_head clock_list = LIST_HEAD_INIT(clock_list);
static struct list_head unevictable_mappings = LIST_HEAD_INIT(unevictable_mappings);
static struct pcache_stats stats;
static uint64_t last_periodic_ns;
/* Tasks waiting for some page's I/O to end (PG_LOCKED to clear). */
static struct waitqueue io_waiters = WAITQUEUE_INIT(io_waiters);

void pcache_mapping_init(struct pcache_mapping *m, const struct pcache_ops *ops, void *host)
{
    m->ops = ops;
    m->host = host;
    m->nr_pages = 0;
    m->nr_dirty = 0;
    m->unevictable = false;
    list_init(&m->pages);
    list_init(&m->unevictable_link);
    m->usage = NULL;
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
}

static unsigned hash_of(const struct pcache_mapping *m, uint64_t index)
{
    uint64_t k =
        ((uint64_t)(uintptr_t)m >> 4) * 0x9e3779b97f4a7c15ull + index * 0xff51afd7ed558ccdull;
    return (unsigned)(k >> 40) & (PCACHE_HASH_BUCKETS - 1);
}

static struct page *hash_find(struct pcache_mapping *m, uint64_t index)
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

/* Takes p out of the cache and drops the cache's reference. */
static void cache_remove(struct page *p)
{
    struct pcache_mapping *m = p->mapping;
    hash_remove(p);
    list_del(&p->list);
    if (p->flags & PG_DIRTY) {
        m->nr_dirty--;
        stats.dirty--;
    }
    p->flags &= ~(PG_LRU | PG_DIRTY | PG_UPTODATE | PG_REFERENCED);
    p->mapping = NULL;
    m->nr_pages--;
    if (m->usage)
        (*m->usage)--;
    if (m->unevictable)
        stats.unevictable--;
    else
        stats.cached--;
    page_put(p);
}

static bool low_on_frames(void)
{
    struct frame_stats fs;
    frame_stats(&fs);
    return fs.free < PCACHE_LOW_FREE_FRAMES;
}

/* A new page, hashed and on the clock, with refcount 2 (cache + caller),
   not uptodate. */
static bool shrinking; /* write-back inside a shrink may add pages: no nesting */

static struct page *cache_add(struct pcache_mapping *m, uint64_t index)
{
    if (!shrinking && low_on_frames())
        pcache_shrink(PCACHE_LOW_FREE_FRAMES / 4);
    struct page *p = frame_alloc();
    if (!p && !shrinking && pcache_shrink(16))
        p = frame_alloc();
    if (!p)
        return NULL;
    p->flags &= ~(PG_UPTODATE | PG_DIRTY | PG_LOCKED | PG_REFERENCED);
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
        list_add_tail(&p->list, &clock_list);
        stats.cached++;
    }
    m->nr_pages++;
    if (m->usage)
        (*m->usage)++;
    page_get(p);
    return p;
}

void pcache_wait_io(struct page *p)
{
    if (p->flags & PG_LOCKED)
        wait_event(&io_waiters, !(p->flags & PG_LOCKED));
}

static void lock_page(struct page *p) { p->flags |= PG_LOCKED; }

static void unlock_page(struct page *p)
{
    p->flags &= ~PG_LOCKED;
    wake_up(&io_waiters);
}

static int fill_page(struct pcache_mapping *m, struct page *p, enum copy_mech mech)
{
    lock_page(p);
    int err = m->ops->readpage(m, p, mech);
    unlock_page(p);
    if (err == 0)
        p->flags |= PG_UPTODATE;
    return err;
}

struct page *pcache_lookup(struct pcache_mapping *m, uint64_t index)
{
    struct page *p = hash_find(m, index);
    if (p) {
        page_get(p);
        p->flags |= PG_REFERENCED;
    }
    return p;
}

struct page *pcache_get(struct pcache_mapping *m, uint64_t index, enum copy_mech mech, int *err)
{
    return pcache_get_io(m, index, mech, err, NULL);
}

struct page *pcache_get_io(struct pcache_mapping *m, uint64_t index, enum copy_mech mech, int *err,
                           bool *did_io)
{
    struct page *p = pcache_lookup(m, index);
    if (p) {
        pcache_wait_io(p);
        if (p->flags & PG_UPTODATE) {
            stats.hits++;
            return p;
        }
    } else {
        p = cache_add(m, index);
        if (!p) {
            *err = -ENOMEM;
            return NULL;
        }
    }
    stats.misses++;
    if (did_io)
        *did_io = true;
    int e = fill_page(m, p, mech);
    if (e) {
        /* Leave nothing half-read behind: a later get tries the disk again. */
        if (p->mapping == m)
            cache_remove(p);
        page_put(p);
        *err = e;
        return NULL;
    }
    return p;
}

struct page *pcache_get_for_overwrite(struct pcache_mapping *m, uint64_t index, enum copy_mech mech)
{
    struct page *p = pcache_lookup(m, index);
    if (p) {
        pcache_wait_io(p);
        stats.hits++;
    } else {
        p = cache_add(m, index);
        if (!p)
            return NULL;
        stats.misses++;
    }
    if (!(p->flags & PG_UPTODATE)) {
        memset(page_to_virt(p), 0, PAGE_SIZE);
        ledger_zero_fill(mech, PAGE_SIZE);
        p->flags |= PG_UPTODATE;
    }
    return p;
}

void pcache_put(struct page *p) { page_put(p); }

void pcache_mark_dirty(struct page *p)
{
    if (!p->mapping)
        return; /* truncated away while the caller held it */
    if (p->mapping->unevictable)
        return; /* the cache is its only copy: there is nothing to write back to */
    if (!(p->flags & PG_DIRTY)) {
        p->flags |= PG_DIRTY;
        p->mapping->nr_dirty++;
        stats.dirty++;
    }
    p->flags |= PG_REFERENCED;
}

static int write_back(struct page *p)
{
    struct pcache_mapping *m = p->mapping;
    /* Cleared before the write: a store during the I/O dirties it again. */
    p->flags &= ~PG_DIRTY;
    m->nr_dirty--;
    stats.dirty--;
    lock_page(p);
    int err = m->ops->writepage(m, p);
    unlock_page(p);
    if (err) {
        stats.writeback_errors++;
        pcache_mark_dirty(p);
        return err;
    }
    stats.writebacks++;
    return 0;
}

static uint64_t dirty_count(const struct pcache_mapping *m)
{
    return m ? m->nr_dirty : stats.dirty;
}

/* One walk of the clock list writing back what is dirty.  Write-back may
   read metadata and so rotate or shrink the list under the walk, which is
   why pcache_sync repeats walks until nothing is left dirty. */
static int sync_walk(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    int first_err = 0;
    struct list_head *pos, *tmp;
    list_for_each_safe(pos, tmp, &clock_list)
    {
        struct page *p = list_entry(pos, struct page, list);
        if ((m && p->mapping != m) || !(p->flags & PG_DIRTY) || p->index < first || p->index >= end)
            continue;
        page_get(p); /* keeps p (and so pos) alive across writepage */
        int err = write_back(p);
        tmp = pos->next;
        page_put(p);
        if (err && !first_err)
            first_err = err;
    }
    return first_err;
}

int pcache_sync(struct pcache_mapping *m)
{
    int err = 0;
    vm_harvest_dirty(m);
    for (int walk = 0; walk < 8 && dirty_count(m) && !err; walk++)
        err = sync_walk(m, 0, UINT64_MAX);
    return err;
}

int pcache_sync_range(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    /* One walk suffices: a file's own pages do not move during its write-back. */
    return m->nr_dirty ? sync_walk(m, first, end) : 0;
}

uint64_t pcache_drop_clean(void)
{
    pcache_sync(NULL);
    return pcache_shrink(stats.cached);
}

void pcache_truncate(struct pcache_mapping *m, uint64_t first)
{
    struct list_head *pos, *tmp;
    /* Mapped pages first: every PTE of a cut page goes (a later touch is
       SIGBUS), so the cache holds the last references. */
    vm_unmap_cache_pages(m, first);
    if (m->nr_pages == 0)
        return;
    list_for_each_safe(pos, tmp, m->unevictable ? &m->pages : &clock_list)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (p->mapping == m && p->index >= first)
            cache_remove(p);
    }
}

/* Evicts up to want unreferenced pages in clock order; dirty ones are
   written back first when write_dirty, else passed over. */
static uint64_t shrink(uint64_t want, bool write_dirty)
{
    uint64_t evicted = 0;
    if (shrinking)
        return 0;
    shrinking = true;
    /* Two full turns of the clock: the first clears reference bits. */
    uint64_t budget = 2 * stats.cached + 1;
    while (evicted < want && budget-- && !list_empty(&clock_list)) {
        struct page *p = list_first_entry(&clock_list, struct page, list);
        list_del(&p->list);
        list_add_tail(&p->list, &clock_list);
        if (p->refcount > 1 || p->mapcount > 0 || (p->flags & PG_LOCKED))
            continue;
        if (p->flags & PG_REFERENCED) {
            p->flags &= ~PG_REFERENCED;
            continue;
        }
        if (p->flags & PG_DIRTY) {
            if (!write_dirty)
                continue;
            page_get(p);
            int err = write_back(p);
            bool still_ours = p->refcount == 2 && p->mapping;
            page_put(p);
            if (err || !still_ours)
                continue;
        }
        cache_remove(p);
        stats.evictions++;
        evicted++;
    }
    shrinking = false;
    return evicted;
}

uint64_t pcache_shrink(uint64_t want) { return shrink(want, true); }

/* For the frame allocator: clean pages only, so no I/O and no sleeping
   inside frame_alloc; dirty pages wait for write-back. */
static uint64_t reclaim_clean(uint64_t want) { return shrink(want, false); }

static struct frame_reclaimer pcache_reclaimer = { "page cache", reclaim_clean, NULL };

void pcache_init(void) { frame_register_reclaimer(&pcache_reclaimer); }

void pcache_periodic_writeback(uint64_t now_ns)
{
    if (now_ns - last_periodic_ns < PCACHE_WRITEBACK_INTERVAL_NS)
        return;
    last_periodic_ns = now_ns;
    if (stats.dirty)
        pcache_sync(NULL);
}

static uint64_t count_mapped(struct list_head *pages)
{
    uint64_t n = 0;
    struct list_head *pos;
    list_for_each(pos, pages)
    {
        if (list_entry(pos, struct page, list)->mapcount > 0)
            n++;
    }
    return n;
}

void pcache_get_stats(struct pcache_stats *out)
{
    struct list_head *pos;
    stats.mapped = count_mapped(&clock_list);
    list_for_each(pos, &unevictable_mappings)
    {
        struct pcache_mapping *m = list_entry(pos, struct pcache_mapping, unevictable_link);
        stats.mapped += count_mapped(&m->pages);
    }
    *out = stats;
}
