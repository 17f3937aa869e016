/*
 * kernel/mm/vmscan.c: one reclaim pass, the reclaim thread (kswapd) and
 * direct reclaim (see vmscan.h for the order of the pass).
 *
 * A pass looks at a little of memory first and more each round, as
 * Linux's scan priorities do: round p looks at up to 1/2^p of the frames
 * (12 rounds, the last one all of them), so that a second chance (the
 * accessed bit cleared in one round) can end in eviction in a later one
 * even when every page was used lately.  kswapd works in large batches
 * (WRITE_BATCH pages written together, so that swap-out becomes a few
 * large requests), a faulting task in small ones (DIRECT_BATCH: it only
 * needs to get going again).  A kswapd pass
 * that frees nothing (no swap, everything locked) makes it back off for a
 * while instead of spinning on every allocation's wake-up, as Linux's
 * kswapd_failures does.
 */
#include "kernel/lib/printk.h"
#include "kernel/lib/time.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/swap_internal.h"
#include "kernel/mm/vmscan.h"

#define DIRECT_BATCH      32  /* Linux's SWAP_CLUSTER_MAX */
#define WRITE_BATCH       256 /* pages kswapd writes out at once: 1 MiB */
#define DEF_PRIORITY      12  /* the first round looks at 1/4096 of memory */
#define KSWAPD_BACKOFF_NS (100ull * 1000 * 1000)

static struct vmscan_stats stats;
static struct waitqueue kswapd_wq = WAITQUEUE_INIT(kswapd_wq);
static bool kswapd_woken;
static struct page *kswapd_queue[WRITE_BATCH];

void vmscan_get_stats(struct vmscan_stats *out) { *out = stats; }

void vmscan_wake_kswapd(void)
{
    if (kswapd_woken)
        return;
    kswapd_woken = true;
    wake_up(&kswapd_wq);
}

/* Writes out what the swap cache holds ready (dirty, nobody else holding
   it), queue[cap] at a time.  Frames freed. */
static uint64_t write_ready(struct page **queue, unsigned cap, uint64_t want)
{
    uint64_t freed = 0;
    for (;;) {
        unsigned n = swap_cache_collect_dirty(queue, cap);
        if (n == 0)
            return freed;
        freed += swap_writeout(queue, n);
        if (freed >= want || n < cap)
            return freed;
    }
}

/* One round of a pass, looking at up to budget PTEs: the frames freed;
   the anonymous ones and those scanned added to *anon, *scanned_anon and
   *scanned_file. */
static uint64_t shrink_round(uint64_t want, uint64_t budget, struct page **queue, unsigned cap,
                             uint64_t *anon, uint64_t *scanned_anon, uint64_t *scanned_file)
{
    uint64_t anon_freed = swap_cache_shrink(want);
    uint64_t freed = anon_freed + pcache_shrink_clean(want - anon_freed);
    if (freed < want) {
        struct reclaim_scan rs = { .want = want - freed, .budget = budget };
        rs.may_swap = swap_has_room();
        vm_scan_ptes(&rs);
        if (rs.may_swap && rs.to_swap < rs.want) {
            rs.budget = budget;
            vm_anon_swap_scan(&rs);
            pcache_swap_scan(&rs);
        }
        uint64_t written = write_ready(queue, cap, rs.want);
        anon_freed += written;
        freed += written;
        *scanned_anon += rs.scanned_anon;
        *scanned_file += rs.scanned_file;
    }
    if (freed < want)
        freed += pcache_shrink(want - freed); /* unmapped pages, dirty ones written first */
    *anon += anon_freed;
    return freed;
}

/* One pass for want frames, in rounds of growing reach; the frames freed. */
static uint64_t shrink(uint64_t want, bool direct, struct page **queue, unsigned cap)
{
    struct pcache_stats before, after;
    struct frame_stats fs;
    pcache_get_stats(&before);
    frame_stats(&fs);
    uint64_t freed = 0, anon_freed = 0, scanned_anon = 0, scanned_file = 0;
    for (int prio = DEF_PRIORITY; prio >= 0 && freed < want; prio--) {
        uint64_t budget = fs.total >> prio;
        if (budget < 2 * want)
            budget = 2 * want;
        freed += shrink_round(want - freed, budget, queue, cap, &anon_freed, &scanned_anon,
                              &scanned_file);
    }

    pcache_get_stats(&after);
    uint64_t file_freed = after.evictions - before.evictions;
    uint64_t scanned = scanned_anon + scanned_file + (after.scanned - before.scanned);
    stats.pgscan_anon += scanned_anon;
    stats.pgscan_file += scanned_file + (after.scanned - before.scanned);
    stats.pgsteal_anon += anon_freed;
    stats.pgsteal_file += file_freed;
    if (direct) {
        stats.pgscan_direct += scanned;
        stats.pgsteal_direct += anon_freed + file_freed;
    } else {
        stats.pgscan_kswapd += scanned;
        stats.pgsteal_kswapd += anon_freed + file_freed;
    }
    return freed;
}

void kswapd_run(void)
{
    wait_event(&kswapd_wq, kswapd_woken);
    kswapd_woken = false;
    stats.kswapd_runs++;
    bool progress = true;
    while (frame_free_count() < frame_wmark.high && progress) {
        uint64_t short_by = frame_wmark.high - frame_free_count();
        uint64_t want = short_by < DIRECT_BATCH ? DIRECT_BATCH : short_by;
        if (want > WRITE_BATCH)
            want = WRITE_BATCH;
        progress = shrink(want, false, kswapd_queue, WRITE_BATCH) != 0;
    }
    if (!progress) {
        /* Nothing to take: wait before trying again (direct reclaim and
           the out-of-memory killer deal with the pressure meanwhile). */
        uint64_t until = clock_monotonic_ns() + KSWAPD_BACKOFF_NS;
        wait_event_deadline(&kswapd_wq, clock_monotonic_ns() >= until, until);
        kswapd_woken = false;
    }
}

uint64_t vmscan_direct_reclaim(void)
{
    vmscan_wake_kswapd();
    stats.allocstall++;
    struct page *queue[DIRECT_BATCH];
    uint64_t want = DIRECT_BATCH;
    if (frame_free_count() < frame_wmark.min)
        want += frame_wmark.min - frame_free_count();
    return shrink(want, true, queue, DIRECT_BATCH);
}

bool vmscan_reclaim_order(unsigned order)
{
    struct frame_stats fs;
    frame_stats(&fs);
    uint64_t freed = 0;
    while (!frame_has_block(order)) {
        uint64_t n = vmscan_direct_reclaim();
        freed += n;
        if (n == 0 || freed > fs.total / 4)
            return frame_has_block(order);
    }
    return true;
}
