/*
 * kernel/mm/writeback.c: writing dirty cached pages back, in clusters.
 *
 * A mapping's dirty pages are collected from its dirty list, sorted by
 * index (wb_cluster.h) and handed to the owner's writepages() in batches
 * of up to WB_BATCH pages, which the file system and the block layer turn
 * into requests of many pages each; a batch's requests are all in flight
 * together and waited for together.  Who writes back:
 *   - fsync/msync/sync (pcache_sync, pcache_sync_range): everything dirty
 *     in the range, then they wait for write-back others started, so that
 *     what they return is on the disk;
 *   - the flusher thread (pcache_writeback_expired): mappings dirty for
 *     longer than dirty_expire_centisecs, oldest first;
 *   - reclaim (pcache_writeback_oldest, from pcache_shrink): the oldest
 *     dirty mappings until enough pages are clean to evict.
 * A page being written is locked and clean; a store meanwhile (through a
 * mapping, harvested later) dirties it again.  The flusher and reclaim
 * pin a mapping (m->busy) while they write it back, so that its owner
 * does not free it under them (pcache_truncate(m, 0) waits for the pin).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache_internal.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/wb_cluster.h"

#define WB_BATCH       1024 /* pages handed to writepages at once: 4 MiB */
#define WB_STACK_PAGES 32   /* when the collection array cannot be allocated */
#define SYNC_ROUNDS    4    /* a writer racing a sync cannot keep it going forever */

/* Tasks waiting for a mapping's write-back (nr_writeback) or pin (busy) to
   end: woken whenever either drops to zero. */
static struct waitqueue wb_waiters = WAITQUEUE_INIT(wb_waiters);

/* Writes back pages[0..n) of m: dirty, unlocked, ascending, referenced by
   the caller.  A page whose write failed stays dirty. */
static int write_batch(struct pcache_mapping *m, struct page **pages, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        pg_set(pages[i], PG_LOCKED);
        pcache_clean_for_writeback(pages[i]);
    }
    m->nr_writeback += n;
    int err = 0;
    if (m->ops->writepages) {
        err = m->ops->writepages(m, pages, n);
        for (unsigned i = 0; i < n; i++) {
            pcache_unlock(pages[i]);
            if (err)
                pcache_mark_dirty(pages[i]);
        }
        if (err)
            pcache_counters.writeback_errors += n;
        else
            pcache_counters.writebacks += n;
    } else {
        for (unsigned i = 0; i < n; i++) {
            int e = m->ops->writepage(m, pages[i]);
            pcache_unlock(pages[i]);
            if (e) {
                pcache_mark_dirty(pages[i]);
                pcache_counters.writeback_errors++;
                if (!err)
                    err = e;
            } else {
                pcache_counters.writebacks++;
            }
        }
    }
    pcache_counters.writeback_runs++;
    m->nr_writeback -= n;
    if (m->nr_writeback == 0)
        wake_up(&wb_waiters);
    return err;
}

/* Writes back up to max dirty pages of m with index in [first, end);
   *written counts them.  Returns the first error. */
static int writeback_mapping(struct pcache_mapping *m, uint64_t first, uint64_t end, uint64_t max,
                             uint64_t *written)
{
    uint64_t cap = m->nr_dirty < max ? m->nr_dirty : max;
    if (cap == 0)
        return 0;
    uint64_t stack_keys[WB_STACK_PAGES];
    void *stack_items[WB_STACK_PAGES];
    uint64_t *keys = cap > WB_STACK_PAGES ? kmalloc(cap * sizeof *keys) : NULL;
    void **items = keys ? kmalloc(cap * sizeof *items) : NULL;
    if (!items) {
        kfree(keys);
        keys = stack_keys;
        items = stack_items;
        cap = cap < WB_STACK_PAGES ? cap : WB_STACK_PAGES;
    }
    /* Collect (pages under write-back by someone else are left to them and
       to the sync that waits for them), then sort into file order. */
    size_t n = 0;
    struct list_head *pos;
    list_for_each(pos, &m->dirty_pages)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (n == cap)
            break;
        if (p->index < first || p->index >= end || (p->flags & PG_LOCKED))
            continue;
        page_get(p);
        keys[n] = p->index;
        items[n++] = p;
    }
    wb_sort(keys, items, n);

    int err = 0;
    for (size_t i = 0; i < n;) {
        size_t len = wb_batch_len(keys + i, n - i, WB_BATCH);
        /* Earlier batches slept: a page may have been written, dropped or
           locked by another task since it was collected.  The pages still
           to write are packed at the batch's start, the others let go. */
        struct page **batch = (struct page **)(items + i);
        unsigned k = 0;
        for (size_t j = i; j < i + len; j++) {
            struct page *p = items[j];
            if (p->mapping == m && (p->flags & PG_DIRTY) && !(p->flags & PG_LOCKED))
                batch[k++] = p;
            else
                page_put(p);
        }
        if (k) {
            int e = write_batch(m, batch, k);
            if (e && !err)
                err = e;
            if (written)
                *written += k;
        }
        for (unsigned j = 0; j < k; j++)
            page_put(batch[j]);
        i += len;
    }
    if (keys != stack_keys) {
        kfree(keys);
        kfree(items);
    }
    return err;
}

static bool dirty_in_range(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    if (first == 0 && end == UINT64_MAX)
        return m->nr_dirty != 0;
    struct list_head *pos;
    list_for_each(pos, &m->dirty_pages)
    {
        struct page *p = list_entry(pos, struct page, list);
        if (p->index >= first && p->index < end)
            return true;
    }
    return false;
}

/* Everything dirty in the range is on the disk when this returns 0. */
static int sync_mapping(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    int err = 0;
    for (int round = 0; round < SYNC_ROUNDS; round++) {
        int e = writeback_mapping(m, first, end, UINT64_MAX, NULL);
        if (e && !err)
            err = e;
        /* Pages another task is writing (perhaps dirtied again since):
           their write must be over before we may say "synced". */
        if (m->nr_writeback)
            wait_event(&wb_waiters, m->nr_writeback == 0);
        if (err || !dirty_in_range(m, first, end))
            break;
    }
    return err;
}

static void pin(struct pcache_mapping *m) { m->busy++; }

/* After this the caller must not touch m: its owner may free it. */
static void unpin(struct pcache_mapping *m)
{
    if (--m->busy == 0)
        wake_up(&wb_waiters);
}

void pcache_wait_unpinned(struct pcache_mapping *m)
{
    if (m->busy)
        wait_event(&wb_waiters, m->busy == 0);
}

/* Moves m (still dirty after a write-back pass) behind the others, as
   dirtied now: the list stays ordered by dirtied_ns and a mapping kept
   dirty by a busy writer does not hold up the rest. */
static void requeue(struct pcache_mapping *m, uint64_t now_ns)
{
    if (m->nr_dirty == 0)
        return;
    list_del(&m->dirty_link);
    list_add_tail(&m->dirty_link, &pcache_dirty_mappings);
    m->dirtied_ns = now_ns;
}

int pcache_sync(struct pcache_mapping *m)
{
    vm_harvest_dirty(m);
    if (m)
        return sync_mapping(m, 0, UINT64_MAX);
    /* Every dirty mapping, oldest first; a mapping dirtied again while we
       work goes behind, and at most as many passes as there were mappings
       (plus a few) are made. */
    int err = 0;
    uint64_t passes = 0, limit = 16;
    struct list_head *pos;
    list_for_each(pos, &pcache_dirty_mappings) { limit++; }
    while (!list_empty(&pcache_dirty_mappings) && passes++ < limit) {
        struct pcache_mapping *mm =
            list_first_entry(&pcache_dirty_mappings, struct pcache_mapping, dirty_link);
        pin(mm);
        int e = sync_mapping(mm, 0, UINT64_MAX);
        if (e && !err)
            err = e;
        requeue(mm, clock_monotonic_ns());
        unpin(mm);
    }
    return err;
}

int pcache_sync_range(struct pcache_mapping *m, uint64_t first, uint64_t end)
{
    return sync_mapping(m, first, end);
}

uint64_t pcache_writeback_oldest(uint64_t want)
{
    uint64_t written = 0, passes = 0;
    while (written < want && !list_empty(&pcache_dirty_mappings) && passes++ < 64) {
        struct pcache_mapping *m =
            list_first_entry(&pcache_dirty_mappings, struct pcache_mapping, dirty_link);
        pin(m);
        writeback_mapping(m, 0, UINT64_MAX, want - written, &written);
        requeue(m, clock_monotonic_ns());
        unpin(m);
    }
    return written;
}

static uint64_t interval_ns(void)
{
    return (uint64_t)pcache_tunables.dirty_writeback_cs * 10 * 1000 * 1000;
}

/* The flusher sleeps here between passes; a new dirty_writeback_centisecs
   wakes it at once (as Linux's dirty_writeback_centisecs_handler does), so
   a shorter interval takes effect now, not after the old one ran out. */
static struct waitqueue flusher_wq = WAITQUEUE_INIT(flusher_wq);
static bool flusher_kicked;

bool pcache_flusher_sleep(void)
{
    uint64_t interval = interval_ns();
    if (interval == 0) /* periodic write-back off until the knob changes */
        wait_event(&flusher_wq, flusher_kicked);
    else
        wait_event_deadline(&flusher_wq, flusher_kicked, clock_monotonic_ns() + interval);
    bool kicked = flusher_kicked;
    flusher_kicked = false;
    return !kicked && interval_ns() != 0;
}

void pcache_flusher_kick(void)
{
    flusher_kicked = true;
    wake_up(&flusher_wq);
}

void pcache_writeback_expired(uint64_t now_ns)
{
    uint64_t expire_ns = (uint64_t)pcache_tunables.dirty_expire_cs * 10 * 1000 * 1000;
    /* Stores through shared mappings show up as dirty pages only now. */
    vm_harvest_dirty(NULL);
    while (!list_empty(&pcache_dirty_mappings)) {
        struct pcache_mapping *m =
            list_first_entry(&pcache_dirty_mappings, struct pcache_mapping, dirty_link);
        if (!wb_expired(m->dirtied_ns, now_ns, expire_ns))
            break; /* the list is oldest first: the rest are younger */
        uint64_t written = 0;
        pin(m);
        writeback_mapping(m, 0, UINT64_MAX, UINT64_MAX, &written);
        pcache_counters.writeback_expired += written;
        requeue(m, clock_monotonic_ns());
        unpin(m);
    }
}

uint64_t pcache_drop_clean(void)
{
    pcache_sync(NULL);
    return pcache_shrink(pcache_counters.cached);
}
