/*
 * kernel/mm/vmscan.h: reclaim, taking memory back when free frames run
 * short (Linux's mm/vmscan.c, on pagelab's scale).
 *
 * Below the low watermark (frame.h) the reclaim thread, kswapd, is woken;
 * it works until the high watermark is reached.  A fault that finds no
 * frame reclaims a batch itself (direct reclaim) before it may fail.  One
 * reclaim pass, cheapest first:
 *   1. cached swap pages nobody uses whose contents are on the disk, and
 *      clean page-cache pages nobody maps, are dropped (no I/O);
 *   2. address spaces are scanned, a clock over their PTEs (vm_swap.c):
 *      a page whose accessed bit is set gets it cleared and a second
 *      chance; one not used since the hand last passed is unmapped: a
 *      file page (its dirty bit moved to the page cache) goes back to the
 *      page cache, a page of a shared anonymous object to its object, a
 *      private anonymous page to swap (its PTE becomes a swap entry);
 *      shared anonymous objects and memory-file-system files whose pages
 *      nobody maps give theirs to swap too;
 *   3. the pages now only in the swap cache are written out, many per
 *      request, and freed;
 *   4. the page cache evicts again, writing dirty pages back first.
 * Locked memory (mlock, SHM_LOCK) and 2 MiB pages are never taken.
 */
#ifndef PAGELAB_MM_VMSCAN_H
#define PAGELAB_MM_VMSCAN_H

#include <stdbool.h>
#include <stdint.h>

/* Wakes the reclaim thread (any context; does nothing before it exists). */
void vmscan_wake_kswapd(void);
/* The reclaim thread's body (entry/main.c loops on it): sleeps until
   woken, then reclaims until the high watermark is reached or nothing
   more can be had. */
void kswapd_run(void);
/* Direct reclaim, by a task that needs a frame (it may sleep for the
   disk): frames freed, 0 when nothing could be. */
uint64_t vmscan_direct_reclaim(void);

/* Direct reclaim until a block of 2^order contiguous frames is free (a
   kernel stack wants four): freed frames join their free neighbours in the
   buddy allocator, so freeing enough of them makes one, where Linux would
   compact memory.  At most a quarter of RAM is freed so; false when no
   such block could be made. */
bool vmscan_reclaim_order(unsigned order);

/* /proc/vmstat's reclaim counters, as Linux names them. */
struct vmscan_stats {
    uint64_t pgscan_kswapd, pgscan_direct, pgsteal_kswapd, pgsteal_direct;
    uint64_t pgscan_anon, pgscan_file, pgsteal_anon, pgsteal_file;
    uint64_t kswapd_runs, allocstall; /* kswapd wake-ups that ran; direct reclaims */
};
void vmscan_get_stats(struct vmscan_stats *out);

#endif
