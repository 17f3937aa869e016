/*
 * kernel/fs/ext2/inode.c: inodes in the inode tables [doc 4.1].  The page
 * cache operations of their data are in file_io.c.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

/* The cached inode-table block holding inode ino; *raw points into it. */
static int locate_inode(struct ext2_fs *fs, uint32_t ino, struct ext2_buf *b,
                        struct ext2_disk_inode **raw)
{
    if (ino == 0 || ino > fs->super->s_inodes_count) {
        ext2_error(fs, "inode number out of range", ino);
        return -EIO;
    }
    uint32_t g = (ino - 1) / fs->inodes_per_group, index = (ino - 1) % fs->inodes_per_group;
    struct ext2_group_desc *gd;
    struct ext2_buf gb;
    int err = ext2_group_desc(fs, g, &gd, &gb);
    if (err)
        return err;
    uint32_t table = gd->bg_inode_table;
    ext2_brelse(&gb);
    uint64_t byte = (uint64_t)index * fs->inode_size;
    if ((err = ext2_bread(fs, table + (uint32_t)(byte / fs->block_size), b)))
        return err;
    *raw = (struct ext2_disk_inode *)(b->data + byte % fs->block_size);
    return 0;
}

static void setup_ops(struct inode *i)
{
    i->iops = &ext2_inode_ops;
    if (S_ISDIR(i->mode))
        i->fops = &ext2_dir_file_ops;
    else if (S_ISCHR(i->mode))
        i->fops = NULL; /* vfs_open finds the driver by rdev */
    else if (S_ISSOCK(i->mode))
        i->fops = NULL; /* a socket's name: connect(2) finds the socket, open(2) fails */
    else if (S_ISLNK(i->mode)) {
        i->iops = &ext2_symlink_iops; /* followed by the lookup, never opened */
        i->fops = NULL;
    } else
        i->fops = &generic_file_ops;
}

static struct ext2_inode *alloc_inode(struct ext2_fs *fs, uint32_t ino)
{
    struct ext2_inode *ei = kzalloc(sizeof *ei);
    if (!ei)
        return NULL;
    inode_init(&ei->vfs, &fs->vfs, ino);
    pcache_mapping_init(&ei->vfs.mapping, &ext2_pcache_ops, ei);
    /* Read-ahead may grow a window to what the disk takes in one request. */
    ei->vfs.mapping.io_pages = fs->dev->limits.max_bytes / PAGE_SIZE;
    return ei;
}

int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct inode **out)
{
    struct inode *cached = inode_find(&fs->vfs, ino);
    if (cached) {
        *out = cached;
        return 0;
    }
    struct ext2_buf b;
    struct ext2_disk_inode *raw;
    int err = locate_inode(fs, ino, &b, &raw);
    if (err)
        return err;
    if (raw->i_links_count == 0 || raw->i_mode == 0) {
        ext2_brelse(&b);
        ext2_error(fs, "directory entry names a free inode", ino);
        return -EIO;
    }
    struct ext2_inode *ei = alloc_inode(fs, ino);
    if (!ei) {
        ext2_brelse(&b);
        return -ENOMEM;
    }
    struct inode *i = &ei->vfs;
    i->mode = raw->i_mode;
    i->nlink = raw->i_links_count;
    i->uid = raw->i_uid | (uint32_t)raw->i_uid_high << 16;
    i->gid = raw->i_gid | (uint32_t)raw->i_gid_high << 16;
    i->size = raw->i_size;
    if (S_ISREG(i->mode))
        i->size |= (uint64_t)raw->i_size_high << 32;
    i->blocks = raw->i_blocks;
    i->atime = raw->i_atime;
    i->mtime = raw->i_mtime;
    i->ctime = raw->i_ctime;
    memcpy(ei->block, raw->i_block, sizeof ei->block);
    ei->flags = raw->i_flags;
    ei->dtime = raw->i_dtime;
    ei->generation = raw->i_generation;
    ei->file_acl = raw->i_file_acl;
    /* Device numbers live in i_block[0] (old) or i_block[1] (new encoding). */
    if (S_ISCHR(i->mode) || (i->mode & S_IFMT) == S_IFBLK) {
        uint32_t d = raw->i_block[0] ? raw->i_block[0] : raw->i_block[1];
        i->rdev = raw->i_block[0] ? MKDEV((d >> 8) & 0xff, d & 0xff)
                                  : MKDEV((d & 0xfff00) >> 8, (d & 0xff) | ((d >> 12) & 0xfff00));
    }
    ext2_brelse(&b);
    setup_ops(i);
    list_add(&i->sb_link, &fs->vfs.inodes);
    *out = i;
    return 0;
}

int ext2_write_inode(struct inode *i)
{
    struct ext2_fs *fs = EXT2_FS(i->sb);
    struct ext2_inode *ei = EXT2_I(i);
    struct ext2_buf b;
    struct ext2_disk_inode *raw;
    int err = locate_inode(fs, (uint32_t)i->ino, &b, &raw);
    if (err)
        return err;
    raw->i_mode = (uint16_t)i->mode;
    raw->i_links_count = (uint16_t)i->nlink;
    raw->i_uid = (uint16_t)i->uid;
    raw->i_uid_high = (uint16_t)(i->uid >> 16);
    raw->i_gid = (uint16_t)i->gid;
    raw->i_gid_high = (uint16_t)(i->gid >> 16);
    raw->i_size = (uint32_t)i->size;
    if (S_ISREG(i->mode))
        raw->i_size_high = (uint32_t)(i->size >> 32);
    raw->i_blocks = (uint32_t)i->blocks;
    raw->i_atime = (uint32_t)i->atime;
    raw->i_mtime = (uint32_t)i->mtime;
    raw->i_ctime = (uint32_t)i->ctime;
    raw->i_dtime = ei->dtime;
    raw->i_flags = ei->flags;
    raw->i_generation = ei->generation;
    raw->i_file_acl = ei->file_acl;
    memcpy(raw->i_block, ei->block, sizeof ei->block); /* a device's number, for device inodes */
    blkdev_mark_dirty(b.page, b.off + (uint32_t)((uint8_t *)raw - b.data), fs->inode_size);
    ext2_brelse(&b);
    return 0;
}

/* A new in-memory inode for a just-allocated inode number; the on-disk slot
   is cleared (including the large-inode tail) and written by the caller's
   ext2_write_inode. */
struct inode *ext2_new_inode(struct ext2_fs *fs, uint32_t ino, uint32_t mode)
{
    struct ext2_buf b;
    struct ext2_disk_inode *raw;
    if (locate_inode(fs, ino, &b, &raw))
        return NULL;
    struct ext2_inode *ei = alloc_inode(fs, ino);
    if (!ei) {
        ext2_brelse(&b);
        return NULL;
    }
    uint32_t generation = raw->i_generation + 1;
    memset(raw, 0, fs->inode_size);
    if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE)
        *(uint16_t *)((uint8_t *)raw + EXT2_GOOD_OLD_INODE_SIZE) = EXT2_EXTRA_ISIZE;
    ext2_brelse(&b);
    struct inode *i = &ei->vfs;
    i->mode = mode;
    i->nlink = 1;
    i->atime = i->mtime = i->ctime = vfs_now();
    ei->generation = generation;
    setup_ops(i);
    list_add(&i->sb_link, &fs->vfs.inodes);
    return i;
}

/* An extended-attribute block (i_file_acl, [doc 5.1]; mke2fs -d copies
   xattrs into them) is shared by h_refcount inodes: the last one frees it. */
#define EXT2_XATTR_MAGIC 0xea020000u

static void release_xattr_block(struct ext2_fs *fs, struct ext2_inode *ei)
{
    uint32_t block = ei->file_acl;
    if (!block)
        return;
    struct ext2_buf b;
    if (!ext2_block_valid(fs, block) || ext2_bread(fs, block, &b)) {
        ext2_error(fs, "extended attribute block", block);
        return;
    }
    uint32_t *header = (uint32_t *)b.data; /* h_magic, h_refcount, ... */
    bool last = header[0] == EXT2_XATTR_MAGIC && header[1] <= 1;
    if (header[0] == EXT2_XATTR_MAGIC && header[1] > 1) {
        header[1]--;
        ext2_bdirty(fs, &b);
    }
    ext2_brelse(&b);
    if (last)
        ext2_free_block(fs, block);
    ei->vfs.blocks -= fs->block_size / 512;
    ei->file_acl = 0;
}

/* Last reference gone: an inode without links loses its blocks and its
   number now (not earlier, so an open unlinked file stays readable). */
void ext2_evict(struct inode *i)
{
    struct ext2_fs *fs = EXT2_FS(i->sb);
    if (i->nlink == 0) {
        pcache_truncate(&i->mapping, 0);
        /* A device's and a fast link's i_block hold no block numbers. */
        if (!S_ISCHR(i->mode) && !ext2_is_fast_symlink(i))
            ext2_truncate_blocks(EXT2_I(i), 0);
        release_xattr_block(fs, EXT2_I(i));
        i->size = 0;
        EXT2_I(i)->dtime = (uint32_t)vfs_now();
        ext2_write_inode(i);
        ext2_free_inode(fs, (uint32_t)i->ino, S_ISDIR(i->mode));
    } else {
        /* Clean pages may stay cached only while the inode does. */
        pcache_sync(&i->mapping);
        pcache_truncate(&i->mapping, 0);
    }
    list_del(&i->sb_link);
    kfree(EXT2_I(i));
}
