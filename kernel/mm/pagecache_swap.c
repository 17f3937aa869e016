/*
 * kernel/mm/pagecache_swap.c: the memory file system's pages and swap.
 *
 * A memfs file's pages live only in the page cache (an unevictable
 * mapping: nothing to read them back from), so under memory pressure a
 * page nobody maps and nobody used since the last look goes to swap, as
 * Linux's tmpfs pages do: the page moves from the page cache to the swap
 * cache with a new slot, and the mapping's table of swapped pages
 * (m->swapped, by index) keeps the entry.  It still counts as the file's
 * (the owner's usage, the file system's size limit).  The next lookup of
 * that index reads it back and puts it in the page cache again, where
 * every mapper finds it: a page mapped by several processes stays one
 * page.
 */
#include "kernel/lib/errno.h"
#include "kernel/mm/pagecache_internal.h"
#include "kernel/mm/swap_internal.h"

bool pcache_holds(struct pcache_mapping *m, uint64_t index)
{
    return pcache_hash_find(m, index) || (m->unevictable && idx_map_get(&m->swapped, index));
}

uint64_t pcache_next_held(struct pcache_mapping *m, uint64_t from)
{
    uint64_t best = UINT64_MAX, idx, val;
    struct list_head *l;
    list_for_each(l, &m->pages)
    {
        const struct page *p = list_entry(l, struct page, list);
        if (p->index >= from && p->index < best)
            best = p->index;
    }
    if (idx_map_next(&m->swapped, from, &idx, &val) == 0 && idx < best)
        best = idx;
    return best;
}

struct page *pcache_swap_in(struct pcache_mapping *m, uint64_t index, bool *did_io, int *err)
{
    for (;;) {
        swp_entry_t e = { idx_map_get(&m->swapped, index) };
        struct page *p = pcache_hash_find(m, index);
        if (p) { /* brought back by someone else while we slept */
            page_get(p);
            pg_set(p, PG_REFERENCED);
            return p;
        }
        if (!e.val) {
            *err = -ENOENT;
            return NULL;
        }
        p = swap_read_page(e, did_io, err);
        if (!p)
            return NULL;
        if (idx_map_get(&m->swapped, index) != e.val || pcache_hash_find(m, index)) {
            page_put(p); /* truncated or brought back meanwhile: look again */
            continue;
        }
        idx_map_clear(&m->swapped, index);
        page_get(p);
        swap_free(e);
        if (p->flags & PG_SWAPCACHE)
            swap_cache_remove(p);
        pg_clear(p, PG_ANON);
        pcache_attach(m, index, p, false); /* our lookup reference is the cache's */
        pg_set(p, PG_UPTODATE | PG_REFERENCED);
        return p; /* the extra reference is the caller's */
    }
}

/* Drops m's entry for index, and its charge (the page is gone from the
   file, or about to be charged again as a new page). */
static void drop_entry(struct pcache_mapping *m, uint64_t index, swp_entry_t e)
{
    idx_map_clear(&m->swapped, index);
    if (m->usage)
        (*m->usage)--;
    swap_free(e);
}

void pcache_swap_discard(struct pcache_mapping *m, uint64_t index)
{
    swp_entry_t e = { idx_map_get(&m->swapped, index) };
    if (e.val)
        drop_entry(m, index, e);
}

void pcache_swap_truncate(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    uint64_t idx, val;
    while (idx_map_next(&m->swapped, first, &idx, &val) == 0 && idx < end) {
        drop_entry(m, idx, (swp_entry_t){ val });
        first = idx + 1;
    }
}

/* Page p of m (only the cache holds it) goes to swap: true if it went. */
static bool swap_out(struct pcache_mapping *m, struct page *p)
{
    swp_entry_t e = swap_alloc();
    if (!e.val)
        return false;
    if (idx_map_set(&m->swapped, p->index, e.val)) {
        swap_clear_cache_flag(e); /* no memory for the table: the slot goes back */
        return false;
    }
    swap_dup(e);            /* the mapping's entry: a new slot's first holder */
    pcache_detach(p, true); /* the cache's reference becomes the swap cache's */
    pg_set(p, PG_ANON | PG_UPTODATE | PG_DIRTY);
    swap_cache_add(p, e);
    return true;
}

void pcache_swap_scan(struct reclaim_scan *rs)
{
    /* Each mapping once per call, its pages in list order; a looked-at
       page goes to the list's end (a clock per file), and the mapping to
       the end of the list of mappings. */
    unsigned mappings = 0;
    struct list_head *l;
    list_for_each(l, &pcache_unevictable_mappings) { mappings++; }
    while (mappings-- && rs->budget && rs->to_swap < rs->want) {
        struct pcache_mapping *m =
            list_first_entry(&pcache_unevictable_mappings, struct pcache_mapping, unevictable_link);
        list_del(&m->unevictable_link);
        list_add_tail(&m->unevictable_link, &pcache_unevictable_mappings);
        for (uint64_t n = m->nr_pages; n && rs->budget && rs->to_swap < rs->want; n--) {
            struct page *p = list_first_entry(&m->pages, struct page, list);
            list_del(&p->list);
            list_add_tail(&p->list, &m->pages);
            rs->budget--;
            rs->scanned_anon++;
            if (p->refcount != 1 || p->mapcount || (p->flags & PG_LOCKED))
                continue;
            if (p->flags & PG_REFERENCED) {
                pg_clear(p, PG_REFERENCED);
                continue;
            }
            if (swap_out(m, p))
                rs->to_swap++;
            else if (!swap_has_room())
                return;
        }
    }
}

int pcache_swap_unuse(unsigned type)
{
    struct list_head *l;
    list_for_each(l, &pcache_unevictable_mappings)
    {
        struct pcache_mapping *m = list_entry(l, struct pcache_mapping, unevictable_link);
        uint64_t idx, val, from = 0;
        while (idx_map_next(&m->swapped, from, &idx, &val) == 0) {
            from = idx + 1;
            swp_entry_t e = { val };
            if (swp_type(e) != type)
                continue;
            struct page *p = swap_cache_lookup(e); /* read by swap_read_all */
            if (!p)
                return -ENOMEM;
            idx_map_clear(&m->swapped, idx);
            swap_free(e);
            swap_cache_remove(p);
            pg_clear(p, PG_ANON);
            pcache_attach(m, idx, p, false);
            pg_set(p, PG_UPTODATE);
        }
    }
    return 0;
}
