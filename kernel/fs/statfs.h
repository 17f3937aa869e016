/*
 * kernel/fs/statfs.h: what statfs(2) and fstatfs(2) tell of a mounted
 * file system: Linux's struct statfs (x86-64, 120 bytes), f_type its magic
 * number (linux/magic.h), the sizes and counts a file system with blocks
 * knows (super_ops.statfs), the rest as Linux's simple_statfs gives them.
 */
#ifndef PAGELAB_FS_STATFS_H
#define PAGELAB_FS_STATFS_H

#include <stdint.h>

struct super_block;

struct statfs_linux {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags;
    int64_t f_spare[4];
};
_Static_assert(sizeof(struct statfs_linux) == 120, "Linux x86-64 struct statfs is 120 bytes");

#define ST_VALID 0x0020 /* f_flags: the flags are filled in (Linux) */

void vfs_statfs(struct super_block *sb, struct statfs_linux *st);

#endif
