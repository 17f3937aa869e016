/* kernel/proc/sys_file.h: file syscalls (descriptor and path based). */
#ifndef PAGELAB_PROC_SYS_FILE_H
#define PAGELAB_PROC_SYS_FILE_H

#include <stdint.h>
#include "kernel/fs/vfs.h"

#define S_IXANY 0111   /* any execute bit: exec and access(X_OK) ask for one */

/* struct stat of Linux x86-64 (arch/x86/include/uapi/asm/stat.h): 144 bytes. */
struct stat_linux {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid, pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    int64_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec, st_ctime_nsec;
    int64_t reserved[3];
};
_Static_assert(sizeof(struct stat_linux) == 144, "Linux x86-64 struct stat is 144 bytes");

/* A path argument copied into the kernel (kmalloc'd, free with kfree):
   its length, or -EFAULT/-ENAMETOOLONG/-ENOMEM. */
long path_in(uint64_t upath, char **out);
/* A path argument and the directory it is relative to (dirfd: AT_FDCWD or an
   open directory): on success *path is path_in's copy and *dir a referenced
   inode (NULL when there is no cwd yet); release both with path_at_put. */
long path_at_get(int dirfd, uint64_t upath, char **path, struct inode **dir);
void path_at_put(char *path, struct inode *dir);
long stat_copy_out(const struct kstat *st, uint64_t ubuf);
void sys_file_init(void);
void sys_path_init(void);
void sys_attr_init(void);

#endif
