/*
 * kernel/mm/readahead.c: reading pages into the cache, ahead of the reader.
 *
 * pcache_read_page() is the one way a page gets read: on a miss it asks
 * the window logic (readahead_window.h) which pages to read, adds those not
 * cached (locked, not uptodate), marks the window's marker page, and
 * starts the reads in runs of consecutive pages through the owner's
 * readpages(); then it waits for the one page the caller wants.  When a
 * reader reaches a marker page, the next window is started without
 * waiting for it, so the disk keeps working while the reader copies.
 *
 * What read-ahead costs is visible: its pages are read by DMA like any
 * other (the ledger counts their bytes for the process that caused the
 * read), /proc/pagecache counts pages read ahead, those used later
 * (readahead_hits) and those dropped unused (readahead_unused).
 */
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache_internal.h"

#define RA_CHUNK 256 /* pages handed to readpages at once */

struct pcache_tunables pcache_tunables = {
    .read_ahead_kb = 128,      /* Linux's default (VM_READAHEAD_PAGES) */
    .dirty_expire_cs = 3000,   /* Linux: 30 s */
    .dirty_writeback_cs = 500, /* Linux: 5 s */
};

static uint32_t ra_pages(void) { return pcache_tunables.read_ahead_kb / (PAGE_SIZE / 1024); }

static uint32_t window_max(struct pcache_mapping *m, uint32_t req)
{
    return ra_max_for(req, ra_pages(), m->io_pages);
}

#define RA_STACK 32 /* pages of a run kept on the stack; larger runs use kmalloc */

/* Pages added for the window and not yet handed to readpages. */
struct run {
    struct page **pages;
    unsigned n, cap;
};

static void run_start(struct pcache_mapping *m, struct run *r, enum copy_mech mech)
{
    if (r->n)
        pcache_start_read(m, r->pages, r->n, mech);
    r->n = 0;
}

/* Reads the pages of w that are not cached, demanded included (and not
   counted as read ahead); nothing at or past rq->limit but demanded.
   Stops early when memory runs short: read-ahead is an optimisation. */
static void read_window(struct pcache_mapping *m, struct ra_window w, uint64_t demanded,
                        const struct pcache_read *rq)
{
    uint64_t end = w.start + w.size;
    uint64_t marker = w.async_size ? end - w.async_size : UINT64_MAX;
    struct page *stack_pages[RA_STACK];
    struct run run = { stack_pages, 0, RA_STACK };
    /* One allocation per window (not per page) for a window too large for
       the stack, so that it still goes to readpages, and to the disk, in
       large pieces; without memory for it, stack-sized pieces. */
    if (w.size > RA_STACK) {
        unsigned cap = w.size < RA_CHUNK ? w.size : RA_CHUNK;
        struct page **big = kmalloc(cap * sizeof *big);
        if (big)
            run = (struct run){ big, 0, cap };
    }
    for (uint64_t idx = w.start; idx < end; idx++) {
        if (idx >= rq->limit && idx != demanded)
            break;
        if (pcache_hash_find(m, idx)) {
            run_start(m, &run, rq->mech);
            continue;
        }
        bool raced;
        struct page *p = pcache_add(m, idx, true, &raced);
        if (!p) {
            run_start(m, &run, rq->mech);
            if (raced)
                continue;
            break;
        }
        if (idx != demanded) {
            pg_set(p, PG_RA_UNUSED);
            pcache_counters.ra_pages++;
        }
        if (idx == marker)
            pg_set(p, PG_READAHEAD);
        run.pages[run.n++] = p;
        if (run.n == run.cap)
            run_start(m, &run, rq->mech);
    }
    run_start(m, &run, rq->mech);
    if (run.pages != stack_pages)
        kfree(run.pages);
}

/* The first page at or after from that is not cached, looking at most max
   pages far (from + max + 1 when all are). */
static uint64_t next_miss(struct pcache_mapping *m, uint64_t from, uint32_t max)
{
    for (uint64_t i = from; i <= from + max; i++)
        if (!pcache_hash_find(m, i))
            return i;
    return from + max + 1;
}

static void miss(struct pcache_mapping *m, uint64_t index, const struct pcache_read *rq)
{
    struct ra_window w = { index, 1, 0 };
    if (rq->ra && index < rq->limit) {
        w = ra_on_miss(rq->ra, index, rq->req, window_max(m, rq->req));
        if (w.size > rq->req || w.async_size)
            pcache_counters.ra_sync++;
    }
    read_window(m, w, index, rq);
}

static void marker_reached(struct pcache_mapping *m, struct page *p, const struct pcache_read *rq)
{
    pg_clear(p, PG_READAHEAD);
    uint32_t max = ra_pages() ? ra_marker_max(rq->ra, rq->req, ra_pages(), m->io_pages) : 0;
    struct ra_window w =
        ra_on_marker(rq->ra, p->index, rq->req, max, next_miss(m, p->index + 1, max));
    if (w.size == 0)
        return;
    pcache_counters.ra_async++;
    read_window(m, w, UINT64_MAX, rq);
}

void pcache_read_ahead_range(struct pcache_mapping *m, uint64_t first, uint64_t end,
                             enum copy_mech mech)
{
    if (m->unevictable)
        return; /* nothing to read: see pcache_read_page */
    struct pcache_read rq = { NULL, end, 1, mech };
    for (uint64_t at = first; at < end; at += RA_CHUNK) {
        uint64_t n = end - at < RA_CHUNK ? end - at : RA_CHUNK;
        read_window(m, (struct ra_window){ at, (uint32_t)n, 0 }, UINT64_MAX, &rq);
    }
}

struct page *pcache_read_page(struct pcache_mapping *m, uint64_t index,
                              const struct pcache_read *rq, int *err, bool *did_io)
{
    /* A memory file system's file has nothing to read ahead: every page
       it adds would be a zero-filled page charged to the file. */
    struct pcache_read alone;
    if (m->unevictable && rq->ra) {
        alone = *rq;
        alone.ra = NULL;
        rq = &alone;
    }
    struct page *p = pcache_hash_find(m, index);
    if (!p && m->unevictable && idx_map_get(&m->swapped, index))
        return pcache_swap_in(m, index, did_io, err); /* a memfs page out on swap */
    if (p && !(p->flags & (PG_UPTODATE | PG_LOCKED))) {
        pcache_remove(p); /* an earlier read of it failed: try again */
        p = NULL;
    }
    if (p) {
        pcache_counters.hits++;
        page_get(p); /* read_window may sleep: keep p */
        if ((p->flags & PG_READAHEAD) && rq->ra)
            marker_reached(m, p, rq);
    } else {
        pcache_counters.misses++;
        if (did_io)
            *did_io = true;
        miss(m, index, rq);
        p = pcache_hash_find(m, index);
        if (!p) {
            *err = -ENOMEM;
            return NULL;
        }
        page_get(p);
    }
    pg_set(p, PG_REFERENCED);
    if (p->flags & PG_RA_UNUSED) {
        pg_clear(p, PG_RA_UNUSED);
        pcache_counters.ra_hits++;
    }
    pcache_wait_io(p);
    if (!(p->flags & PG_UPTODATE)) {
        /* The read failed: leave nothing half-read behind, so that a later
           read tries the disk again. */
        if (p->mapping == m && !(p->flags & PG_LOCKED))
            pcache_remove(p);
        page_put(p);
        *err = -EIO;
        return NULL;
    }
    return p;
}
