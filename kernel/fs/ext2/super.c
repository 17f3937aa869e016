/*
 * kernel/fs/ext2/super.c: mounting ext2.  The superblock and the group
 * descriptors are checked against each other before anything else is
 * trusted; an image that fails a check is refused with a message.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

static uint32_t next_dev_id = 1;

void ext2_error(struct ext2_fs *fs, const char *what, uint64_t value)
{
    pr_err("ext2 %s: corrupt file system: %s (%lu)\n", fs->dev->name, what, value);
}

bool ext2_block_valid(struct ext2_fs *fs, uint32_t block)
{
    return block >= fs->super->s_first_data_block && block < fs->super->s_blocks_count;
}

void ext2_super_dirty(struct ext2_fs *fs)
{
    blkdev_mark_dirty(fs->super_page, EXT2_SUPER_OFFSET, sizeof(struct ext2_super));
}

int ext2_group_desc(struct ext2_fs *fs, uint32_t group, struct ext2_group_desc **gd,
                    struct ext2_buf *buf)
{
    uint32_t per_block = fs->block_size / sizeof(struct ext2_group_desc);
    int err = ext2_bread(fs, fs->gdt_block + group / per_block, buf);
    if (err)
        return err;
    *gd = (struct ext2_group_desc *)buf->data + group % per_block;
    return 0;
}

static int refuse(struct blkdev *dev, const char *why, uint64_t value)
{
    pr_err("ext2 %s: refusing to mount: %s (%lu)\n", dev->name, why, value);
    return -EINVAL;
}

static int check_super(struct blkdev *dev, const struct ext2_super *s)
{
    if (s->s_magic != EXT2_SUPER_MAGIC)
        return refuse(dev, "bad magic", s->s_magic);
    if (s->s_rev_level > EXT2_DYNAMIC_REV)
        return refuse(dev, "unknown revision", s->s_rev_level);
    if (s->s_log_block_size > 2)
        return refuse(dev, "block size above 4 KiB, log", s->s_log_block_size);
    uint32_t bs = 1024u << s->s_log_block_size;
    if (s->s_first_data_block != (bs == 1024 ? 1u : 0u))
        return refuse(dev, "first data block does not match block size", s->s_first_data_block);
    if ((uint64_t)s->s_blocks_count * bs > dev->sectors * SECTOR_SIZE)
        return refuse(dev, "file system larger than the disk, blocks", s->s_blocks_count);
    if (s->s_blocks_per_group == 0 || s->s_blocks_per_group > bs * 8)
        return refuse(dev, "blocks per group", s->s_blocks_per_group);
    if (s->s_inodes_per_group == 0 || s->s_inodes_per_group > bs * 8)
        return refuse(dev, "inodes per group", s->s_inodes_per_group);
    if (s->s_blocks_count <= s->s_first_data_block)
        return refuse(dev, "block count", s->s_blocks_count);
    uint64_t groups = (s->s_blocks_count - s->s_first_data_block + s->s_blocks_per_group - 1) /
                      s->s_blocks_per_group;
    if ((uint64_t)groups * s->s_inodes_per_group != s->s_inodes_count)
        return refuse(dev, "inode count does not match the groups", s->s_inodes_count);
    if (s->s_free_blocks_count > s->s_blocks_count || s->s_free_inodes_count > s->s_inodes_count)
        return refuse(dev, "free counts above totals", s->s_free_blocks_count);
    if (s->s_rev_level == EXT2_DYNAMIC_REV) {
        if (s->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || s->s_inode_size > bs ||
            (s->s_inode_size & (s->s_inode_size - 1)))
            return refuse(dev, "inode size", s->s_inode_size);
        if (s->s_feature_incompat & ~EXT2_INCOMPAT_SUPPORTED)
            return refuse(dev, "unsupported incompatible features", s->s_feature_incompat);
        if (s->s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPPORTED)
            return refuse(dev, "unsupported read-only-compatible features", s->s_feature_ro_compat);
        if (s->s_first_ino < EXT2_GOOD_OLD_FIRST_INO || s->s_first_ino > s->s_inodes_count)
            return refuse(dev, "first inode", s->s_first_ino);
    }
    return 0;
}

static int check_groups(struct ext2_fs *fs)
{
    for (uint32_t g = 0; g < fs->groups; g++) {
        struct ext2_group_desc *gd;
        struct ext2_buf b;
        int err = ext2_group_desc(fs, g, &gd, &b);
        if (err)
            return err;
        uint32_t itable_blocks =
            (fs->inodes_per_group * fs->inode_size + fs->block_size - 1) / fs->block_size;
        bool bad = !ext2_block_valid(fs, gd->bg_block_bitmap) ||
                   !ext2_block_valid(fs, gd->bg_inode_bitmap) ||
                   !ext2_block_valid(fs, gd->bg_inode_table) ||
                   gd->bg_inode_table + itable_blocks > fs->super->s_blocks_count ||
                   gd->bg_free_inodes_count > fs->inodes_per_group ||
                   gd->bg_free_blocks_count > fs->blocks_per_group;
        ext2_brelse(&b);
        if (bad)
            return refuse(fs->dev, "group descriptor out of range, group", g);
    }
    return 0;
}

static const struct super_ops ext2_super_ops;

int ext2_mount(struct blkdev *dev, struct super_block **out)
{
    struct ext2_fs *fs = kzalloc(sizeof *fs);
    if (!fs)
        return -ENOMEM;
    fs->dev = dev;
    int err = 0;
    fs->super_page = pcache_get(&dev->mapping, 0, MECH_FS_METADATA, &err);
    if (!fs->super_page)
        goto bad;
    fs->super = (struct ext2_super *)((uint8_t *)page_to_virt(fs->super_page) + EXT2_SUPER_OFFSET);
    struct ext2_super *s = fs->super;
    if ((err = check_super(dev, s)))
        goto bad;
    fs->block_size = 1024u << s->s_log_block_size;
    fs->blocks_per_group = s->s_blocks_per_group;
    fs->inodes_per_group = s->s_inodes_per_group;
    fs->groups = (s->s_blocks_count - s->s_first_data_block + s->s_blocks_per_group - 1) /
                 s->s_blocks_per_group;
    fs->inode_size =
        s->s_rev_level == EXT2_DYNAMIC_REV ? s->s_inode_size : EXT2_GOOD_OLD_INODE_SIZE;
    fs->first_ino = s->s_rev_level == EXT2_DYNAMIC_REV ? s->s_first_ino : EXT2_GOOD_OLD_FIRST_INO;
    fs->addr_per_block = fs->block_size / 4;
    fs->gdt_block = s->s_first_data_block + 1;
    fs->has_filetype = s->s_rev_level == EXT2_DYNAMIC_REV &&
                       (s->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
    if ((err = check_groups(fs)))
        goto bad;

    super_init(&fs->vfs, &ext2_super_ops, "ext2");
    fs->vfs.dev_id = next_dev_id++;
    fs->vfs.fs = fs;
    struct inode *root;
    if ((err = ext2_iget(fs, EXT2_ROOT_INO, &root)))
        goto bad;
    if (!S_ISDIR(root->mode)) {
        inode_put(root);
        err = refuse(dev, "root inode is not a directory, mode", root->mode);
        goto bad;
    }
    fs->vfs.root = root;
    s->s_mnt_count++;
    s->s_mtime = (uint32_t)vfs_now();
    ext2_super_dirty(fs);
    pr_info(
        "ext2 %s: mounted, %u-byte blocks, %u groups, %u of %u blocks free, %u of %u inodes free\n",
        dev->name, fs->block_size, fs->groups, s->s_free_blocks_count, s->s_blocks_count,
        s->s_free_inodes_count, s->s_inodes_count);
    *out = &fs->vfs;
    return 0;
bad:
    if (fs->super_page)
        pcache_put(fs->super_page);
    kfree(fs);
    return err;
}

static int ext2_sync(struct super_block *sb)
{
    struct ext2_fs *fs = EXT2_FS(sb);
    fs->super->s_wtime = (uint32_t)vfs_now();
    ext2_super_dirty(fs);
    /* File pages first: writing them may allocate, which dirties metadata. */
    int err = pcache_sync(NULL);
    int err2 = blkdev_sync(fs->dev);
    return err ? err : err2;
}

static const struct super_ops ext2_super_ops = {
    .sync = ext2_sync,
    .statfs = ext2_statfs,
};
