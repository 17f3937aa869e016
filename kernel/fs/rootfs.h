/* kernel/fs/rootfs.h: bringing up storage and mounting the root file system. */
#ifndef PAGELAB_FS_ROOTFS_H
#define PAGELAB_FS_ROOTFS_H

#include <stdint.h>

/* Enumerates PCI, starts the virtio disk and mounts its ext2 file system as
   "/".  monotonic_ns is the kernel's clock (file times = boot date read from
   the CMOS clock + its reading).  Returns 0, or a negative errno (the kernel
   runs on without a root file system). */
int storage_init(uint64_t (*monotonic_ns)(void));

/* The idle path calls this: periodic write-back of dirty pages. */
void storage_idle(uint64_t now_ns);

#endif
