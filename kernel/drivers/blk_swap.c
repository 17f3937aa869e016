/*
 * kernel/drivers/blk_swap.c: swap slots on the disk (see blk_swap.h).
 * Adjacent slots of an extent are adjacent on the disk, so a run of them
 * joins one request (the batch merges it, blk_merge.h).
 */
#include "kernel/drivers/blk_swap.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

struct blk_swap *blk_swap_alloc(struct blkdev *dev, unsigned count)
{
    struct blk_swap *bs = kzalloc(sizeof *bs + count * sizeof bs->ext[0]);
    if (bs) {
        bs->dev = dev;
        bs->count = count;
    }
    return bs;
}

void blk_swap_free(struct blk_swap *bs) { kfree(bs); }

/* The disk byte of slot, or UINT64_MAX past the area. */
static uint64_t byte_of(const struct blk_swap *bs, uint64_t slot)
{
    unsigned lo = 0, hi = bs->count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        const struct blk_swap_extent *e = &bs->ext[mid];
        if (slot < e->slot)
            hi = mid;
        else if (slot >= e->slot + e->pages)
            lo = mid + 1;
        else
            return e->byte + (slot - e->slot) * PAGE_SIZE;
    }
    return UINT64_MAX;
}

void blk_swap_read(struct blk_swap *bs, struct page **pages, const uint64_t *slots, unsigned n)
{
    struct blk_batch b;
    blk_batch_init_async(&b, bs->dev, MECH_SWAP);
    for (unsigned i = 0; i < n; i++) {
        uint64_t byte = byte_of(bs, slots[i]);
        blk_read_page_begin(pages[i]);
        int err = byte == UINT64_MAX ? -EIO : blk_batch_add(&b, byte, pages[i], 0, PAGE_SIZE);
        blk_read_page_end(pages[i], err);
    }
    blk_batch_submit(&b);
}

int blk_swap_write(struct blk_swap *bs, struct page **pages, const uint64_t *slots, unsigned n)
{
    struct blk_batch b;
    blk_batch_init(&b, bs->dev, BLK_WRITE, MECH_SWAP);
    int err = 0;
    for (unsigned i = 0; i < n && !err; i++) {
        uint64_t byte = byte_of(bs, slots[i]);
        err = byte == UINT64_MAX ? -EIO : blk_batch_add(&b, byte, pages[i], 0, PAGE_SIZE);
    }
    int werr = blk_batch_wait(&b);
    return err ? err : werr;
}
