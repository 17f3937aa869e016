/*
 * kernel/fs/ext2/alloc.c: block and inode bitmaps [doc 3.2, 3.3].  Counts
 * are kept in three places (bitmap, group descriptor, superblock) and all
 * three change together, which is what e2fsck checks.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"

static bool bit_test(const uint8_t *map, uint32_t i) { return map[i / 8] & (1u << (i % 8)); }
static void bit_set(uint8_t *map, uint32_t i) { map[i / 8] |= (uint8_t)(1u << (i % 8)); }
static void bit_clear(uint8_t *map, uint32_t i) { map[i / 8] &= (uint8_t) ~(1u << (i % 8)); }

/* Blocks in group g (the last group may be short). */
static uint32_t group_blocks(struct ext2_fs *fs, uint32_t g)
{
    uint32_t first = fs->super->s_first_data_block + g * fs->blocks_per_group;
    uint32_t left = fs->super->s_blocks_count - first;
    return left < fs->blocks_per_group ? left : fs->blocks_per_group;
}

/* Finds a clear bit in [0, n) starting from start, sets it; -1 if none. */
static int64_t take_bit(uint8_t *map, uint32_t n, uint32_t start)
{
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = (start + k) % n;
        if (i % 8 == 0 && map[i / 8] == 0xff && i + 8 <= n) {
            k += 7;
            continue;
        }
        if (!bit_test(map, i)) {
            bit_set(map, i);
            return i;
        }
    }
    return -1;
}

int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
    if (!ext2_block_valid(fs, goal))
        goal = fs->super->s_first_data_block;
    uint32_t goal_group = (goal - fs->super->s_first_data_block) / fs->blocks_per_group;
    for (uint32_t k = 0; k < fs->groups; k++) {
        uint32_t g = (goal_group + k) % fs->groups;
        struct ext2_group_desc *gd;
        struct ext2_buf gb, bb;
        int err = ext2_group_desc(fs, g, &gd, &gb);
        if (err)
            return err;
        if (gd->bg_free_blocks_count == 0) {
            ext2_brelse(&gb);
            continue;
        }
        if ((err = ext2_bread(fs, gd->bg_block_bitmap, &bb))) {
            ext2_brelse(&gb);
            return err;
        }
        uint32_t start =
            g == goal_group ? (goal - fs->super->s_first_data_block) % fs->blocks_per_group : 0;
        int64_t bit = take_bit(bb.data, group_blocks(fs, g), start);
        if (bit < 0) {
            ext2_error(fs, "group says blocks are free but its bitmap is full", g);
            ext2_brelse(&bb);
            ext2_brelse(&gb);
            return -EIO;
        }
        ext2_bdirty(fs, &bb);
        gd->bg_free_blocks_count--;
        ext2_bdirty(fs, &gb);
        fs->super->s_free_blocks_count--;
        ext2_super_dirty(fs);
        ext2_brelse(&bb);
        ext2_brelse(&gb);
        *out = fs->super->s_first_data_block + g * fs->blocks_per_group + (uint32_t)bit;
        return 0;
    }
    return -ENOSPC;
}

int ext2_free_block(struct ext2_fs *fs, uint32_t block)
{
    if (!ext2_block_valid(fs, block)) {
        ext2_error(fs, "freeing a block outside the file system", block);
        return -EIO;
    }
    uint32_t rel = block - fs->super->s_first_data_block;
    uint32_t g = rel / fs->blocks_per_group, bit = rel % fs->blocks_per_group;
    struct ext2_group_desc *gd;
    struct ext2_buf gb, bb;
    int err = ext2_group_desc(fs, g, &gd, &gb);
    if (err)
        return err;
    if ((err = ext2_bread(fs, gd->bg_block_bitmap, &bb))) {
        ext2_brelse(&gb);
        return err;
    }
    if (!bit_test(bb.data, bit)) {
        ext2_error(fs, "freeing a block that is already free", block);
        err = -EIO;
    } else {
        bit_clear(bb.data, bit);
        ext2_bdirty(fs, &bb);
        gd->bg_free_blocks_count++;
        ext2_bdirty(fs, &gb);
        fs->super->s_free_blocks_count++;
        ext2_super_dirty(fs);
        /* Whatever the cache still holds of the block must not be written. */
        blkdev_forget(fs->dev, (uint64_t)block * fs->block_size, fs->block_size);
    }
    ext2_brelse(&bb);
    ext2_brelse(&gb);
    return err;
}

int ext2_alloc_inode(struct ext2_fs *fs, uint32_t dir_ino, bool is_dir, uint32_t *out)
{
    uint32_t goal_group = (dir_ino - 1) / fs->inodes_per_group;
    for (uint32_t k = 0; k < fs->groups; k++) {
        uint32_t g = (goal_group + k) % fs->groups;
        struct ext2_group_desc *gd;
        struct ext2_buf gb, ib;
        int err = ext2_group_desc(fs, g, &gd, &gb);
        if (err)
            return err;
        if (gd->bg_free_inodes_count == 0) {
            ext2_brelse(&gb);
            continue;
        }
        if ((err = ext2_bread(fs, gd->bg_inode_bitmap, &ib))) {
            ext2_brelse(&gb);
            return err;
        }
        /* Inodes below first_ino are reserved; their bits are set by mke2fs,
           but start past them anyway. */
        uint32_t start = g == 0 ? fs->first_ino - 1 : 0;
        int64_t bit = take_bit(ib.data, fs->inodes_per_group, start);
        if (bit < 0 || (g == 0 && bit < fs->first_ino - 1)) {
            ext2_error(fs, "group says inodes are free but its bitmap is full", g);
            ext2_brelse(&ib);
            ext2_brelse(&gb);
            return -EIO;
        }
        ext2_bdirty(fs, &ib);
        gd->bg_free_inodes_count--;
        if (is_dir)
            gd->bg_used_dirs_count++;
        ext2_bdirty(fs, &gb);
        fs->super->s_free_inodes_count--;
        ext2_super_dirty(fs);
        ext2_brelse(&ib);
        ext2_brelse(&gb);
        *out = g * fs->inodes_per_group + (uint32_t)bit + 1;
        return 0;
    }
    return -ENOSPC;
}

int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir)
{
    if (ino < fs->first_ino || ino > fs->super->s_inodes_count)
        return -EIO;
    uint32_t g = (ino - 1) / fs->inodes_per_group, bit = (ino - 1) % fs->inodes_per_group;
    struct ext2_group_desc *gd;
    struct ext2_buf gb, ib;
    int err = ext2_group_desc(fs, g, &gd, &gb);
    if (err)
        return err;
    if ((err = ext2_bread(fs, gd->bg_inode_bitmap, &ib))) {
        ext2_brelse(&gb);
        return err;
    }
    if (!bit_test(ib.data, bit)) {
        ext2_error(fs, "freeing an inode that is already free", ino);
        err = -EIO;
    } else {
        bit_clear(ib.data, bit);
        ext2_bdirty(fs, &ib);
        gd->bg_free_inodes_count++;
        if (is_dir)
            gd->bg_used_dirs_count--;
        ext2_bdirty(fs, &gb);
        fs->super->s_free_inodes_count++;
        ext2_super_dirty(fs);
    }
    ext2_brelse(&ib);
    ext2_brelse(&gb);
    return err;
}
