/*
 * kernel/mm/pagecache_internal.h: what the page cache's own files share
 * (pagecache.c: lookup, lists, eviction; readahead.c; writeback.c).
 * Nothing outside kernel/mm/pagecache*.c, readahead.c and writeback.c
 * includes it.
 */
#ifndef PAGELAB_MM_PAGECACHE_INTERNAL_H
#define PAGELAB_MM_PAGECACHE_INTERNAL_H

#include "kernel/mm/pagecache.h"

extern struct pcache_stats pcache_counters;
/* Clean cached pages in clock order (dirty ones are on their mapping's
   dirty list instead). */
extern struct list_head pcache_clock;
/* Mappings with dirty pages, the longest dirty first. */
extern struct list_head pcache_dirty_mappings;

struct page *pcache_hash_find(struct pcache_mapping *m, uint64_t index);
/* A new page for (m, index), hashed, on the clock, not uptodate, with only
   the cache's reference; locked when lock.  May sleep (it may have to
   evict).  NULL when out of memory, or when another task added the page
   meanwhile (*raced then). */
struct page *pcache_add(struct pcache_mapping *m, uint64_t index, bool lock, bool *raced);
/* Takes an unlocked p out of the cache and drops the cache's reference. */
void pcache_remove(struct page *p);
/* The same, but the caller takes the cache's reference over; keep_usage:
   the owner's page count keeps counting it (its page goes to swap). */
void pcache_detach(struct page *p, bool keep_usage);
/* Puts p (referenced by the caller: the reference becomes the cache's)
   into the cache as (m, index), counted in the owner's usage if charge. */
void pcache_attach(struct pcache_mapping *m, uint64_t index, struct page *p, bool charge);
/* Unevictable mappings (memory file systems), each with its own page list. */
extern struct list_head pcache_unevictable_mappings;

/* Pages of unevictable mappings out on swap (pagecache_swap.c). */
/* Reads page index of m back from swap into the cache: referenced, or
   NULL with *err (-ENOMEM, -EIO).  *did_io if it had to be read. */
struct page *pcache_swap_in(struct pcache_mapping *m, uint64_t index, bool *did_io, int *err);
/* Forgets the swapped copy of page index (it is about to be overwritten). */
void pcache_swap_discard(struct pcache_mapping *m, uint64_t index);
/* Forgets the swapped copies of pages with index in [first, end)
   (truncation, a punched hole). */
void pcache_swap_truncate(struct pcache_mapping *m, uint64_t first, uint64_t end);
/* p (dirty, locked by the caller) is about to be written: clean from now on
   (a store during the I/O dirties it again), back on the clock. */
void pcache_clean_for_writeback(struct page *p);
/* Starts reading pages[0..n) (new, locked, consecutive) through m's ops. */
void pcache_start_read(struct pcache_mapping *m, struct page **pages, unsigned n,
                       enum copy_mech mech);
/* Evicts clean pages only; never sleeps. */
uint64_t pcache_evict_clean(uint64_t want);
/* Writes back dirty pages of mappings, oldest first, up to want pages
   (reclaim); returns the number written. */
uint64_t pcache_writeback_oldest(uint64_t want);
/* Sleeps until no write-back pass holds m (writeback.c). */
void pcache_wait_unpinned(struct pcache_mapping *m);

#endif
