/*
 * kernel/proc/sys_attr.c: a file's attributes by path or descriptor:
 * access faccessat umask chmod fchmod fchmodat readlink readlinkat mknod
 * mknodat.  Linux numbers, flags and error order.
 *
 * pagelab has one user, root, so access(2) decides as Linux does for a
 * process with root's capabilities: reading and writing are always allowed,
 * executing only when some execute bit is set or the file is a directory.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/files.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sys_file.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

#define F_OK 0                     /* access(2), unistd.h */
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define S_IFMT_MODE_BITS 07777     /* permission, set-id and sticky bits */

/* Resolves (dirfd, upath) to a referenced inode. */
static long lookup_at(int dirfd, uint64_t upath, struct inode **out)
{
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    r = path[0] ? vfs_lookup(dir, path, 0, out, NULL, NULL) : -ENOENT;
    path_at_put(path, dir);
    return r;
}

static long do_access(int dirfd, uint64_t upath, uint64_t mode)
{
    if (mode & ~(uint64_t)(R_OK | W_OK | X_OK))
        return -EINVAL;
    struct inode *ino;
    long r = lookup_at(dirfd, upath, &ino);
    if (r)
        return r;
    if ((mode & X_OK) && !S_ISDIR(ino->mode) && !(ino->mode & S_IXANY))
        r = -EACCES;
    inode_put(ino);
    return r;
}

static long sys_access(SYSCALL_ARGS) { return do_access(AT_FDCWD, a0, a1); }
/* faccessat(2) the system call has no flags argument (faccessat2 has). */
static long sys_faccessat(SYSCALL_ARGS) { return do_access((int)a0, a1, a2); }

static long sys_umask(SYSCALL_ARGS)
{
    struct files *t = files_current();
    if (!t)
        return -ENOMEM;
    uint32_t old = t->umask;
    t->umask = (uint32_t)a0 & 0777;
    return old;
}

/* Keeps the file type, replaces the rest; the change reaches the disk
   through the file system's write_inode (ext2: the inode's i_mode). */
static long set_mode(struct inode *ino, uint64_t mode)
{
    ino->mode = (ino->mode & S_IFMT) | ((uint32_t)mode & S_IFMT_MODE_BITS);
    ino->ctime = vfs_now();
    if (ino->iops && ino->iops->write_inode)
        return ino->iops->write_inode(ino);
    return 0;
}

static long do_chmod(int dirfd, uint64_t upath, uint64_t mode)
{
    struct inode *ino;
    long r = lookup_at(dirfd, upath, &ino);
    if (r)
        return r;
    r = set_mode(ino, mode);
    inode_put(ino);
    return r;
}

static long sys_chmod(SYSCALL_ARGS) { return do_chmod(AT_FDCWD, a0, a1); }
/* fchmodat(2) the system call has no flags argument (fchmodat2 has). */
static long sys_fchmodat(SYSCALL_ARGS) { return do_chmod((int)a0, a1, a2); }

static long sys_fchmod(SYSCALL_ARGS)
{
    struct file *f = fd_file((int)a0);
    if (!f)
        return -EBADF;
    return f->inode ? set_mode(f->inode, a1) : 0;
}

/* There are no symbolic links: an existing name is not one (EINVAL). */
static long do_readlink(int dirfd, uint64_t upath, int64_t bufsiz)
{
    if (bufsiz <= 0)
        return -EINVAL;
    struct inode *ino;
    long r = lookup_at(dirfd, upath, &ino);
    if (r)
        return r;
    inode_put(ino);
    return -EINVAL;
}

static long sys_readlink(SYSCALL_ARGS) { return do_readlink(AT_FDCWD, a0, (int64_t)(int)a2); }
static long sys_readlinkat(SYSCALL_ARGS) { return do_readlink((int)a0, a1, (int64_t)(int)a3); }

/* mknod(2): regular files (type 0 or S_IFREG) and character devices, the
   kinds pagelab's file systems can hold; directories are mkdir's (EPERM as
   on Linux); FIFOs, sockets and block devices are not supported (EPERM). */
static long do_mknod(int dirfd, uint64_t upath, uint64_t mode, uint64_t dev)
{
    uint32_t type = (uint32_t)mode & S_IFMT;
    uint32_t perm = (uint32_t)mode & S_IFMT_MODE_BITS & ~files_umask();
    switch (type) {
    case 0:
    case S_IFREG:
    case S_IFCHR:
        break;
    case S_IFDIR:
    case S_IFIFO:
    case S_IFSOCK:
    case S_IFBLK:
        return -EPERM;
    default:
        return -EINVAL;
    }
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    if (type == S_IFCHR) {
        r = vfs_mknod(dir, path, S_IFCHR | perm, (uint32_t)dev);
    } else {
        struct file *f;
        r = vfs_open(dir, path, O_CREAT | O_EXCL | O_RDONLY, perm, &f);
        if (r == 0)
            file_put(f);
    }
    path_at_put(path, dir);
    return r;
}

static long sys_mknod(SYSCALL_ARGS) { return do_mknod(AT_FDCWD, a0, a1, a2); }
static long sys_mknodat(SYSCALL_ARGS) { return do_mknod((int)a0, a1, a2, a3); }

void sys_attr_init(void)
{
    syscall_register(NR_access, sys_access);
    syscall_register(NR_faccessat, sys_faccessat);
    syscall_register(NR_umask, sys_umask);
    syscall_register(NR_chmod, sys_chmod);
    syscall_register(NR_fchmod, sys_fchmod);
    syscall_register(NR_fchmodat, sys_fchmodat);
    syscall_register(NR_readlink, sys_readlink);
    syscall_register(NR_readlinkat, sys_readlinkat);
    syscall_register(NR_mknod, sys_mknod);
    syscall_register(NR_mknodat, sys_mknodat);
}
