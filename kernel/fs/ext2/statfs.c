/*
 * kernel/fs/ext2/statfs.c: statfs(2) of an ext2 file system, counted as
 * Linux's ext2_statfs counts it by default ("bsddf"): the blocks the
 * file system's own structures take (superblock and descriptor copies,
 * bitmaps, inode tables) are not in f_blocks; f_bavail leaves out the
 * blocks reserved for root.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/fs/ext2/ext2_disk.h"
#include "kernel/fs/statfs.h"

#define GROUP_DESC_SIZE 32

/* Does group g hold a copy of the superblock (sparse_super: 0, 1 and the
   powers of 3, 5 and 7)? */
static bool has_super_copy(const struct ext2_fs *fs, uint32_t g)
{
    if (!(fs->super->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER) || g <= 1)
        return true;
    for (uint32_t base = 3; base <= 7; base += 2) {
        uint32_t p = base;
        while (p < g)
            p *= base;
        if (p == g)
            return true;
    }
    return false;
}

void ext2_statfs(struct super_block *sb, struct statfs_linux *st)
{
    const struct ext2_fs *fs = sb->fs;
    const struct ext2_super *s = fs->super;
    uint64_t gdt_blocks =
        ((uint64_t)fs->groups * GROUP_DESC_SIZE + fs->block_size - 1) / fs->block_size;
    uint64_t itable_blocks = (uint64_t)fs->inodes_per_group * fs->inode_size / fs->block_size;
    uint64_t overhead = s->s_first_data_block;
    for (uint32_t g = 0; g < fs->groups; g++)
        overhead += (has_super_copy(fs, g) ? 1 + gdt_blocks : 0) + 2 + itable_blocks;
    st->f_type = EXT2_SUPER_MAGIC;
    st->f_bsize = fs->block_size;
    st->f_frsize = fs->block_size;
    st->f_blocks = s->s_blocks_count - overhead;
    st->f_bfree = s->s_free_blocks_count;
    st->f_bavail = s->s_free_blocks_count > s->s_r_blocks_count
                       ? s->s_free_blocks_count - s->s_r_blocks_count
                       : 0;
    st->f_files = s->s_inodes_count;
    st->f_ffree = s->s_free_inodes_count;
}
