/* sys/statfs.h (Linux): statfs/fstatfs and Linux's x86-64 struct statfs. */
#ifndef _SYS_STATFS_H
#define _SYS_STATFS_H
#include <sys/types.h>

typedef struct {
    int __val[2];
} fsid_t;

struct statfs {
    long f_type; /* the file system's magic number (linux/magic.h) */
    long f_bsize;
    unsigned long f_blocks, f_bfree, f_bavail; /* in f_frsize units */
    unsigned long f_files, f_ffree;
    fsid_t f_fsid;
    long f_namelen;
    long f_frsize;
    long f_flags;
    long f_spare[4];
};

int statfs(const char *path, struct statfs *buf);
int fstatfs(int fd, struct statfs *buf);

#endif
