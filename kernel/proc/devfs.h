/* kernel/proc/devfs.h: /dev and /proc, mounted on the root file system. */
#ifndef PAGELAB_PROC_DEVFS_H
#define PAGELAB_PROC_DEVFS_H

struct super_block;

int devfs_mount(void);
int procfs_mount(void);
/* Mounts sb on the directory path of the root file system, creating the
   directory if the disk lacks it.  0 or -errno. */
int mount_on_dir(const char *path, struct super_block *sb);

#endif
