/*
 * kernel/mm/frame.h: physical page frames and struct page.
 *
 * Every frame of RAM has a struct page (in one array indexed by frame number).
 * A frame is free (refcount 0, owned by the buddy allocator) or in use with a
 * reference count: whoever maps or caches the frame holds a reference, and the
 * frame returns to the allocator when the last one is dropped (page_put).
 * This is what copy-on-write sharing and the page cache stand on.
 */
#ifndef PAGELAB_MM_FRAME_H
#define PAGELAB_MM_FRAME_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/lib/list.h"
#include "kernel/hw/layout.h"
#include "kernel/hw/memmap.h"
#include "kernel/mm/frame_sites.h"

/* struct page flags */
#define PG_RESERVED   (1u << 0)  /* not RAM, or the kernel image: never allocated */
#define PG_BUDDY      (1u << 1)  /* heads a free block in the buddy allocator */
#define PG_UPTODATE   (1u << 2)  /* page cache: contents match the backing store */
#define PG_DIRTY      (1u << 3)  /* page cache: must be written back */
#define PG_LOCKED     (1u << 4)  /* page cache: I/O in flight */
#define PG_LRU        (1u << 5)  /* page cache: on the LRU list */
#define PG_REFERENCED (1u << 6)  /* page cache: used since the clock hand last passed */
#define PG_ANON       (1u << 7)  /* anonymous user memory */
#define PG_SLAB       (1u << 8)  /* kmalloc backing page */
#define PG_PAGETABLE  (1u << 9)  /* a page-table page */
#define PG_READAHEAD  (1u << 10) /* page cache: reaching it starts the next read-ahead window */
#define PG_RA_UNUSED  (1u << 11) /* page cache: read ahead, not used yet */
#define PG_IO_ERROR   (1u << 12) /* page cache: the last read of it failed */
#define PG_SWAPCACHE  (1u << 13) /* anonymous page in the swap cache (index = swap entry) */

struct pcache_mapping;

struct page {
    uint32_t flags;
    int32_t refcount; /* 0 when free */
    int32_t mapcount; /* user PTEs mapping this frame */
    /* order: buddy: order of the free block this page heads, or of the
       block allocated from it.  Debug builds keep it in 4 bits (MAX_ORDER
       is 11) and use the rest and the byte of padding after it for site:
       the allocation site of the block this page heads (frame_sites.h), so
       they pay nothing per frame for it. */
#if FRAME_SITES
    uint16_t order : 4;
    uint16_t site : FRAME_SITE_BITS;
#else
    uint8_t order;
#endif
    uint16_t slab_inuse;            /* kmalloc: objects handed out from this page */
    struct list_head list;          /* buddy free list, or page-cache LRU */
    struct pcache_mapping *mapping; /* page cache: owning file or device, else NULL */
    uint64_t index;                 /* page cache: page number within mapping */
    struct page *hash_next;         /* page cache: hash chain */
    void *private;                  /* owner's use (slab cache, ...) */
    void *slab_free;                /* kmalloc: first free object of this page */
};

#define MAX_ORDER 11 /* blocks of 2^0 .. 2^10 pages (4 KiB .. 4 MiB) */

/* Sets up struct pages and the buddy allocator from the firmware's memory
   map (kept by the caller for the kernel's lifetime), never handing out the
   reserved ranges (boot information, boot modules) nor the kernel image. */
void frame_init(const struct memmap_entry *map, int count, const struct phys_range *reserved,
                int nreserved);
/* Gives the allocator the RAM above the boot direct map (1 GiB); called by
   paging_init once its own direct map reaches all of RAM. */
void frame_init_high(void);
/* One past the highest usable physical address (what the direct map must cover). */
uint64_t frame_phys_end(void);

/* Allocates 2^order contiguous frames with refcount 1; NULL when out of memory.
   The contents are not cleared. */
struct page *frame_alloc_order(unsigned order);
/* frame_alloc_order for a wrapper that names its own caller as the one the
   site report (frame_sites.h) shows beside it (kmalloc: its caller). */
struct page *frame_alloc_order_from(unsigned order, uint64_t from);
struct page *frame_alloc(void);
/* Allocates one frame filled with zeros (counted by the ledger as a zero-fill, not a copy). */
struct page *frame_alloc_zeroed(void);
/*
 * Free-frame watermarks, as Linux's zone watermarks (min, low, high; set
 * from the amount of RAM at boot).  An allocation that leaves fewer than
 * low free frames wakes the reclaim thread (kswapd, vmscan.c), which works
 * until high are free.  Frames for user memory (frame_alloc_user) are not
 * taken below min: the kernel keeps that much for itself (page tables,
 * kmalloc, the reclaim thread's own work), and a fault that finds the pool
 * at min reclaims memory itself before it may fail (direct reclaim).
 */
struct frame_watermarks {
    uint64_t min, low, high;
};
extern struct frame_watermarks frame_wmark;
/* Free frames now (cheap: no lock, a snapshot). */
uint64_t frame_free_count(void);
/* Is a block of 2^order contiguous frames free now (a snapshot)? */
bool frame_has_block(unsigned order);
/* One frame for user memory (anonymous pages, copy-on-write copies, pages
   read back from swap), or NULL when taking it would leave fewer than
   frame_wmark.min free: the caller reclaims (vm_fault) and tries again. */
struct page *frame_alloc_user(void);
/*
 * Reclaimers are asked by frame_alloc_order() when the buddy allocator is
 * empty, so that memory held by clean caches is used before anyone is told
 * "out of memory": reclaim() frees up to want frames without doing I/O (it
 * never sleeps) and returns how many it freed.  Called only with interrupts
 * on, never from an interrupt handler.  The page cache registers one
 * (pcache_init); each is asked in turn until one frees something.
 */
struct frame_reclaimer {
    const char *name;
    uint64_t (*reclaim)(uint64_t want);
    struct frame_reclaimer *next;
    /* FRAME_DROP_KERNEL_CACHES: writing 2 (or 3) to /proc/sys/vm/drop_caches
       empties this cache, as Linux's drop_caches runs every shrinker.  0:
       only memory pressure asks it (the page cache, which drop_caches 1
       empties through its own pcache_drop_clean). */
    unsigned drop_caches_bit;
};
#define FRAME_DROP_KERNEL_CACHES 2
/* drop_caches: asks every reclaimer with drop_caches_bit bit for all it
   holds.  Returns the number of frames freed. */
uint64_t frame_drop_caches(unsigned bit);
void frame_register_reclaimer(struct frame_reclaimer *r);
void frame_unregister_reclaimer(struct frame_reclaimer *r);
/* For tests: replaces the whole list (NULL: none) and returns the old one. */
struct frame_reclaimer *frame_reclaimers_replace(struct frame_reclaimer *list);

/* Returns a block to the allocator directly (refcount must be 1). */
void frame_free_order(struct page *p, unsigned order);

/* Reference counting: page_put frees the frame when the count reaches zero. */
void page_get(struct page *p);
void page_put(struct page *p);

struct page *phys_to_page(uint64_t pa);
uint64_t page_to_phys(const struct page *p);
static inline void *page_to_virt(const struct page *p) { return phys_to_virt(page_to_phys(p)); }
static inline struct page *virt_to_page(const void *va) { return phys_to_page(virt_to_phys(va)); }

/* For /proc/meminfo and tests. */
struct frame_stats {
    uint64_t total; /* frames of usable RAM */
    uint64_t free;
    uint64_t reserved; /* kernel image, boot structures, struct page array */
};
void frame_stats(struct frame_stats *out);

#endif
