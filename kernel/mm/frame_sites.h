/*
 * kernel/mm/frame_sites.h: who allocated each frame in use, in debug builds
 * (not with NDEBUG), for a leak report by allocation site on demand:
 * /proc/framesites lists, per allocation site, the frames it holds now
 * (kernel/mm/frame_sites.c).  The frames' half of what kmalloc_sites.h does
 * for the heap: two reads around a test that should leave nothing behind
 * name the site of every frame it kept.
 *
 * A site is a pair of code addresses: where frame_alloc* was called (which
 * names the wrapper when there is one: pt_alloc_table, pcache_add,
 * kstack_alloc, pipe_new_page, kmalloc's slab pages ...) and the return
 * address of that function (who called the wrapper).  The pair is interned
 * in a table and its index kept in the 12 bits of struct page beside order
 * (frame.h), which were padding: debug builds pay no memory per frame.
 * Addresses are return addresses, shown as function+offset; a function
 * that ends in "return frame_alloc();" is compiled to a jump (a sibling
 * call), so its frames are shown under its caller and the caller's caller.
 */
#ifndef PAGELAB_MM_FRAME_SITES_H
#define PAGELAB_MM_FRAME_SITES_H

#include <stdint.h>

#ifdef NDEBUG
#define FRAME_SITES 0
#else
#define FRAME_SITES 1
#endif

/* Site indexes fit in struct page's site field; 0 means "not recorded"
   (the table was full). */
#define FRAME_SITE_BITS 12

/* The return address of the function that uses it: called in the body of
   frame_alloc* it gives the wrapper's caller.  The kernel is built with
   frame pointers (Makefile), so the caller's saved rbp leads to its own
   return address; __builtin_return_address(1) does the same walk but is
   warned about by -Wall. */
#define FRAME_SITE_CALLER()                               \
    ({                                                    \
        const uint64_t *fp_ = __builtin_frame_address(0); \
        FRAME_SITES ? ((const uint64_t *)fp_[0])[1] : 0;  \
    })

/* The index for the pair (site, from), added to the table if new; 0 when
   the table is full or the build records no sites.  Any context. */
uint16_t frame_site_intern(uint64_t site, uint64_t from);

/* For tests: the frames now held by allocations made in function site_fn
   (NULL: any), called from function from_fn (NULL: from anywhere). */
uint64_t frame_sites_held(const void *site_fn, const void *from_fn);

/* One instant's account of every usable frame (frame_sites_snapshot). */
struct frame_sites_totals {
    uint64_t allocated; /* in blocks from frame_alloc*, whatever their site */
    uint64_t untracked; /* of those, the ones with no recorded site */
    uint64_t free;      /* in the buddy allocator */
    uint64_t reserved;  /* never given to the allocator (frame_stats) */
    uint64_t total;     /* usable RAM: allocated + free + reserved, when nothing is lost */
};
void frame_sites_totals(struct frame_sites_totals *out);

#endif
