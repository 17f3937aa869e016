/*
 * kernel/fs/memfs/memfs_internal.h: what the files of the memory file
 * system share (memfs.h is the outside's view).
 *
 * Ownership: a directory entry does not hold a reference on its inode; an
 * inode lives while it has links (nlink) or references (open files,
 * mappings, lookups), as the VFS's inode_put decides.  A regular file's
 * pages are the page cache's, in an unevictable mapping charged to its
 * super block (used_pages); they go when the file is truncated or its inode
 * is evicted.
 */
#ifndef PAGELAB_FS_MEMFS_MEMFS_INTERNAL_H
#define PAGELAB_FS_MEMFS_MEMFS_INTERNAL_H

#include "kernel/fs/memfs/memfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/list.h"

struct memfs_sb {
    struct super_block vfs;
    uint64_t next_ino;
    uint64_t max_pages;  /* 0: no limit (the memfd instance, as Linux's) */
    uint64_t used_pages; /* pages of its files in the page cache (pagecache.c keeps it) */
};

struct memfs_inode {
    struct inode vfs;
    /* Directories: the entries in creation order, each with a position that
       readdir resumes from; the parent (the root's is itself). */
    struct list_head entries;
    uint64_t next_pos;
    struct inode *parent;
    /* Regular files: F_SEAL_* bits (memfd_create(2)). */
    uint32_t seals;
};

struct memfs_dirent {
    struct list_head link; /* on memfs_inode.entries */
    uint64_t pos;          /* readdir position, increasing */
    struct inode *inode;
    size_t len;
    char name[];
};

#define MEMFS_SB(sb) container_of(sb, struct memfs_sb, vfs)
#define MEMFS_I(i)   container_of(i, struct memfs_inode, vfs)

/* The first readdir position of a real entry: 0 and 1 are "." and "..". */
#define MEMFS_FIRST_POS 2

/* inode.c */
extern const struct inode_ops memfs_dir_iops;
extern const struct inode_ops memfs_file_iops;
extern const struct file_ops memfs_dir_fops;
extern const struct file_ops memfs_file_fops;
/* A new inode of sb (refcount 1, nlink 1, or 2 for a directory); NULL when
   out of memory.  parent: a directory's parent (NULL: itself). */
struct inode *memfs_new_inode(struct super_block *sb, uint32_t mode, uint32_t rdev,
                              struct inode *parent);
bool memfs_is_memfs_inode(const struct inode *i);
/* The last reference to an inode without links is gone: free it. */
void memfs_evict(struct inode *i);

/* super.c: half of RAM, in pages: the size of every instance, Linux's
   default for a tmpfs mount. */
uint64_t memfs_default_limit(void);

/* dir.c */
struct memfs_dirent *memfs_dir_find(struct inode *dir, const char *name, size_t len);

/* Zeroes [from, to) of from's page, if the file has that page in memory
   (a page on swap is read back first); to is at most the page's end. */
void memfs_zero_in_page(struct inode *i, uint64_t from, uint64_t to);

/* file.c: may a write of n bytes at pos go ahead?  The bytes it may write
   (n or fewer), or -EPERM (seals) / -ENOSPC (the instance is full). */
long memfs_write_allowed(struct inode *i, uint64_t pos, size_t n);

#endif
