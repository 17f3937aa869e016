/*
 * kernel/syscall/sys_statfs.c: statfs(2) and fstatfs(2): the file system
 * a path or a descriptor is on (kernel/fs/statfs.c).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/statfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"

static long statfs_out(struct super_block *sb, uint64_t ubuf)
{
    struct statfs_linux st;
    vfs_statfs(sb, &st);
    return copy_to_user((void *)ubuf, &st, sizeof st, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_statfs(uint64_t upath, uint64_t ubuf)
{
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    struct inode *ino;
    r = vfs_lookup(syscall_cwd(), path, 0, &ino, NULL, NULL);
    kfree(path);
    if (r)
        return r;
    r = statfs_out(ino->sb, ubuf);
    inode_put(ino);
    return r;
}

long sys_fstatfs(int fd, uint64_t ubuf)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (!f->inode || !f->inode->sb)
        return -EINVAL;
    return statfs_out(f->inode->sb, ubuf);
}
