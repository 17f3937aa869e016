/*
 * kernel/drivers/blk_swap.h: the disk side of a swap area: slots mapped
 * to runs of disk bytes (extents), read and written by DMA through the
 * block layer's batches, many pages per request.
 *
 * A whole device is one extent; a swap file on a file system is as many
 * as it has runs of contiguous blocks (the file system's bmap decides them
 * at swapon, kernel/fs/swapfile.c).  Reads are asynchronous (each page
 * completes in the disk's interrupt, as page-cache reads do); writes wait.
 * The ledger counts both as device transfers under MECH_SWAP.
 */
#ifndef PAGELAB_DRIVERS_BLK_SWAP_H
#define PAGELAB_DRIVERS_BLK_SWAP_H

#include <stdint.h>
#include "kernel/drivers/blkdev.h"

/* Slots [slot, slot + pages) are the disk bytes from byte on. */
struct blk_swap_extent {
    uint64_t slot, pages, byte;
};

struct blk_swap {
    struct blkdev *dev;
    unsigned count;
    struct blk_swap_extent ext[]; /* ascending slots, no gaps */
};

/* A map of count extents (filled by the caller), or NULL. */
struct blk_swap *blk_swap_alloc(struct blkdev *dev, unsigned count);
void blk_swap_free(struct blk_swap *bs);
/* The swap_io_ops read and write (kernel/mm/swap.h) over bs. */
void blk_swap_read(struct blk_swap *bs, struct page **pages, const uint64_t *slots, unsigned n);
int blk_swap_write(struct blk_swap *bs, struct page **pages, const uint64_t *slots, unsigned n);

#endif
