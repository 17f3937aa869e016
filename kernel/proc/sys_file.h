/* kernel/proc/sys_file.h: file syscalls (descriptor and path based). */
#ifndef PAGELAB_PROC_SYS_FILE_H
#define PAGELAB_PROC_SYS_FILE_H

#include <stdint.h>
#include "kernel/fs/vfs.h"

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
long stat_copy_out(const struct kstat *st, uint64_t ubuf);
void sys_file_init(void);
void sys_path_init(void);
void sys_attr_init(void);

#endif
