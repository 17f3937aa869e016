/*
 * kernel/fs/ext2/buf.c: metadata blocks in the block device's page cache.
 * A block of 1, 2 or 4 KiB lies inside one 4 KiB page of the device.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

static void locate(struct ext2_fs *fs, uint32_t block, uint64_t *index, uint32_t *off)
{
    uint64_t byte = (uint64_t)block * fs->block_size;
    *index = byte / PAGE_SIZE;
    *off = byte % PAGE_SIZE;
}

int ext2_bread(struct ext2_fs *fs, uint32_t block, struct ext2_buf *b)
{
    uint64_t index;
    int err = 0;
    locate(fs, block, &index, &b->off);
    b->page = pcache_get(&fs->dev->mapping, index, MECH_FS_METADATA, &err);
    if (!b->page)
        return err;
    b->data = (uint8_t *)page_to_virt(b->page) + b->off;
    return 0;
}

/* A freshly allocated metadata block: its old contents do not matter, so a
   whole-page block is not read from the disk. */
int ext2_bzero_new(struct ext2_fs *fs, uint32_t block, struct ext2_buf *b)
{
    uint64_t index;
    locate(fs, block, &index, &b->off);
    if (fs->block_size == PAGE_SIZE) {
        b->page = pcache_get_for_overwrite(&fs->dev->mapping, index, MECH_FS_METADATA);
        if (!b->page)
            return -ENOMEM;
        b->data = (uint8_t *)page_to_virt(b->page);
    } else {
        int err = ext2_bread(fs, block, b);
        if (err)
            return err;
    }
    memset(b->data, 0, fs->block_size);
    ledger_zero_fill(MECH_FS_METADATA, fs->block_size);
    ext2_bdirty(fs, b);
    return 0;
}

void ext2_bdirty(struct ext2_fs *fs, struct ext2_buf *b)
{
    blkdev_mark_dirty(b->page, b->off, fs->block_size);
}

void ext2_brelse(struct ext2_buf *b)
{
    if (b->page)
        pcache_put(b->page);
    b->page = NULL;
    b->data = NULL;
}
