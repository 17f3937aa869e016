/*
 * kernel/syscall/sys_path.c: the path syscalls over the VFS: open openat stat
 * lstat newfstatat mkdir rmdir unlink rename link chdir getcwd sync truncate.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"

#define AT_NO_AUTOMOUNT 0x800 /* fcntl.h; the rest of AT_* via vfs.h */

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
    r = fd_dir(current->files, dirfd, dir);
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

/* The current directory, referenced until the syscall returns (a sibling
   thread's chdir may drop the table's reference meanwhile). */
static struct inode *cwd_inode(void) { return syscall_cwd(); }

static int join_path(const char *dir, const char *path, char *out);

/* The name /proc/PID/maps shows for a mapping of f: absolute when the path
   was absolute or relative to the working directory. */
static void remember_path(struct file *f, int dirfd, const char *path)
{
    struct files *t = current->files;
    char *abs = kmalloc(PATH_MAX);
    if (!abs)
        return;
    if (path[0] == '/' || (dirfd == AT_FDCWD && t)) {
        if (join_path(t ? t->cwd_path : "/", path, abs)) {
            kfree(abs);
            return;
        }
    } else {
        strlcpy(abs, path, PATH_MAX);
    }
    f->path = kmalloc(strlen(abs) + 1);
    if (f->path)
        strlcpy(f->path, abs, strlen(abs) + 1);
    kfree(abs);
}

static long do_open(int dirfd, uint64_t upath, int flags, uint32_t mode)
{
    char *path;
    struct inode *dir;
    long r = path_at_get(dirfd, upath, &path, &dir);
    if (r)
        return r;
    struct file *f;
    r = vfs_open(dir, path, flags, mode & 07777 & ~current->files->umask, &f);
    if (r == 0)
        remember_path(f, dirfd, path);
    if (r == 0 && (r = fd_install(current->files, f, 0, flags & O_CLOEXEC)) < 0)
        file_put(f);
    path_at_put(path, dir);
    return r;
}

long sys_open(uint64_t path, int flags, unsigned mode)
{
    return do_open(AT_FDCWD, path, flags, mode);
}
long sys_openat(int dirfd, uint64_t path, int flags, unsigned mode)
{
    return do_open(dirfd, path, flags, mode);
}

static long do_stat(int dirfd, uint64_t upath, uint64_t ubuf, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    struct kstat st;
    if (path[0] == '\0' && (flags & AT_EMPTY_PATH)) {
        struct file *f = dirfd == AT_FDCWD ? NULL : syscall_fd(dirfd);
        if (dirfd == AT_FDCWD) {
            r = vfs_stat(cwd_inode(), ".", &st);
        } else {
            r = f ? vfs_fstat(f, &st) : -EBADF;
        }
    } else {
        struct inode *dir;
        if ((r = fd_dir(current->files, dirfd, &dir)) == 0) {
            r = vfs_stat(dir, path, &st);
            if (dir)
                inode_put(dir);
        }
    }
    kfree(path);
    return r ? r : stat_copy_out(&st, ubuf);
}

/* No symbolic links exist yet, so lstat is stat. */
long sys_stat(uint64_t path, uint64_t statbuf) { return do_stat(AT_FDCWD, path, statbuf, 0); }
long sys_lstat(uint64_t path, uint64_t statbuf)
{
    return do_stat(AT_FDCWD, path, statbuf, AT_SYMLINK_NOFOLLOW);
}
long sys_newfstatat(int dirfd, uint64_t path, uint64_t statbuf, int flags)
{
    return do_stat(dirfd, path, statbuf, flags);
}

/* One path, relative to the cwd. */
static long path_op(uint64_t upath, int (*op)(struct inode *, const char *))
{
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    r = op(cwd_inode(), path);
    kfree(path);
    return r;
}

/* Two paths, relative to the cwd. */
static long path_op2(uint64_t a, uint64_t b, int (*op)(struct inode *, const char *, const char *))
{
    char *pa, *pb;
    long r = path_in(a, &pa);
    if (r < 0)
        return r;
    r = path_in(b, &pb);
    if (r >= 0) {
        r = op(cwd_inode(), pa, pb);
        kfree(pb);
    }
    kfree(pa);
    return r;
}

long sys_mkdir(uint64_t upath, unsigned mode)
{
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    r = vfs_mkdir(cwd_inode(), path, mode & 07777 & ~current->files->umask);
    kfree(path);
    return r;
}

long sys_rmdir(uint64_t path) { return path_op(path, vfs_rmdir); }
long sys_unlink(uint64_t path) { return path_op(path, vfs_unlink); }
long sys_rename(uint64_t oldpath, uint64_t newpath)
{
    return path_op2(oldpath, newpath, vfs_rename);
}
long sys_link(uint64_t oldpath, uint64_t newpath) { return path_op2(oldpath, newpath, vfs_link); }

/* Appends path to the absolute directory dir, resolving "." and ".." by
   name (there are no symbolic links), into out (PATH_MAX bytes). */
static int join_path(const char *dir, const char *path, char *out)
{
    size_t n = 0;
    out[0] = '\0';
    const char *parts[2] = { path[0] == '/' ? "" : dir, path };
    for (int k = 0; k < 2; k++) {
        const char *p = parts[k];
        while (*p) {
            while (*p == '/')
                p++;
            const char *name = p;
            while (*p && *p != '/')
                p++;
            size_t len = (size_t)(p - name);
            if (len == 0 || (len == 1 && name[0] == '.'))
                continue;
            if (len == 2 && name[0] == '.' && name[1] == '.') {
                while (n > 0 && out[n - 1] != '/')
                    n--;
                if (n > 0)
                    n--;
                out[n] = '\0';
                continue;
            }
            if (n + 1 + len >= PATH_MAX)
                return -ENAMETOOLONG;
            out[n++] = '/';
            memcpy(out + n, name, len);
            n += len;
            out[n] = '\0';
        }
    }
    if (n == 0)
        strlcpy(out, "/", PATH_MAX);
    return 0;
}

long sys_chdir(uint64_t upath)
{
    struct files *t = current->files;
    if (!t)
        return -ENOMEM;
    char *path;
    long r = path_in(upath, &path);
    if (r < 0)
        return r;
    struct inode *dir;
    char *abs = kmalloc(PATH_MAX);
    r = abs ? vfs_lookup(cwd_inode(), path, 0, &dir, NULL, NULL) : -ENOMEM;
    if (r == 0 && !S_ISDIR(dir->mode)) {
        inode_put(dir);
        r = -ENOTDIR;
    }
    if (r == 0 && (r = join_path(t->cwd_path, path, abs)) != 0)
        inode_put(dir);
    if (r == 0) {
        if (t->cwd)
            inode_put(t->cwd);
        t->cwd = dir;
        strlcpy(t->cwd_path, abs, sizeof t->cwd_path);
    }
    kfree(abs);
    kfree(path);
    return r;
}

long sys_getcwd(uint64_t buf, uint64_t size)
{
    struct files *t = current->files;
    if (!t)
        return -ENOMEM;
    size_t len = strlen(t->cwd_path) + 1;
    if (size < len)
        return -ERANGE;
    return copy_to_user((void *)buf, t->cwd_path, len, MECH_SYSCALL_ARGS) ? -EFAULT : (long)len;
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
