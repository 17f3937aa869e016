/*
 * kernel/mm/pagecache.h: the page cache, the kernel's only cache of file and
 * disk contents.
 *
 * A cached page is a whole frame (struct page) keyed by (mapping, index): the
 * mapping is a file's inode or a block device, the index the page number
 * within it.  The owner of a mapping (a file system, a block device) hands
 * the cache an ops table that reads pages from, and writes pages to, the
 * backing store; mm/ knows nothing else about files or disks.
 *
 * Reading: a page not yet cached is added locked (PG_LOCKED) and handed to
 * the owner's readpages(), which starts the I/O and returns; the page
 * becomes uptodate and unlocked in pcache_end_read(), usually called by
 * the disk's interrupt handler, which wakes exactly the tasks waiting for
 * that page.  A read through pcache_read_page() also reads ahead
 * (kernel/mm/readahead.c): a window of following pages, in one request
 * where the disk allows, and the next window when the reader gets near
 * the end of this one.
 *
 * Writing: a dirty page moves from the clock (the eviction order) to its
 * mapping's dirty list; the mapping joins the list of dirty mappings,
 * oldest first.  Write-back (kernel/mm/writeback.c: fsync, msync, sync,
 * the periodic flusher, reclaim) sorts a mapping's dirty pages by index
 * and hands them to the owner's writepages() in batches, which the block
 * layer turns into few large requests.  The flusher writes back mappings
 * dirty for longer than dirty_expire_centisecs.
 *
 * References: the cache holds one reference on every page it caches.
 * pcache_get() returns the page with one more reference for the caller, who
 * drops it with pcache_put().  A page whose only reference is the cache's is
 * evictable (after write-back if dirty).  mmap maps these very frames: a
 * mapped page is never evicted, and pcache_sync first collects the dirty
 * bits of the PTEs that map it shared (vm_harvest_dirty), so a store through
 * a mapping is written back like a write().  A page with I/O in flight is
 * never evicted nor dropped: truncation waits for it.
 *
 * Locking: one CPU and no preemption inside the kernel, so the cache's
 * lists and counters need no lock; only tasks touch them.  Interrupt
 * handlers touch a page only through pcache_end_read() and
 * pcache_note_read_error(), on a page that is locked for reading, and
 * every change of page->flags here is an atomic read-modify-write
 * (pg_set/pg_clear), so a handler's change is never lost.
 */
#ifndef PAGELAB_MM_PAGECACHE_H
#define PAGELAB_MM_PAGECACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/lib/list.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/idx_map.h"
#include "kernel/mm/readahead_window.h"

struct pcache_mapping;

struct pcache_ops {
    /* Starts reading pages[0..n): consecutive indexes, each locked, not
       uptodate, held by the cache.  May return before the data is there;
       each page is finished with pcache_end_read() (after
       pcache_note_read_error() if it could not be read), from any
       context, possibly before readpages returns.  mech says on whose
       behalf, for the copy ledger. */
    void (*readpages)(struct pcache_mapping *m, struct page **pages, unsigned n,
                      enum copy_mech mech);
    /* Writes pages[0..n) back (ascending indexes, locked, uptodate) and
       waits for all of it: 0 or the first error (then every page of the
       batch stays dirty). */
    int (*writepages)(struct pcache_mapping *m, struct page **pages, unsigned n);
    /* The single-page forms, for owners without the batch ones:
       synchronous, 0 or a negative errno. */
    int (*readpage)(struct pcache_mapping *m, struct page *p, enum copy_mech mech);
    int (*writepage)(struct pcache_mapping *m, struct page *p);
};

struct pcache_mapping {
    const struct pcache_ops *ops;
    void *host;        /* the owner: an inode, a block device */
    uint64_t nr_pages; /* pages of this mapping in the cache */
    uint64_t nr_dirty;
    uint32_t nr_writeback;        /* pages being written back now */
    uint32_t busy;                /* write-back passes working on it (writeback.c) */
    uint32_t io_pages;            /* pages the device takes in one request (0: unknown) */
    struct list_head dirty_pages; /* its dirty pages, in the order they were dirtied */
    struct list_head dirty_link;  /* on the list of dirty mappings, while nr_dirty > 0 */
    uint64_t dirtied_ns;          /* when it last went from clean to dirty */
    /* Unevictable (a memory file system's files: the cache is their only
       copy): the pages sit on this list instead of the clock, so neither
       eviction, write-back, reclaim nor read-ahead ever sees them; they are
       never dirty and go only when the owner truncates them. */
    bool unevictable;
    struct list_head pages;
    struct list_head unevictable_link; /* on the list of such mappings */
    uint64_t *usage;                   /* optional: the owner's page count, kept with nr_pages */
    /* Unevictable mappings: the swap entries of pages out on swap, by
       index (pagecache_swap.c); they still count in *usage. */
    struct idx_map swapped;
};

/* A reader's read-ahead state (one per open file, Linux's file_ra_state). */
typedef struct ra_state pcache_ra;

/* What pcache_read_page needs to know to read ahead. */
struct pcache_read {
    pcache_ra *ra;  /* NULL: no read-ahead, just the page */
    uint64_t limit; /* pages of the object: nothing from here on is read ahead */
    uint32_t req;   /* pages the reader wants from this index on (>= 1) */
    enum copy_mech mech;
};

struct pcache_stats {
    uint64_t hits, misses, evictions, writebacks, writeback_errors;
    uint64_t cached, dirty;  /* evictable pages (clock and dirty lists), now */
    uint64_t unevictable;    /* pages of unevictable mappings (memory file systems), now */
    uint64_t mapped;         /* pages, now, mapped by some user PTE (filled by pcache_get_stats) */
    uint64_t writeback_runs; /* writepages batches */
    uint64_t writeback_expired; /* pages written because they were old (the flusher) */
    uint64_t writeback_reclaim; /* pages written to free memory */
    uint64_t ra_sync, ra_async; /* read-ahead windows started on a miss / at a marker */
    uint64_t ra_pages;          /* pages read ahead of the reader */
    uint64_t ra_hits;           /* of those, later used */
    uint64_t ra_unused;         /* of those, dropped without being used */
    uint64_t scanned;           /* pages the eviction clock looked at (reclaim's pgscan) */
};

/* The knobs of /proc/sys/vm (kernel/mm/mm_procfs.c). */
struct pcache_tunables {
    uint32_t read_ahead_kb;      /* the largest window (Linux: read_ahead_kb, 128) */
    uint32_t dirty_expire_cs;    /* age after which dirty data is written (Linux: 3000) */
    uint32_t dirty_writeback_cs; /* how often the flusher looks (Linux: 500) */
};
extern struct pcache_tunables pcache_tunables;

/* Atomic page-flag changes: safe against an interrupt handler changing
   other bits of the same page's flags. */
static inline void pg_set(struct page *p, uint32_t f)
{
    __atomic_fetch_or(&p->flags, f, __ATOMIC_RELAXED);
}
static inline void pg_clear(struct page *p, uint32_t f)
{
    __atomic_fetch_and(&p->flags, ~f, __ATOMIC_RELAXED);
}

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
/* pcache_get_io with read-ahead (rq, see struct pcache_read).  *did_io (when
   not NULL) is set if the page was not in the cache. */
struct page *pcache_read_page(struct pcache_mapping *m, uint64_t index,
                              const struct pcache_read *rq, int *err, bool *did_io);
/* Starts reading the pages of [first, end) that are not cached, without
   waiting for them (posix_fadvise WILLNEED); stops early when memory runs
   short, as read-ahead does. */
void pcache_read_ahead_range(struct pcache_mapping *m, uint64_t first, uint64_t end,
                             enum copy_mech mech);
/* Like pcache_get, for a caller about to overwrite the whole page: a page not
   yet cached is zero-filled instead of read.  NULL only when out of memory. */
struct page *pcache_get_for_overwrite(struct pcache_mapping *m, uint64_t index,
                                      enum copy_mech mech);
/* The cached page or NULL, without any I/O; referenced like pcache_get.
   A page of an unevictable mapping that is out on swap is read back
   (this may sleep). */
struct page *pcache_lookup(struct pcache_mapping *m, uint64_t index);
/* Does m have page index, in memory or out on swap?  Never sleeps. */
bool pcache_holds(struct pcache_mapping *m, uint64_t index);
/* The first index >= from that unevictable mapping m holds, in memory or
   out on swap (UINT64_MAX: none): where a memory file's data resumes. */
uint64_t pcache_next_held(struct pcache_mapping *m, uint64_t from);
/* The cached page if it is uptodate, unlocked and carries no read-ahead
   marker (fault-around maps only such pages), referenced; else NULL. */
struct page *pcache_lookup_ready(struct pcache_mapping *m, uint64_t index);
void pcache_put(struct page *p);

void pcache_mark_dirty(struct page *p);
/* Sleeps until p's I/O (PG_LOCKED) is over. */
void pcache_wait_io(struct page *p);
/* Ends p's I/O: clears PG_LOCKED and wakes whoever waits for it (the page
   wait serves any page with I/O in flight: the swap cache's too). */
void pcache_unlock(struct page *p);

/* The owner's side of readpages: the page's read failed / is finished.
   Any context (interrupt handlers included). */
void pcache_note_read_error(struct page *p);
void pcache_end_read(struct page *p);

/* Writes back the dirty pages of m (or all mappings when m is NULL) and
   waits for write-back others started.  Returns 0 or the first error met. */
int pcache_sync(struct pcache_mapping *m);
/* Writes back the dirty pages of m with index in [first, end) (msync).
   Dirty bits of shared mappings must have been harvested by the caller. */
int pcache_sync_range(struct pcache_mapping *m, uint64_t first, uint64_t end);
/* drop_caches: writes back everything dirty, then evicts every clean page
   nobody maps or holds.  Returns the number of pages evicted. */
uint64_t pcache_drop_clean(void);
/* Drops pages of m with index >= first (truncate, unlink); dirty contents are
   discarded.  Waits for pages with I/O in flight.  Pages still referenced
   elsewhere are unhashed and freed when their last user drops them. */
void pcache_truncate(struct pcache_mapping *m, uint64_t first);
/* The same for the pages with index in [first, end) (a hole punched in a
   memory file): their PTEs go, private copies included. */
void pcache_truncate_range(struct pcache_mapping *m, uint64_t first, uint64_t end);
/* Evicts the clean pages of m in [first, end) that nobody maps or holds
   (posix_fadvise DONTNEED, after writing the range back).  How many. */
uint64_t pcache_evict_range(struct pcache_mapping *m, uint64_t first, uint64_t end);

/* Evicts up to want clean (or written-back) unreferenced pages, clock order.
   Returns the number evicted. */
uint64_t pcache_shrink(uint64_t want);
/* The same without writing anything back: never sleeps. */
uint64_t pcache_shrink_clean(uint64_t want);
/* The flusher (kernel/entry/main.c's write-back thread) loops:
   pcache_flusher_sleep() sleeps for dirty_writeback_centisecs and says
   whether a pass is due (false when it was woken because the knob
   changed: it then sleeps again with the new interval);
   pcache_writeback_expired() writes back the mappings dirty for longer than
   dirty_expire_centisecs at now_ns. */
bool pcache_flusher_sleep(void);
void pcache_flusher_kick(void);
void pcache_writeback_expired(uint64_t now_ns);

/* A snapshot of the counters; counting mapped pages walks the cache, so
   this is for /proc and tests, not for a hot path. */
void pcache_get_stats(struct pcache_stats *out);

/* When a new cache page would leave fewer free frames than this, the cache
   evicts its own pages first. */
#define PCACHE_LOW_FREE_FRAMES 256

#endif
