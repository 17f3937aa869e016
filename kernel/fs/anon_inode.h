/*
 * kernel/fs/anon_inode.h: files of objects that have no name in any
 * directory (eventfd, timerfd, signalfd, epoll, pidfd): Linux's
 * anon_inodefs.  Their inodes have no file type bits (fstat's st_mode is
 * 0600) and share one st_dev; the file is open for reading and writing.
 */
#ifndef PAGELAB_FS_ANON_INODE_H
#define PAGELAB_FS_ANON_INODE_H

#include "kernel/fs/vfs.h"

/* Makes ino (part of the caller's object) such an inode, with its ops;
   iops->evict frees the object when the last file on it is closed. */
void anon_inode_init(struct inode *ino, const struct inode_ops *iops, const struct file_ops *fops);

/* A new file on ino (anon_inode_init'ed), O_RDWR with flags' O_NONBLOCK,
   whose private is obj.  0, or -ENOMEM with the object freed (evict). */
int anon_inode_file(struct inode *ino, int flags, void *obj, struct file **out);

/* An evict for objects whose inode is their first member: kfree. */
void anon_inode_kfree(struct inode *ino);

#endif
