/*
 * kernel/proc/sys_path.c: the path syscalls over the VFS: open openat stat
 * lstat newfstatat mkdir rmdir unlink rename link chdir getcwd sync, and the
 * way execve finds a program file (exec_open_hook).
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/files.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sys_file.h"
#include "kernel/proc/sys_misc.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

#define AT_NO_AUTOMOUNT     0x800         /* fcntl.h; the rest of AT_* via vfs.h */

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
    r = fd_dir(dirfd, dir);
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

static struct inode *cwd_inode(void)
{
    struct files *t = current->files;
    return t ? t->cwd : NULL;
}

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
    r = vfs_open(dir, path, flags, mode & 07777 & ~files_umask(), &f);
    if (r == 0)
        remember_path(f, dirfd, path);
    if (r == 0 && (r = fd_install(f, 0, flags & O_CLOEXEC)) < 0)
        file_put(f);
    path_at_put(path, dir);
    return r;
}

static long sys_open(SYSCALL_ARGS) { return do_open(AT_FDCWD, a0, (int)a1, (uint32_t)a2); }
static long sys_openat(SYSCALL_ARGS) { return do_open((int)a0, a1, (int)a2, (uint32_t)a3); }

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
        struct file *f = dirfd == AT_FDCWD ? NULL : fd_file(dirfd);
        if (dirfd == AT_FDCWD) {
            r = vfs_stat(cwd_inode(), ".", &st);
        } else {
            r = f ? vfs_fstat(f, &st) : -EBADF;
        }
    } else {
        struct inode *dir;
        if ((r = fd_dir(dirfd, &dir)) == 0) {
            r = vfs_stat(dir, path, &st);
            if (dir)
                inode_put(dir);
        }
    }
    kfree(path);
    return r ? r : stat_copy_out(&st, ubuf);
}

/* No symbolic links exist yet, so lstat is stat. */
static long sys_stat(SYSCALL_ARGS) { return do_stat(AT_FDCWD, a0, a1, 0); }
static long sys_lstat(SYSCALL_ARGS) { return do_stat(AT_FDCWD, a0, a1, AT_SYMLINK_NOFOLLOW); }
static long sys_newfstatat(SYSCALL_ARGS) { return do_stat((int)a0, a1, a2, (int)a3); }

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

static long sys_mkdir(SYSCALL_ARGS)
{
    char *path;
    long r = path_in(a0, &path);
    if (r < 0)
        return r;
    r = vfs_mkdir(cwd_inode(), path, (uint32_t)a1 & 07777 & ~files_umask());
    kfree(path);
    return r;
}

static long sys_rmdir(SYSCALL_ARGS) { return path_op(a0, vfs_rmdir); }
static long sys_unlink(SYSCALL_ARGS) { return path_op(a0, vfs_unlink); }
static long sys_rename(SYSCALL_ARGS) { return path_op2(a0, a1, vfs_rename); }
static long sys_link(SYSCALL_ARGS) { return path_op2(a0, a1, vfs_link); }

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

static long sys_chdir(SYSCALL_ARGS)
{
    struct files *t = files_current();
    if (!t)
        return -ENOMEM;
    char *path;
    long r = path_in(a0, &path);
    if (r < 0)
        return r;
    struct inode *dir;
    char *abs = kmalloc(PATH_MAX);
    r = abs ? vfs_lookup(t->cwd, path, 0, &dir, NULL, NULL) : -ENOMEM;
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

static long sys_getcwd(SYSCALL_ARGS)
{
    struct files *t = files_current();
    if (!t)
        return -ENOMEM;
    size_t len = strlen(t->cwd_path) + 1;
    if (a1 < len)
        return -ERANGE;
    return copy_to_user((void *)a0, t->cwd_path, len, MECH_SYSCALL_ARGS) ? -EFAULT : (long)len;
}

static void sync_everything(void)
{
    vfs_sync();
    pcache_sync(NULL);
}

static long sys_sync(SYSCALL_ARGS)
{
    sync_everything();
    return 0;
}

/* Program files for execve: the file's own page-cache pages. */
static struct page *inode_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct inode *ino = obj;
    if (pgoff * PAGE_SIZE >= ino->size)
        return NULL;
    int err;
    return pcache_get_io(&ino->mapping, pgoff, MECH_EXEC, &err, waited_for_io);
}

static struct pcache_mapping *inode_page_cache(void *obj)
{
    return &((struct inode *)obj)->mapping;
}

static void inode_describe(void *obj, struct vm_object_info *out)
{
    struct inode *ino = obj;
    out->dev_major = ino->sb ? RDEV_MAJOR(ino->sb->dev_id) : 0;
    out->dev_minor = ino->sb ? RDEV_MINOR(ino->sb->dev_id) : 0;
    out->ino = ino->ino;
    out->name[0] = '\0';
}

static void inode_hold(void *obj) { inode_get(obj); }
static void inode_release(void *obj) { inode_put(obj); }

static const struct vm_backing_ops inode_backing = {
    .get_page = inode_get_page,
    .hold = inode_hold,
    .release = inode_release,
    .page_cache = inode_page_cache,
    .describe = inode_describe,
};

static int exec_open(const char *path, struct exec_file *out)
{
    struct inode *ino;
    int r = vfs_lookup(cwd_inode(), path, 0, &ino, NULL, NULL);
    if (r)
        return r;
    if (S_ISDIR(ino->mode) || !S_ISREG(ino->mode) || !(ino->mode & S_IXANY)) {
        inode_put(ino);
        return -EACCES;
    }
    *out = (struct exec_file){ &inode_backing, ino, ino->size };
    return 0;
}

void sys_path_init(void)
{
    syscall_register(NR_open, sys_open);
    syscall_register(NR_openat, sys_openat);
    syscall_register(NR_stat, sys_stat);
    syscall_register(NR_lstat, sys_lstat);
    syscall_register(NR_newfstatat, sys_newfstatat);
    syscall_register(NR_mkdir, sys_mkdir);
    syscall_register(NR_rmdir, sys_rmdir);
    syscall_register(NR_unlink, sys_unlink);
    syscall_register(NR_rename, sys_rename);
    syscall_register(NR_link, sys_link);
    syscall_register(NR_chdir, sys_chdir);
    syscall_register(NR_getcwd, sys_getcwd);
    syscall_register(NR_sync, sys_sync);
    exec_open_hook = exec_open;
    reboot_sync_hook = sync_everything;
}
