/* kernel/fs/rootfs.h: bringing up storage and mounting the root file system. */
#ifndef PAGELAB_FS_ROOTFS_H
#define PAGELAB_FS_ROOTFS_H

/* Enumerates PCI, starts the virtio disk and mounts its ext2 file system as
   "/".  Returns 0, or a negative errno (the kernel runs on without a root). */
int storage_init(void);

#endif
