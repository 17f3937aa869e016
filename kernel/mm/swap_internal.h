/*
 * kernel/mm/swap_internal.h: what the swap files of mm/ share
 * (swap_area.c: areas and slot counts; swap_cache.c: the cache, swap-in
 * and write-out; vm_swap.c: swap PTEs; vmscan.c: reclaim).
 */
#ifndef PAGELAB_MM_SWAP_INTERNAL_H
#define PAGELAB_MM_SWAP_INTERNAL_H

#include "kernel/mm/swap.h"

/* A slot's map value: how many entries refer to it, and whether the swap
   cache holds a page for it (Linux's swap_map with SWAP_HAS_CACHE). */
#define SWAP_HAS_CACHE 0x8000u
#define SWAP_BAD       0x7fffu /* a bad page the header lists, or the header */
#define SWAP_COUNT_MAX 0x7ffeu
#define SWAP_NAME_MAX  128

struct swap_area {
    bool used;    /* this type number is taken */
    bool enabled; /* hands out slots (not while swapoff empties it) */
    int prio;
    const void *key;
    char name[SWAP_NAME_MAX];
    bool partition;
    uint64_t max;    /* slots 0..max-1 (0 is the header) */
    uint64_t pages;  /* usable slots */
    uint64_t inuse;  /* slots taken */
    uint16_t *map;   /* per slot, see above */
    uint64_t cursor; /* next-fit: where the next search starts */
    const struct swap_io_ops *ops;
    void *io;
};

extern struct swap_area swap_areas[SWAP_AREAS_MAX];
extern uint64_t swap_cache_pages; /* pages in the swap cache */
extern uint64_t swap_stat_pswpin, swap_stat_pswpout, swap_stat_ra, swap_stat_ra_hit;

/* The area of e when e names a slot of an active area, else NULL. */
struct swap_area *swap_area_of(swp_entry_t e);
/* Marks the cache's hold on e's slot (swap_cache_add) / drops it
   (swap_cache_remove: the slot is freed if no entry refers to it). */
void swap_set_cache_flag(swp_entry_t e);
void swap_clear_cache_flag(swp_entry_t e);
/* Over half of all swap in use (Linux's vm_swap_full): a page read back
   gives its slot up at once instead of keeping it for a cheap re-eviction. */
bool swap_mostly_full(void);

/* One reclaim scan (vmscan.c asks vm_swap.c, vm_anon.c, pagecache.c). */
struct reclaim_scan {
    uint64_t want;   /* pages to send to swap */
    uint64_t budget; /* PTEs (or object pages) to look at, at most */
    bool may_swap;   /* an area has room for more */
    uint64_t scanned_anon, scanned_file;
    uint64_t to_swap;  /* pages now in the swap cache for writing out */
    uint64_t unmapped; /* file or shared pages whose PTEs went */
};
/* The clock over address spaces' PTEs (see vmscan.h). */
void vm_scan_ptes(struct reclaim_scan *rs);
/* Pages nobody maps of shared anonymous objects / of memory-file-system
   files, unused since the last look, go to the swap cache. */
void vm_anon_swap_scan(struct reclaim_scan *rs);
void pcache_swap_scan(struct reclaim_scan *rs);

/* Bringing an area's pages back for swapoff.  First every slot in use is
   read into the swap cache (where reclaim leaves them while the area is
   disabled): 0, -ENOMEM or -EIO.  Then, without sleeping, every holder of
   an entry of type (address spaces, shared anonymous objects, memory file
   system files) gets its page from the cache: 0, or -ENOMEM when a page
   is missing (read again). */
int swap_read_all(unsigned type);
int vm_swap_unuse(unsigned type);
int vm_anon_swap_unuse(unsigned type);
int pcache_swap_unuse(unsigned type);
/* Takes every cached page of type out of the swap cache (after the
   holders have their pages back). */
void swap_cache_forget_type(unsigned type);

#endif
