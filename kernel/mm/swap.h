/*
 * kernel/mm/swap.h: swap areas, swap entries and the swap cache.
 *
 * A swap area is a disk (or a file on one) in Linux's format (mkswap's:
 * page 0 is the header, every other page a slot).  A page of anonymous
 * memory that reclaim (vmscan.c) pushes out gets a slot; whatever referred
 * to the page then holds a swap entry instead (the area and the slot):
 *   - a private page: the PTE becomes a not-present "swap PTE" (PTE_SWAP,
 *     the entry in the address bits), one per address space that mapped
 *     it (copy-on-write sharing after fork survives: every sharer holds
 *     the same entry);
 *   - a page of a shared anonymous object (MAP_SHARED|MAP_ANONYMOUS,
 *     System V shm: vm_anon.c): the object's slot for it;
 *   - a page of the memory file system: its mapping's table of swapped
 *     pages (pagecache.c).
 * Each slot counts the entries that refer to it; the slot is free when no
 * entry and no cached page refers to it.
 *
 * The swap cache holds pages by swap entry while they are on their way out
 * (written, then freed) and after they came back (read, then mapped): every
 * holder of an entry that faults finds the same frame there, so a page
 * shared before it went out is shared again after it came back.  A page in
 * the swap cache is never mapped writable: its contents are the slot's (or
 * newer and not yet written, on its way out), and the first write takes it
 * out of the cache (vm_swap.c).
 *
 * The reading and writing is done by whoever activated the area (the file
 * system layer's swapon, over the block layer): it hands the area a struct
 * swap_io_ops, as file systems hand the page cache a struct pcache_ops.
 *
 * Locking: one CPU and no preemption in the kernel; slot counts and the
 * cache change only in tasks, never in interrupt handlers (those only end
 * reads: pcache_end_read on a locked page).  swapon and swapoff are
 * serialised by swap_lock_areas.
 */
#ifndef PAGELAB_MM_SWAP_H
#define PAGELAB_MM_SWAP_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/hw/pte.h"
#include "kernel/mm/frame.h"

/* A swap entry: area (type) and slot (offset) in 40 bits, so that it fits
   a PTE's address bits.  0 is never a valid entry (slot 0 is a header). */
typedef struct {
    uint64_t val;
} swp_entry_t;

#define SWP_OFFSET_BITS 35
#define SWP_TYPE_BITS   5
#define SWAP_AREAS_MAX  8 /* swap areas active at once (Linux: MAX_SWAPFILES, 32) */

static inline swp_entry_t swp_entry(unsigned type, uint64_t offset)
{
    return (swp_entry_t){ ((uint64_t)type << SWP_OFFSET_BITS) | offset };
}
static inline unsigned swp_type(swp_entry_t e) { return (unsigned)(e.val >> SWP_OFFSET_BITS); }
static inline uint64_t swp_offset(swp_entry_t e) { return e.val & ((1ull << SWP_OFFSET_BITS) - 1); }

/* The swap PTE (kernel/hw/pte.h): not present, PTE_SWAP, the entry in
   bits 12..51. */
static inline uint64_t swp_entry_to_pte(swp_entry_t e) { return PTE_SWAP | (e.val << PAGE_SHIFT); }
static inline bool pte_is_swap(uint64_t pte)
{
    return (pte & (PTE_PRESENT | PTE_PROTNONE | PTE_SWAP)) == PTE_SWAP;
}
static inline swp_entry_t pte_to_swp_entry(uint64_t pte)
{
    return (swp_entry_t){ (pte & PTE_ADDR_MASK) >> PAGE_SHIFT };
}

/* What an area's owner does for it (see above). */
struct swap_io_ops {
    /* Starts reading slots[i] into pages[i] (each locked, not uptodate);
       may return before the data is there.  Each page is finished with
       pcache_end_read() (after pcache_note_read_error() if it could not be
       read), from any context, possibly before read returns. */
    void (*read)(void *io, struct page **pages, const uint64_t *slots, unsigned n);
    /* Writes pages[i] to slots[i] (ascending slots) and waits: 0 or -EIO. */
    int (*write)(void *io, struct page **pages, const uint64_t *slots, unsigned n);
    /* The area is gone (swapoff, or a failed swapon): let go of io. */
    void (*release)(void *io);
};

/* What activating an area needs: the owner's ops, a key that names the
   area for swapoff (the inode or device), the name /proc/swaps shows,
   whether it is a whole device ("partition") or a file, how many pages
   the device or file holds, and swapon's flags (priority). */
struct swap_area_desc {
    const struct swap_io_ops *ops;
    void *io;
    const void *key;
    const char *name;
    bool partition;
    uint64_t dev_pages;
    unsigned extents; /* runs of contiguous disk blocks (1 for a device) */
    int flags;
};

/* swapon(2)'s flags (Linux's include/linux/swap.h). */
#define SWAP_FLAG_PREFER        0x8000
#define SWAP_FLAG_PRIO_MASK     0x7fff
#define SWAP_FLAG_DISCARD       0x10000
#define SWAP_FLAG_DISCARD_ONCE  0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000
#define SWAP_FLAGS_VALID                                                                   \
    (SWAP_FLAG_PRIO_MASK | SWAP_FLAG_PREFER | SWAP_FLAG_DISCARD | SWAP_FLAG_DISCARD_ONCE | \
     SWAP_FLAG_DISCARD_PAGES)

/* swapon and swapoff hold this while they work (they sleep); 0 or -EINTR. */
int swap_lock_areas(void);
void swap_unlock_areas(void);
/* Is key an active area already? */
bool swap_area_active(const void *key);
/* Reads and checks the header through d->ops and makes the area usable:
   0, or -EINVAL (no swap signature, a bad header, no usable page), -EPERM
   (SWAP_AREAS_MAX areas already), -ENOMEM, -EIO.  On failure nothing is
   kept (d->ops->release is the caller's to call). */
int swap_area_add(const struct swap_area_desc *d);
/* swapoff: brings every page of the area keyed key back into memory and
   forgets the area (calling its ops->release).  0, -EINVAL (no such
   area), -ENOMEM (not enough memory for its pages: the area stays). */
int swap_area_remove(const void *key);

/* For /proc/meminfo, /proc/vmstat, free. */
struct swap_stats {
    uint64_t total_pages, free_pages; /* over every active area */
    uint64_t cached_pages;            /* pages in the swap cache */
    uint64_t pswpin, pswpout;         /* pages read from / written to swap since boot */
    uint64_t ra, ra_hit;              /* pages read ahead, and those a fault used */
};
void swap_get_stats(struct swap_stats *out);
/* Is there an active area with a free slot? */
bool swap_has_room(void);

/* --- entries (swap_area.c) --- */

/* A free slot of the best area (highest priority, then in order), counted
   as held by the swap cache; 0 when every area is full. */
swp_entry_t swap_alloc(void);
/* One more / one fewer holder of e.  swap_dup: 0, or -ENOMEM when the
   count is at its limit.  swap_free: the last holder gone, the slot is
   free, and a cached page nobody uses goes with it. */
int swap_dup(swp_entry_t e);
void swap_free(swp_entry_t e);
/* Holders of e (not counting the swap cache). */
unsigned swap_count(swp_entry_t e);

/* --- the swap cache (swap_cache.c) --- */

/* The cached page of e with a reference for the caller, or NULL. */
struct page *swap_cache_lookup(swp_entry_t e);
/* p (not cached, referenced by the caller) joins the cache as e's page:
   the caller's reference becomes the cache's. */
void swap_cache_add(struct page *p, swp_entry_t e);
/* Takes p (unlocked) out of the cache and drops the cache's reference;
   the slot is freed if no entry refers to it any more. */
void swap_cache_remove(struct page *p);
static inline swp_entry_t swap_cache_entry(const struct page *p)
{
    return (swp_entry_t){ p->index };
}
/* The page of e, read from swap (with the slots around it, read ahead)
   unless cached, referenced for the caller and uptodate, still in the
   swap cache; *major set if it had to be read.  NULL with *err = -ENOMEM
   (no frame: reclaim and try again) or -EIO. */
struct page *swap_read_page(swp_entry_t e, bool *major, int *err);
/* Writes pages[0..n) (cached, dirty, referenced by the caller) to their
   slots, and frees each one nobody else holds.  Returns the frames freed. */
uint64_t swap_writeout(struct page **pages, unsigned n);
/* Frees cached pages nobody uses that need no writing (clean, or with no
   entry left), up to want; never sleeps.  Returns the frames freed. */
uint64_t swap_cache_shrink(uint64_t want);
/* Dirty cached pages nobody but the cache holds (their entries' holders
   all let go of the frame), up to max, referenced, for swap_writeout. */
unsigned swap_cache_collect_dirty(struct page **out, unsigned max);

/* Registers the swap cache's reclaimer (frame.h); once at boot. */
void swap_init(void);

/* /proc/sys/vm/page-cluster: swap-in reads 2^page_cluster slots around
   the one faulted on (Linux's default 3). */
extern uint32_t swap_page_cluster;

#endif
