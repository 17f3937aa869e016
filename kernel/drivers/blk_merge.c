/* kernel/drivers/blk_merge.c: the merge decision (see blk_merge.h). */
#include "kernel/drivers/blk_merge.h"

#define SECTOR_BYTES 512

enum blk_merge blk_merge_piece(const struct blk_shape *r, const struct blk_limits *lim,
                               uint64_t sector, uint64_t phys, uint32_t len, bool new_page)
{
    if (!r->open || sector != r->end_sector || r->bytes + len > lim->max_bytes)
        return BLK_MERGE_NEW_REQ;
    if (new_page && r->npages >= lim->max_pages)
        return BLK_MERGE_NEW_REQ;
    if (phys == r->end_phys && r->last_seg_len + len <= lim->max_seg_bytes)
        return BLK_MERGE_EXTEND_SEG;
    return r->nseg < lim->max_segs ? BLK_MERGE_NEW_SEG : BLK_MERGE_NEW_REQ;
}

void blk_shape_add(struct blk_shape *r, enum blk_merge how, uint64_t sector, uint64_t phys,
                   uint32_t len, bool new_page)
{
    if (how == BLK_MERGE_NEW_REQ) {
        r->open = true;
        r->nseg = 0;
        r->bytes = 0;
        r->npages = 0;
    }
    if (how == BLK_MERGE_EXTEND_SEG) {
        r->last_seg_len += len;
    } else {
        r->nseg++;
        r->last_seg_len = len;
    }
    if (new_page)
        r->npages++;
    r->bytes += len;
    r->end_sector = sector + len / SECTOR_BYTES;
    r->end_phys = phys + len;
}
