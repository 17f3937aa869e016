/*
 * kernel/fs/ext2/ext2.h: the ext2 driver's internal interface.
 *
 * All metadata (superblock, group descriptors, bitmaps, inode tables,
 * indirect blocks) is read and written through the page cache of the block
 * device; directories and file data through each inode's own page cache.
 * Every block number read from the disk is checked before use: a corrupt
 * one gives -EIO, never a stray access.
 */
#ifndef PAGELAB_FS_EXT2_EXT2_H
#define PAGELAB_FS_EXT2_EXT2_H

#include "kernel/drivers/blkdev.h"
#include "kernel/fs/ext2/ext2_disk.h"
#include "kernel/fs/vfs.h"

struct ext2_fs {
    struct super_block vfs;
    struct blkdev *dev;
    struct page *super_page;  /* holds the superblock, referenced while mounted */
    struct ext2_super *super; /* inside super_page */
    uint32_t block_size, groups, inodes_per_group, blocks_per_group, inode_size, first_ino;
    uint32_t addr_per_block; /* block numbers per indirect block */
    uint32_t gdt_block;      /* first block of the group descriptor table */
    bool has_filetype;
};

struct ext2_inode {
    struct inode vfs;
    uint32_t block[EXT2_N_BLOCKS];
    uint32_t flags, dtime, generation, file_acl;
};

static inline struct ext2_fs *EXT2_FS(struct super_block *sb) { return (struct ext2_fs *)sb; }
static inline struct ext2_inode *EXT2_I(struct inode *i) { return (struct ext2_inode *)i; }

/* A block of metadata in the block device's page cache. */
struct ext2_buf {
    struct page *page;
    uint8_t *data;
    uint32_t off; /* of the block within the page */
};

/* super.c */
int ext2_mount(struct blkdev *dev, struct super_block **out);
void ext2_super_dirty(struct ext2_fs *fs);
struct statfs_linux;
/* statfs(2)'s counts (statfs.c). */
void ext2_statfs(struct super_block *sb, struct statfs_linux *st);
int ext2_group_desc(struct ext2_fs *fs, uint32_t group, struct ext2_group_desc **gd,
                    struct ext2_buf *buf);
bool ext2_block_valid(struct ext2_fs *fs, uint32_t block);
void ext2_error(struct ext2_fs *fs, const char *what, uint64_t value);

/* buf.c */
int ext2_bread(struct ext2_fs *fs, uint32_t block, struct ext2_buf *b);
int ext2_bzero_new(struct ext2_fs *fs, uint32_t block, struct ext2_buf *b);
void ext2_bdirty(struct ext2_fs *fs, struct ext2_buf *b);
void ext2_brelse(struct ext2_buf *b);

/* balloc.c, ialloc.c */
int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out);
int ext2_free_block(struct ext2_fs *fs, uint32_t block);
int ext2_alloc_inode(struct ext2_fs *fs, uint32_t dir_ino, bool is_dir, uint32_t *out);
int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir);

/* inode.c */
int ext2_iget(struct ext2_fs *fs, uint32_t ino, struct inode **out);
int ext2_write_inode(struct inode *ino);
struct inode *ext2_new_inode(struct ext2_fs *fs, uint32_t ino, uint32_t mode);
void ext2_evict(struct inode *ino);

/* file_io.c: the page-cache operations of files and directories. */
extern const struct pcache_ops ext2_pcache_ops;

/* bmap.c: logical block -> disk block (0 = hole); create allocates. */
int ext2_bmap(struct ext2_inode *ei, uint64_t lblock, bool create, uint32_t *out);
/* The run of blocks from lblock: *out is its first disk block (0: a hole)
   and *count (1..max) how many logical blocks from lblock continue it
   (consecutive disk blocks, or more hole), without allocating. */
int ext2_bmap_run(struct ext2_inode *ei, uint64_t lblock, uint32_t max, uint32_t *out,
                  uint32_t *count);
/* inode_ops.bmap (swap files): a run of the file's blocks on the disk. */
int ext2_swap_bmap(struct inode *ino, uint64_t pos, uint64_t *len, struct blkdev **dev,
                   uint64_t *disk_byte);
int ext2_truncate_blocks(struct ext2_inode *ei, uint64_t first_lblock);
int ext2_setsize(struct inode *ino, uint64_t size);
int ext2_prepare_write(struct inode *ino, uint64_t pos, uint64_t len);

/* dir.c */
int ext2_dir_find(struct inode *dir, const char *name, size_t len, uint32_t *ino);
int ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino, uint32_t mode);
int ext2_dir_remove(struct inode *dir, const char *name, size_t len);
int ext2_dir_set_parent(struct inode *dir, uint32_t parent);
int ext2_dir_is_empty(struct inode *dir);
int ext2_dir_init(struct inode *dir, uint32_t parent);
extern const struct file_ops ext2_dir_file_ops;

/* namei.c */
extern const struct inode_ops ext2_inode_ops;
int ext2_make_node(struct inode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev,
                   const char *target, struct inode **out);

/* symlink.c */
extern const struct inode_ops ext2_symlink_iops;
bool ext2_is_fast_symlink(struct inode *i);
int ext2_symlink(struct inode *dir, const char *name, size_t len, const char *target);
int ext2_symlink_init(struct inode *i, const char *target);

#endif
