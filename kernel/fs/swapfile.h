/*
 * kernel/fs/swapfile.h: swapon and swapoff by path: a disk (a block device
 * node, /dev/vdb) or a file of a disk file system (ext2), in Linux's swap
 * format (mkswap).  The areas themselves are the memory layer's
 * (kernel/mm/swap.h); this is where a path becomes a disk and runs of its
 * bytes, and where the disk or the file is claimed while swap uses it.
 */
#ifndef PAGELAB_FS_SWAPFILE_H
#define PAGELAB_FS_SWAPFILE_H

#include "kernel/fs/vfs.h"

/* swapon(2): 0, or -ENOENT/-ENOTDIR... (the path), -EINVAL (neither a
   block device nor a regular file of a disk file system, a file with
   holes, no swap signature, bad flags), -EBUSY (already swap, or a
   mounted disk), -ENXIO (no such disk), -EPERM (too many areas),
   -ENOMEM, -EIO.  name is what /proc/swaps shows. */
int swapfile_on(struct inode *cwd, const char *path, const char *name, int flags);
/* swapoff(2): 0, -EINVAL (not an active swap area), -ENOMEM (its pages do
   not fit in memory: it stays active), or the path's error. */
int swapfile_off(struct inode *cwd, const char *path);

#endif
