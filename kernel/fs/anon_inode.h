/*
 * kernel/fs/anon_inode.h: inodes of objects that have no name in any
 * directory (an epoll instance, a pidfd): Linux's anon_inodefs.  They have
 * no file type bits (fstat's st_mode is 0600) and share one st_dev.
 */
#ifndef PAGELAB_FS_ANON_INODE_H
#define PAGELAB_FS_ANON_INODE_H

#include "kernel/fs/vfs.h"

/* Makes ino (part of the caller's object) such an inode, with its ops;
   iops->evict frees the object when the last file on it is closed. */
void anon_inode_init(struct inode *ino, const struct inode_ops *iops, const struct file_ops *fops);

#endif
