/*
 * kernel/fs/devfs.h: /dev, a generated directory of the kernel's devices
 * (the disk image needs no device nodes), and mounting generated file
 * systems on directories of the root file system.
 *
 * The devices below the file system (terminals, /dev/null, /dev/zero,
 * /dev/random) are files made here over their drivers' plain calls; a
 * subsystem above it adds its own with devfs_add() and chrdev_register().
 */
#ifndef PAGELAB_FS_DEVFS_H
#define PAGELAB_FS_DEVFS_H

#include <stdbool.h>
#include <stdint.h>

struct super_block;

/* Adds /dev/NAME, a character device rdev (MKDEV) with permissions mode.
   0, or -ENOSPC when the table is full. */
int devfs_add(const char *name, uint32_t rdev, uint32_t mode);

/* Adds the directory /dev/NAME with sb mounted on it (/dev is generated,
   so vfs_mount has no lasting directory to mount on).  0, -EBUSY (no /dev
   yet, or sb already mounted) or -ENOSPC. */
int devfs_mount_dir(const char *name, struct super_block *sb);

/* Registers the built-in devices and mounts /dev.  0 or -errno. */
int devfs_mount(void);

/* Mounts sb on the directory path of the root file system, creating the
   directory if the disk lacks it.  0 or -errno. */
int mount_on_dir(const char *path, struct super_block *sb);

/* Is f open on /dev/zero?  mmap maps it as anonymous memory, private or
   shared, as Linux does (shmem_zero_setup). */
struct file;
bool devfs_file_is_zero(const struct file *f);

#endif
