/*
 * kernel/mm/pagecache.h: the page cache, the kernel's only cache of file and
 * disk contents.
 *
 * A cached page is a whole frame (struct page) keyed by (mapping, index): the
 * mapping is a file's inode or a block device, the index the page number
 * within it.  The owner of a mapping (a file system, a block device) hands
 * the cache an ops table that reads a page from, and writes a page to, the
 * backing store; mm/ knows nothing else about files or disks.
 *
 * References: the cache holds one reference on every page it caches.
 * pcache_get() returns the page with one more reference for the caller, who
 * drops it with pcache_put().  A page whose only reference is the cache's is
 * evictable (after write-back if dirty).  mmap maps these very frames: a
 * mapped page is never evicted, and pcache_sync first collects the dirty
 * bits of the PTEs that map it shared (vm_harvest_dirty), so a store through
 * a mapping is written back like a write().
 *
 * Locking: one CPU and no preemption inside the kernel, and interrupt
 * handlers never touch the cache (the disk IRQ only completes requests), so
 * the cache needs no lock of its own.  PG_LOCKED marks a page whose I/O is in
 * flight; a task that needs the page meanwhile sleeps in pcache_wait_io().
 */
#ifndef PAGELAB_MM_PAGECACHE_H
#define PAGELAB_MM_PAGECACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/mm/frame.h"

struct pcache_mapping;

struct pcache_ops {
    /* Fills page (p->index within m) from the backing store; mech says on
       whose behalf, for the copy ledger.  0 or -EIO/-ENOMEM. */
    int (*readpage)(struct pcache_mapping *m, struct page *p, enum copy_mech mech);
    /* Writes page back; 0 or a negative errno (the page stays dirty). */
    int (*writepage)(struct pcache_mapping *m, struct page *p);
};

struct pcache_mapping {
    const struct pcache_ops *ops;
    void *host;        /* the owner: an inode, a block device */
    uint64_t nr_pages; /* pages of this mapping in the cache */
    uint64_t nr_dirty;
    /* Unevictable (a memory file system's files: the cache is their only
       copy): the pages sit on this list instead of the clock, so neither
       eviction, write-back nor reclaim ever sees them; they are never dirty
       and go only when the owner truncates them. */
    bool unevictable;
    struct list_head pages;
    struct list_head unevictable_link; /* on the list of such mappings */
    uint64_t *usage;                   /* optional: the owner's page count, kept with nr_pages */
};

struct pcache_stats {
    uint64_t hits, misses, evictions, writebacks, writeback_errors;
    uint64_t cached, dirty; /* pages on the clock (evictable), now */
    uint64_t unevictable;   /* pages of unevictable mappings (memory file systems), now */
    uint64_t mapped;        /* pages, now, mapped by some user PTE (filled by pcache_get_stats) */
};

/* Lets the frame allocator take clean cached pages back before it reports
   out of memory (a struct frame_reclaimer).  Called once at boot. */
void pcache_init(void);

void pcache_mapping_init(struct pcache_mapping *m, const struct pcache_ops *ops, void *host);
/* Makes a new mapping (no pages yet) unevictable; usage, if not NULL, is
   the owner's counter of pages (a file system's total), moved with every
   page added or dropped.  The owner calls pcache_mapping_release before it
   frees m. */
void pcache_mapping_set_unevictable(struct pcache_mapping *m, uint64_t *usage);
/* Drops every page of m and forgets m (unevictable mappings). */
void pcache_mapping_release(struct pcache_mapping *m);

/* Returns the page at (m, index) with a reference for the caller, read from
   the backing store if needed; NULL with *err = -EIO/-ENOMEM on failure. */
struct page *pcache_get(struct pcache_mapping *m, uint64_t index, enum copy_mech mech, int *err);
/* pcache_get that also says whether the page had to be read from the
   backing store (*did_io; a major fault for mmap). */
struct page *pcache_get_io(struct pcache_mapping *m, uint64_t index, enum copy_mech mech, int *err,
                           bool *did_io);
/* Like pcache_get, for a caller about to overwrite the whole page: a page not
   yet cached is zero-filled instead of read.  NULL only when out of memory. */
struct page *pcache_get_for_overwrite(struct pcache_mapping *m, uint64_t index,
                                      enum copy_mech mech);
/* The cached page or NULL, without any I/O; referenced like pcache_get. */
struct page *pcache_lookup(struct pcache_mapping *m, uint64_t index);
void pcache_put(struct page *p);

void pcache_mark_dirty(struct page *p);
/* Sleeps until p's I/O (PG_LOCKED) is over: another task is doing it. */
void pcache_wait_io(struct page *p);

/* Writes back the dirty pages of m (or all mappings when m is NULL).
   Returns 0 or the first error met. */
int pcache_sync(struct pcache_mapping *m);
/* Writes back the dirty pages of m with index in [first, end) (msync).
   Dirty bits of shared mappings must have been harvested by the caller. */
int pcache_sync_range(struct pcache_mapping *m, uint64_t first, uint64_t end);
/* drop_caches: writes back everything dirty, then evicts every clean page
   nobody maps or holds.  Returns the number of pages evicted. */
uint64_t pcache_drop_clean(void);
/* Drops pages of m with index >= first (truncate, unlink); dirty contents are
   discarded.  Pages still referenced elsewhere are unhashed and freed when
   their last user drops them. */
void pcache_truncate(struct pcache_mapping *m, uint64_t first);

/* Evicts up to want clean (or written-back) unreferenced pages, clock order.
   Returns the number evicted. */
uint64_t pcache_shrink(uint64_t want);
/* Writes back everything dirty if PCACHE_WRITEBACK_INTERVAL_NS passed since
   the last periodic write-back; called from the timer/idle path. */
void pcache_periodic_writeback(uint64_t now_ns);

/* A snapshot of the counters; counting mapped pages walks the cache, so
   this is for /proc and tests, not for a hot path. */
void pcache_get_stats(struct pcache_stats *out);

#define PCACHE_WRITEBACK_INTERVAL_NS (5ull * 1000 * 1000 * 1000)
/* When a new cache page would leave fewer free frames than this, the cache
   evicts its own pages first. */
#define PCACHE_LOW_FREE_FRAMES       256

#endif
