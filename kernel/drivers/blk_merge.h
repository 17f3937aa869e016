/*
 * kernel/drivers/blk_merge.h: when the block layer may grow a request.
 *
 * A request is one run of consecutive sectors on the disk, gathered from
 * pieces of memory (segments: physical address + length).  A new piece
 * joins the open request when it continues the run on the disk and the
 * device's limits allow it; it extends the last segment when it also
 * continues that segment in physical memory.  Pure logic (no kernel
 * state), so the host tests check it (tests/host/test_blk_merge.c).
 */
#ifndef PAGELAB_DRIVERS_BLK_MERGE_H
#define PAGELAB_DRIVERS_BLK_MERGE_H

#include <stdbool.h>
#include <stdint.h>

/* What one request may hold, as the device reports it (virtio-blk: seg_max,
   size_max; section 5.2.4 of Virtual I/O Device 1.0). */
struct blk_limits {
    uint32_t max_segs;      /* memory segments per request */
    uint32_t max_seg_bytes; /* bytes per segment */
    uint32_t max_bytes;     /* bytes per request */
    uint32_t max_pages;     /* pages a request may complete (the block layer's own array) */
};

/* The open request, as far as merging cares. */
struct blk_shape {
    bool open;             /* false: no request yet */
    uint64_t end_sector;   /* the sector after the request's last one */
    uint64_t end_phys;     /* the byte after the last segment */
    uint32_t last_seg_len; /* bytes of the last segment */
    uint32_t nseg, bytes, npages;
};

enum blk_merge {
    BLK_MERGE_EXTEND_SEG, /* same request, the last segment grows */
    BLK_MERGE_NEW_SEG,    /* same request, one more segment */
    BLK_MERGE_NEW_REQ,    /* the open request must be sent; start another */
};

/* Where a piece of len bytes (len <= max_seg_bytes) for disk sector
   `sector` at physical address phys goes; new_page says whether it would
   add a page to the request's completion list. */
enum blk_merge blk_merge_piece(const struct blk_shape *r, const struct blk_limits *lim,
                               uint64_t sector, uint64_t phys, uint32_t len, bool new_page);

/* Updates r after the piece was placed as decided. */
void blk_shape_add(struct blk_shape *r, enum blk_merge how, uint64_t sector, uint64_t phys,
                   uint32_t len, bool new_page);

#endif
