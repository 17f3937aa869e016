/*
 * kernel/mm/wb_cluster.h: which dirty pages to write back together, and
 * when.  Pure logic on arrays and numbers (the host tests drive it:
 * tests/host/test_wb_cluster.c); kernel/mm/writeback.c applies it.
 *
 * Write-back collects a file's dirty pages, puts them in file order and
 * hands them to the file system in batches; the file system turns pages
 * that are adjacent on the disk into one request (the block layer merges
 * them, kernel/drivers/blk_merge.h).  A batch ends, when it must end
 * before all pages are in, at a gap in the file rather than in the middle
 * of a run of adjacent pages, so that runs stay whole.
 */
#ifndef PAGELAB_MM_WB_CLUSTER_H
#define PAGELAB_MM_WB_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sorts n page indexes ascending, carrying each one's item along (any
   order of equal keys).  Already sorted input (the usual case: a file
   written front to back) costs one pass; otherwise heapsort, in place. */
void wb_sort(uint64_t *keys, void **items, size_t n);

/* How many of the n sorted indexes (n > 0) go into the next batch of at
   most max: all when they fit, else up to the last gap in the file within
   the batch, if that keeps at least half of it, else max. */
size_t wb_batch_len(const uint64_t *keys, size_t n, size_t max);

/* Has a mapping dirtied at dirtied_ns expired at now_ns (Linux's
   dirty_expire_centisecs, kept in nanoseconds here)? */
static inline bool wb_expired(uint64_t dirtied_ns, uint64_t now_ns, uint64_t expire_ns)
{
    return now_ns >= dirtied_ns && now_ns - dirtied_ns >= expire_ns;
}

#endif
