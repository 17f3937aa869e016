/* kernel/fs/rootfs.h: mounting the root file system. */
#ifndef PAGELAB_FS_ROOTFS_H
#define PAGELAB_FS_ROOTFS_H

/* Mounts the ext2 file system of disk vda as "/".  Returns 0, or a negative
   errno (the kernel runs on without a root file system).  Sleeps on disk
   I/O: call it from a task. */
int rootfs_mount(void);

#endif
