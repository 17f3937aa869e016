/*
 * kernel/syscall/sys_attr.c: a file's attributes by path or descriptor:
 * access faccessat faccessat2 umask chmod fchmod fchmodat readlink
 * readlinkat mknod mknodat utimensat.  Linux numbers, flags and error order.
 *
 * Permissions are kernel/fs/permission.h's: access(2) asks with the real
 * ids (faccessat2's AT_EACCESS: the effective ones), chmod and setting
 * explicit times need the owner or root (EPERM), setting them to now needs
 * the owner or write permission (EACCES).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/memfs/memfs.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/cred.h"
#include "kernel/proc/proc.h"

#define F_OK             0 /* access(2), unistd.h */
#define X_OK             1
#define W_OK             2
#define R_OK             4
#define S_IFMT_MODE_BITS 07777 /* permission, set-id and sticky bits */

/* Resolves (dirfd, upath) to a referenced inode (lookup_flags: 0, or
   LOOKUP_NOFOLLOW for the link itself). */
static long lookup_flags_at(int dirfd, uint64_t upath, int lookup_flags, struct inode **out)
{
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    r = path[0] ? vfs_lookup(dir, path, lookup_flags, out, NULL, NULL) : -ENOENT;
    path_at_put(path, dir);
    return r;
}

static long lookup_at(int dirfd, uint64_t upath, struct inode **out)
{
    return lookup_flags_at(dirfd, upath, 0, out);
}

static long do_access(int dirfd, uint64_t upath, uint64_t mode, int flags)
{
    if (mode & ~(uint64_t)(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    /* The whole walk, search permissions included, with the real ids. */
    uint64_t saved = flags & AT_EACCESS ? 0 : cred_access_begin();
    struct inode *ino;
    int lf = (flags & AT_SYMLINK_NOFOLLOW) ? LOOKUP_NOFOLLOW : 0;
    long r = lookup_flags_at(dirfd, upath, lf, &ino);
    if (!r) {
        r = inode_permission(ino, (int)mode);
        inode_put(ino);
    }
    if (!(flags & AT_EACCESS))
        cred_access_end(saved);
    return r;
}

long sys_access(uint64_t path, int mode) { return do_access(AT_FDCWD, path, mode, 0); }
/* faccessat(2) the system call has no flags argument (faccessat2 has). */
long sys_faccessat(int dirfd, uint64_t path, int mode) { return do_access(dirfd, path, mode, 0); }
long sys_faccessat2(int dirfd, uint64_t path, int mode, int flags)
{
    return do_access(dirfd, path, mode, flags);
}

long sys_umask(unsigned mask)
{
    struct fs_context *fs = current->fs;
    if (!fs)
        return -ENOMEM;
    uint32_t old = fs->umask;
    fs->umask = mask & 0777;
    return old;
}

/* Keeps the file type, replaces the rest; the change reaches the disk
   through the file system's write_inode (ext2: the inode's i_mode). */
static long set_mode(struct inode *ino, uint64_t umode)
{
    uint32_t mode = (uint32_t)umode;
    long r = chmod_permission(ino, &mode);
    if (r)
        return r;
    /* F_SEAL_EXEC (memfd): the execute bits stay as they are. */
    if ((memfs_inode_seals(ino) & F_SEAL_EXEC) && ((ino->mode ^ mode) & 0111))
        return -EPERM;
    ino->mode = (ino->mode & S_IFMT) | (mode & S_IFMT_MODE_BITS);
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

long sys_chmod(uint64_t path, unsigned mode) { return do_chmod(AT_FDCWD, path, mode); }
/* fchmodat(2) the system call has no flags argument (fchmodat2 has). */
long sys_fchmodat(int dirfd, uint64_t path, unsigned mode) { return do_chmod(dirfd, path, mode); }

long sys_fchmod(int fd, unsigned mode)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    return f->inode ? set_mode(f->inode, mode) : 0;
}

/* utimensat(2): the access and modification times from times[2] (NULL:
   both now), with Linux's UTIME_NOW and UTIME_OMIT; a NULL path means the
   file of dirfd (futimens).  The inode keeps whole seconds.  The change
   time becomes now, as on Linux. */
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#define NSEC_MAX   999999999l

struct timespec_linux {
    int64_t tv_sec;
    int64_t tv_nsec;
};

static long time_of(const struct timespec_linux *t, int64_t now, int64_t *out)
{
    if (t->tv_nsec == UTIME_OMIT)
        return 0;
    if (t->tv_nsec == UTIME_NOW) {
        *out = now;
        return 0;
    }
    if (t->tv_nsec < 0 || t->tv_nsec > NSEC_MAX)
        return -EINVAL;
    *out = t->tv_sec;
    return 0;
}

/* Linux's utimes rules: times other than "now" (or OMIT) only by the owner
   or root (EPERM); both "now" also by whoever may write the file (EACCES). */
static long times_permission(const struct inode *ino, const struct timespec_linux t[2])
{
    bool only_now = true;
    for (int i = 0; i < 2; i++)
        if (t[i].tv_nsec != UTIME_NOW && t[i].tv_nsec != UTIME_OMIT)
            only_now = false;
    if (inode_owner_or_root(ino))
        return 0;
    if (!only_now)
        return -EPERM;
    return inode_permission(ino, MAY_WRITE);
}

/* utimensat's work, with the times already copied in. */
static long set_times(int dirfd, uint64_t upath, const struct timespec_linux t[2], int flags)
{
    struct inode *ino;
    long r;
    if (!upath) {
        struct file *f = syscall_fd(dirfd);
        if (!f)
            return -EBADF;
        if (!f->inode)
            return -EINVAL;
        ino = f->inode;
        inode_get(ino);
    } else if ((r = lookup_flags_at(dirfd, upath,
                                    (flags & AT_SYMLINK_NOFOLLOW) ? LOOKUP_NOFOLLOW : 0, &ino))) {
        return r;
    }
    int64_t now = vfs_now(), atime = ino->atime, mtime = ino->mtime;
    r = times_permission(ino, t);
    if (!r)
        r = time_of(&t[0], now, &atime);
    if (!r)
        r = time_of(&t[1], now, &mtime);
    if (!r && (t[0].tv_nsec != UTIME_OMIT || t[1].tv_nsec != UTIME_OMIT)) {
        ino->atime = atime;
        ino->mtime = mtime;
        ino->ctime = now;
        if (ino->iops && ino->iops->write_inode)
            r = ino->iops->write_inode(ino);
    }
    inode_put(ino);
    return r;
}

long sys_utimensat(int dirfd, uint64_t upath, uint64_t utimes, int flags)
{
    if (flags & ~AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    struct timespec_linux t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    if (utimes && copy_from_user(t, (void *)utimes, sizeof t, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return set_times(dirfd, upath, t, flags);
}

/* futimesat(2), utimes(2): the older calls, with microseconds (struct
   timeval[2]; NULL: both now); tv_usec outside [0, 1e6) is EINVAL.  A
   symbolic link is followed; a NULL path means the file of dirfd, as
   utimensat's. */
struct timeval_linux {
    int64_t tv_sec;
    int64_t tv_usec;
};

long sys_futimesat(int dirfd, uint64_t upath, uint64_t utimes)
{
    struct timespec_linux t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    if (utimes) {
        struct timeval_linux tv[2];
        if (copy_from_user(tv, (void *)utimes, sizeof tv, MECH_SYSCALL_ARGS))
            return -EFAULT;
        for (int i = 0; i < 2; i++) {
            if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
                return -EINVAL;
            t[i] = (struct timespec_linux){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
        }
    }
    return set_times(dirfd, upath, t, 0);
}

long sys_utimes(uint64_t upath, uint64_t utimes) { return sys_futimesat(AT_FDCWD, upath, utimes); }

/* readlink(2): the link's text, cut to bufsiz, without a NUL; EINVAL for
   a name that is not a link. */
static long do_readlink(int dirfd, uint64_t upath, uint64_t ubuf, int64_t bufsiz)
{
    if (bufsiz <= 0)
        return -EINVAL;
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    char *text = kmalloc(PATH_MAX);
    r = !text ? -ENOMEM : path[0] ? vfs_readlink(dir, path, text, PATH_MAX) : -ENOENT;
    if (r > bufsiz)
        r = bufsiz;
    if (r > 0 && copy_to_user((void *)ubuf, text, (size_t)r, MECH_SYSCALL_ARGS))
        r = -EFAULT;
    kfree(text);
    path_at_put(path, dir);
    return r;
}

long sys_readlink(uint64_t path, uint64_t buf, uint64_t bufsize)
{
    return do_readlink(AT_FDCWD, path, buf, (int64_t)(int)bufsize);
}
long sys_readlinkat(int dirfd, uint64_t path, uint64_t buf, uint64_t bufsize)
{
    return do_readlink(dirfd, path, buf, (int64_t)(int)bufsize);
}

/* mknod(2): regular files (type 0 or S_IFREG), character devices and
   socket inodes, the kinds pagelab's file systems can hold; directories are
   mkdir's (EPERM as on Linux); FIFOs and block devices are not supported
   (EPERM). */
static long do_mknod(int dirfd, uint64_t upath, uint64_t mode, uint64_t dev)
{
    uint32_t type = (uint32_t)mode & S_IFMT;
    uint32_t perm = (uint32_t)mode & S_IFMT_MODE_BITS & ~current->fs->umask;
    switch (type) {
    case 0:
    case S_IFREG:
    case S_IFCHR:
    case S_IFSOCK:
    case S_IFIFO:
        break;
    case S_IFDIR:
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
    if (type == S_IFCHR || type == S_IFSOCK || type == S_IFIFO) {
        r = vfs_mknod(dir, path, type | perm, type == S_IFCHR ? (uint32_t)dev : 0);
    } else {
        struct file *f;
        r = vfs_open(dir, path, O_CREAT | O_EXCL | O_RDONLY, perm, &f);
        if (r == 0)
            file_put(f);
    }
    path_at_put(path, dir);
    return r;
}

long sys_mknod(uint64_t path, unsigned mode, uint64_t dev)
{
    return do_mknod(AT_FDCWD, path, mode, dev);
}
long sys_mknodat(int dirfd, uint64_t path, unsigned mode, uint64_t dev)
{
    return do_mknod(dirfd, path, mode, dev);
}
