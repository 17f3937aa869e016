/*
 * kernel/syscall/sys_owner.c: a file's owner and group: chown fchown lchown
 * fchownat.  Who may give what to whom is kernel/fs/permission.h's
 * (chown_permission); -1 leaves an id as it is.  As on Linux, changing the
 * owner of anything but a directory (even to the same ids, even by root)
 * drops its set-user-ID bit, and its set-group-ID bit when that is set
 * together with group execute (a real set-group-ID program).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/fs/permission.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/cred.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"

static long set_owner(struct inode *ino, uint32_t uid, uint32_t gid)
{
    long r = chown_permission(ino, uid, gid);
    if (r)
        return r;
    if (uid != CRED_NO_ID)
        ino->uid = uid;
    if (gid != CRED_NO_ID)
        ino->gid = gid;
    if (!S_ISDIR(ino->mode)) {
        ino->mode &= ~(uint32_t)S_ISUID;
        if (ino->mode & S_IXGRP)
            ino->mode &= ~(uint32_t)S_ISGID;
    }
    ino->ctime = vfs_now();
    if (ino->iops && ino->iops->write_inode)
        return ino->iops->write_inode(ino);
    return 0;
}

/* AT_EMPTY_PATH: the file dirfd names itself (referenced in *out). */
static long empty_path_inode(int dirfd, struct inode *dir, struct inode **out)
{
    if (dirfd == AT_FDCWD)
        return vfs_lookup(dir, ".", 0, out, NULL, NULL);
    struct file *f = syscall_fd(dirfd);
    if (!f)
        return -EBADF;
    if (!f->inode)
        return -EINVAL;
    *out = f->inode;
    inode_get(*out);
    return 0;
}

static long do_chown(int dirfd, uint64_t upath, uint32_t uid, uint32_t gid, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    char *path;
    struct inode *dir, *ino;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    if (path[0] == '\0' && (flags & AT_EMPTY_PATH))
        r = empty_path_inode(dirfd, dir, &ino);
    else
        r = path[0] ? vfs_lookup(dir, path, 0, &ino, NULL, NULL) : -ENOENT;
    path_at_put(path, dir);
    if (r)
        return r;
    r = set_owner(ino, uid, gid);
    inode_put(ino);
    return r;
}

long sys_chown(uint64_t path, unsigned uid, unsigned gid)
{
    return do_chown(AT_FDCWD, path, uid, gid, 0);
}
/* There are no symbolic links to stop at: lchown is chown. */
long sys_lchown(uint64_t path, unsigned uid, unsigned gid)
{
    return do_chown(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}
long sys_fchownat(int dirfd, uint64_t path, unsigned uid, unsigned gid, int flags)
{
    return do_chown(dirfd, path, uid, gid, flags);
}

long sys_fchown(int fd, unsigned uid, unsigned gid)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (!f->inode)
        return -EINVAL;
    return set_owner(f->inode, uid, gid);
}
