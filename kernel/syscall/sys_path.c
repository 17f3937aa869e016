/*
 * kernel/syscall/sys_path.c: the path syscalls over the VFS: open openat
 * stat lstat newfstatat mkdir mkdirat rmdir unlink unlinkat rename renameat
 * renameat2 link linkat symlink symlinkat chdir fchdir getcwd sync
 * truncate.  Linux's flags and errors (path_resolution(7) for the links).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache.h"
#include "kernel/proc/proc.h"

#define AT_NO_AUTOMOUNT   0x800 /* fcntl.h; the rest of AT_* via vfs.h */
#define AT_SYMLINK_FOLLOW 0x400
#define RENAME_NOREPLACE  1 /* renameat2(2), include/uapi/linux/fs.h */

long path_in(uint64_t upath, char **out)
{
    char *p = kmalloc(PATH_MAX);
    if (!p)
        return -ENOMEM;
    long r = strncpy_from_user(p, (const char *)upath, PATH_MAX);
    if (r < 0) {
        kfree(p);
        return r;
    }
    *out = p;
    return r;
}

long path_at_get(int dirfd, uint64_t upath, char **path, struct inode **dir)
{
    long r = path_in(upath, path);
    if (r < 0)
        return r;
    r = fd_dir(current->files, current->fs, dirfd, dir);
    if (r)
        kfree(*path);
    return r;
}

void path_at_put(char *path, struct inode *dir)
{
    if (dir)
        inode_put(dir);
    kfree(path);
}

/* Where dirfd's relative paths start, with that directory's path (the
   directory referenced; the file naming it held until the syscall returns,
   so that a sibling thread's close cannot free the path). */
static long start_at(int dirfd, struct lookup_start *start)
{
    long r = fd_dir(current->files, current->fs, dirfd, &start->dir);
    if (r)
        return r;
    struct file *f = dirfd == AT_FDCWD ? NULL : syscall_fd(dirfd);
    start->path = f ? f->path : current->fs->cwd_path;
    return 0;
}

/* The current directory, referenced until the syscall returns (a sibling
   thread's chdir may drop the table's reference meanwhile). */
static struct inode *cwd_inode(void) { return syscall_cwd(); }

static long do_open(int dirfd, uint64_t upath, int flags, uint32_t mode)
{
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    struct lookup_start start;
    if ((r = start_at(dirfd, &start))) {
        kfree(path);
        return r;
    }
    struct file *f;
    r = vfs_open_at(&start, path, flags, mode & 07777 & ~current->fs->umask, &f);
    if (r == 0)
        r = syscall_fd_install(f, 0, flags & O_CLOEXEC);
    path_at_put(path, start.dir);
    return r;
}

long sys_open(uint64_t path, int flags, unsigned mode)
{
    return do_open(AT_FDCWD, path, flags, mode);
}
/* creat(2): open(path, O_CREAT | O_WRONLY | O_TRUNC, mode). */
long sys_creat(uint64_t path, unsigned mode)
{
    return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
long sys_openat(int dirfd, uint64_t path, int flags, unsigned mode)
{
    return do_open(dirfd, path, flags, mode);
}

long stat_at(int dirfd, uint64_t upath, int flags, struct kstat *st)
{
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
        struct file *f = dirfd == AT_FDCWD ? NULL : syscall_fd(dirfd);
        if (dirfd == AT_FDCWD) {
            r = vfs_stat(cwd_inode(), ".", st);
        } else {
            r = f ? vfs_fstat(f, st) : -EBADF;
        }
    } else {
        struct inode *dir;
        if ((r = fd_dir(current->files, current->fs, dirfd, &dir)) == 0) {
            r = (flags & AT_SYMLINK_NOFOLLOW) ? vfs_lstat(dir, path, st) : vfs_stat(dir, path, st);
            if (dir)
                inode_put(dir);
        }
    }
    kfree(path);
    return r;
}

static long do_stat(int dirfd, uint64_t upath, uint64_t ubuf, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    struct kstat st;
    long r = stat_at(dirfd, upath, flags, &st);
    return r ? r : stat_copy_out(&st, ubuf);
}

long sys_stat(uint64_t path, uint64_t statbuf) { return do_stat(AT_FDCWD, path, statbuf, 0); }
long sys_lstat(uint64_t path, uint64_t statbuf)
{
    return do_stat(AT_FDCWD, path, statbuf, AT_SYMLINK_NOFOLLOW);
}
long sys_newfstatat(int dirfd, uint64_t path, uint64_t statbuf, int flags)
{
    return do_stat(dirfd, path, statbuf, flags);
}

/* One path, relative to dirfd. */
static long path_op(int dirfd, uint64_t upath, int (*op)(struct inode *, const char *))
{
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    r = op(dir, path);
    path_at_put(path, dir);
    return r;
}

/* Two paths, each relative to its dirfd; op gets both parents' directory
   (the same when both are AT_FDCWD): ops of two names use one directory
   as their start, so a pair of different ones is looked up first. */
static long path_op2(int olddirfd, uint64_t a, int newdirfd, uint64_t b,
                     int (*op)(struct inode *, const char *, struct inode *, const char *))
{
    char *pa, *pb;
    struct inode *da, *db;
    long r = path_at_get(olddirfd, a, &pa, &da);
    if (r)
        return r;
    if ((r = path_at_get(newdirfd, b, &pb, &db)) == 0) {
        r = op(da, pa, db, pb);
        path_at_put(pb, db);
    }
    path_at_put(pa, da);
    return r;
}

static long do_mkdir(int dirfd, uint64_t upath, unsigned mode)
{
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    r = vfs_mkdir(dir, path, mode & 07777 & ~current->fs->umask);
    path_at_put(path, dir);
    return r;
}

long sys_mkdir(uint64_t upath, unsigned mode) { return do_mkdir(AT_FDCWD, upath, mode); }
long sys_mkdirat(int dirfd, uint64_t upath, unsigned mode) { return do_mkdir(dirfd, upath, mode); }
long sys_rmdir(uint64_t path) { return path_op(AT_FDCWD, path, vfs_rmdir); }
long sys_unlink(uint64_t path) { return path_op(AT_FDCWD, path, vfs_unlink); }
long sys_unlinkat(int dirfd, uint64_t path, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    return path_op(dirfd, path, (flags & AT_REMOVEDIR) ? vfs_rmdir : vfs_unlink);
}

static int rename2(struct inode *od, const char *op, struct inode *nd, const char *np)
{
    return vfs_rename2(od, op, nd, np);
}
long sys_rename(uint64_t oldpath, uint64_t newpath)
{
    return path_op2(AT_FDCWD, oldpath, AT_FDCWD, newpath, rename2);
}
long sys_renameat(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath)
{
    return path_op2(olddirfd, oldpath, newdirfd, newpath, rename2);
}

/* RENAME_NOREPLACE: EEXIST when newpath exists (Linux checks it under the
   rename's locks; one CPU and no preemption make the check and the rename
   one step here).  RENAME_EXCHANGE and RENAME_WHITEOUT are not supported. */
static int rename_noreplace(struct inode *od, const char *op, struct inode *nd, const char *np)
{
    struct kstat st;
    int r = vfs_lstat(nd, np, &st);
    if (r == 0)
        return -EEXIST;
    if (r != -ENOENT)
        return r;
    return vfs_rename2(od, op, nd, np);
}

long sys_renameat2(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, unsigned flags)
{
    if (flags & ~RENAME_NOREPLACE)
        return -EINVAL;
    return path_op2(olddirfd, oldpath, newdirfd, newpath,
                    flags & RENAME_NOREPLACE ? rename_noreplace : rename2);
}

static int link2(struct inode *od, const char *op, struct inode *nd, const char *np)
{
    return vfs_link2(od, op, nd, np, false);
}
static int link2_follow(struct inode *od, const char *op, struct inode *nd, const char *np)
{
    return vfs_link2(od, op, nd, np, true);
}
long sys_link(uint64_t oldpath, uint64_t newpath)
{
    return path_op2(AT_FDCWD, oldpath, AT_FDCWD, newpath, link2);
}
long sys_linkat(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if (flags & AT_EMPTY_PATH)
        return -ENOENT; /* needs CAP_DAC_READ_SEARCH-style handles: not supported */
    return path_op2(olddirfd, oldpath, newdirfd, newpath,
                    flags & AT_SYMLINK_FOLLOW ? link2_follow : link2);
}

static long do_symlink(uint64_t utarget, int newdirfd, uint64_t ulinkpath)
{
    char *target;
    long r = path_in(utarget, &target);
    if (r < 0)
        return r;
    char *linkpath;
    struct inode *dir;
    if ((r = path_at_get(newdirfd, ulinkpath, &linkpath, &dir)) == 0) {
        r = vfs_symlink(dir, target, linkpath);
        path_at_put(linkpath, dir);
    }
    kfree(target);
    return r;
}

long sys_symlink(uint64_t target, uint64_t linkpath)
{
    return do_symlink(target, AT_FDCWD, linkpath);
}
long sys_symlinkat(uint64_t target, int newdirfd, uint64_t linkpath)
{
    return do_symlink(target, newdirfd, linkpath);
}

/* The working directory becomes dir, named path (absolute). */
static void set_cwd(struct fs_context *fs, struct inode *dir, const char *path)
{
    if (fs->cwd)
        inode_put(fs->cwd);
    fs->cwd = dir;
    strlcpy(fs->cwd_path, path, sizeof fs->cwd_path);
}

long sys_chdir(uint64_t upath)
{
    struct fs_context *fs = current->fs;
    if (!fs)
        return -ENOMEM;
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    struct inode *dir;
    char *canon = kmalloc(PATH_MAX);
    struct lookup_start start = { cwd_inode(), fs->cwd_path };
    r = canon ? vfs_resolve(&start, path, 0, &dir, NULL, NULL, canon) : -ENOMEM;
    if (r == 0 && (r = !S_ISDIR(dir->mode) ? -ENOTDIR : inode_permission(dir, MAY_EXEC)))
        inode_put(dir); /* chdir(2): search permission on the directory */
    if (r == 0)
        set_cwd(fs, dir, canon[0] ? canon : "/");
    kfree(canon);
    kfree(path);
    return r;
}

long sys_fchdir(int fd)
{
    struct fs_context *fs = current->fs;
    struct file *f = fs ? syscall_fd(fd) : NULL;
    if (!f)
        return -EBADF;
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    if (inode_permission(f->inode, MAY_EXEC))
        return -EACCES; /* fchdir(2): search permission, as chdir */
    inode_get(f->inode);
    set_cwd(fs, f->inode, f->path && f->path[0] == '/' ? f->path : "/");
    return 0;
}

long sys_getcwd(uint64_t buf, uint64_t size)
{
    struct fs_context *fs = current->fs;
    if (!fs)
        return -ENOMEM;
    size_t len = strlen(fs->cwd_path) + 1;
    if (size < len)
        return -ERANGE;
    return copy_to_user((void *)buf, fs->cwd_path, len, MECH_SYSCALL_ARGS) ? -EFAULT : (long)len;
}

long sys_truncate(uint64_t upath, int64_t length)
{
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    r = vfs_truncate(cwd_inode(), path, length);
    kfree(path);
    return r;
}

long sys_sync(void)
{
    vfs_sync();
    return 0;
}

/* syncfs(2): the file system holding fd's file, through its sync
   operation, then the dirty pages.  The page cache keeps one list of
   dirty files for all file systems, so those of the others are written
   back too: more than syncfs promises, never less.  Its error, unlike
   sync's, is returned (Linux 5.8 on). */
long sys_syncfs(int fd)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    struct super_block *sb = f->inode ? f->inode->sb : NULL;
    int r = sb && sb->ops && sb->ops->sync ? sb->ops->sync(sb) : 0;
    int r2 = pcache_sync(NULL);
    return r ? r : r2;
}
