/*
 * kernel/fs/namespace.c: operations on names (stat, mkdir, rmdir, unlink,
 * link, rename, mknod, truncate).  The generic checks live here, with the
 * errors Linux gives; the file system does the rest through inode_ops.
 */
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/sleeplock.h"
#include "kernel/lib/string.h"

/* Every change of a directory's names (create, mkdir, mknod, rmdir,
   unlink, link, rename) holds this lock from its lookups to its last
   write: each checks that a name is free or present and then acts, and the
   file system may sleep on the disk in between.  Without it two mkdirs of
   one name both found it free and ext2 got two entries (found by sysfuzz).
   Linux locks each directory (i_rwsem); one lock for all is simpler and
   enough for a teaching kernel on one CPU. */
struct sleeplock namespace_lock = SLEEPLOCK_INIT(namespace_lock);

static bool is_dot(const char *n, size_t len) { return len == 1 && n[0] == '.'; }
static bool is_dotdot(const char *n, size_t len) { return len == 2 && n[0] == '.' && n[1] == '.'; }

static bool has_trailing_slash(const char *path)
{
    size_t n = strnlen(path, PATH_MAX);
    return n > 0 && path[n - 1] == '/';
}

int vfs_stat(struct inode *cwd, const char *path, struct kstat *st)
{
    struct inode *ino;
    int err = vfs_lookup(cwd, path, 0, &ino, NULL, NULL);
    if (err)
        return err;
    inode_fill_kstat(ino, st);
    inode_put(ino);
    return 0;
}

/* Looks up the parent and checks the final name does not already exist. */
static int parent_for_new(struct inode *cwd, const char *path, struct inode **dir,
                          const char **name, size_t *len)
{
    int err = vfs_lookup(cwd, path, LOOKUP_PARENT, dir, name, len);
    if (err)
        return err;
    if (is_dot(*name, *len) || is_dotdot(*name, *len)) {
        inode_put(*dir);
        return -EEXIST;
    }
    struct inode *existing;
    err = (*dir)->iops->lookup(*dir, *name, *len, &existing);
    if (err == 0) {
        inode_put(existing);
        inode_put(*dir);
        return -EEXIST;
    }
    if (err != -ENOENT) {
        inode_put(*dir);
        return err;
    }
    return 0;
}

static int mkdir_locked(struct inode *cwd, const char *path, uint32_t mode)
{
    struct inode *dir;
    const char *name;
    size_t len;
    int err = parent_for_new(cwd, path, &dir, &name, &len);
    if (err)
        return err;
    err = dir->iops->mkdir ? dir->iops->mkdir(dir, name, len, mode) : -EPERM;
    inode_put(dir);
    return err;
}

int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode)
{
    sleeplock_acquire(&namespace_lock);
    int err = mkdir_locked(cwd, path, mode);
    sleeplock_release(&namespace_lock);
    return err;
}

static int mknod_locked(struct inode *cwd, const char *path, uint32_t mode, uint32_t rdev)
{
    struct inode *dir;
    const char *name;
    size_t len;
    int err = parent_for_new(cwd, path, &dir, &name, &len);
    if (err)
        return err;
    err = dir->iops->mknod ? dir->iops->mknod(dir, name, len, mode, rdev) : -EPERM;
    inode_put(dir);
    return err;
}

int vfs_mknod(struct inode *cwd, const char *path, uint32_t mode, uint32_t rdev)
{
    sleeplock_acquire(&namespace_lock);
    int err = mknod_locked(cwd, path, mode, rdev);
    sleeplock_release(&namespace_lock);
    return err;
}

/* Looks up the parent and the existing final component. */
static int parent_and_child(struct inode *cwd, const char *path, struct inode **dir,
                            const char **name, size_t *len, struct inode **child)
{
    int err = vfs_lookup(cwd, path, LOOKUP_PARENT, dir, name, len);
    if (err)
        return err;
    err = (*dir)->iops->lookup(*dir, *name, *len, child);
    if (err)
        inode_put(*dir);
    return err;
}

static int rmdir_locked(struct inode *cwd, const char *path)
{
    struct inode *dir, *victim;
    const char *name;
    size_t len;
    int err = parent_and_child(cwd, path, &dir, &name, &len, &victim);
    if (err)
        return err;
    if (is_dot(name, len))
        err = -EINVAL;
    else if (is_dotdot(name, len))
        err = -ENOTEMPTY;
    else if (!S_ISDIR(victim->mode))
        err = -ENOTDIR;
    else if (victim->mounted || victim == victim->sb->root)
        err = -EBUSY;
    inode_put(victim);
    if (!err)
        err = dir->iops->rmdir ? dir->iops->rmdir(dir, name, len) : -EPERM;
    inode_put(dir);
    return err;
}

int vfs_rmdir(struct inode *cwd, const char *path)
{
    sleeplock_acquire(&namespace_lock);
    int err = rmdir_locked(cwd, path);
    sleeplock_release(&namespace_lock);
    return err;
}

static int unlink_locked(struct inode *cwd, const char *path)
{
    struct inode *dir, *victim;
    const char *name;
    size_t len;
    int err = parent_and_child(cwd, path, &dir, &name, &len, &victim);
    if (err)
        return err;
    if (S_ISDIR(victim->mode))
        err = -EISDIR;
    else if (has_trailing_slash(path))
        err = -ENOTDIR;
    inode_put(victim);
    if (!err)
        err = dir->iops->unlink ? dir->iops->unlink(dir, name, len) : -EPERM;
    inode_put(dir);
    return err;
}

int vfs_unlink(struct inode *cwd, const char *path)
{
    sleeplock_acquire(&namespace_lock);
    int err = unlink_locked(cwd, path);
    sleeplock_release(&namespace_lock);
    return err;
}

static int link_locked(struct inode *cwd, const char *oldpath, const char *newpath)
{
    struct inode *target;
    int err = vfs_lookup(cwd, oldpath, 0, &target, NULL, NULL);
    if (err)
        return err;
    struct inode *dir;
    const char *name;
    size_t len;
    if ((err = parent_for_new(cwd, newpath, &dir, &name, &len))) {
        inode_put(target);
        return err;
    }
    if (S_ISDIR(target->mode))
        err = -EPERM;
    else if (dir->sb != target->sb)
        err = -EXDEV;
    else
        err = dir->iops->link ? dir->iops->link(dir, name, len, target) : -EPERM;
    inode_put(dir);
    inode_put(target);
    return err;
}

int vfs_link(struct inode *cwd, const char *oldpath, const char *newpath)
{
    sleeplock_acquire(&namespace_lock);
    int err = link_locked(cwd, oldpath, newpath);
    sleeplock_release(&namespace_lock);
    return err;
}

/* Is dir the directory moved, or inside it?  Walks ".." up to the root. */
static int inside(struct inode *dir, struct inode *moved)
{
    struct inode *cur = dir;
    inode_get(cur);
    for (int depth = 0; depth < 4096; depth++) {
        if (cur == moved) {
            inode_put(cur);
            return 1;
        }
        if (cur == cur->sb->root) {
            inode_put(cur);
            return 0;
        }
        struct inode *up;
        int err = cur->iops->lookup(cur, "..", 2, &up);
        inode_put(cur);
        if (err)
            return err;
        cur = up;
    }
    inode_put(cur);
    return -ELOOP;
}

static int rename_locked(struct inode *cwd, const char *oldpath, const char *newpath)
{
    struct inode *odir, *ndir, *src;
    const char *oname, *nname;
    size_t olen, nlen;
    int err = parent_and_child(cwd, oldpath, &odir, &oname, &olen, &src);
    if (err)
        return err;
    if ((err = vfs_lookup(cwd, newpath, LOOKUP_PARENT, &ndir, &nname, &nlen)))
        goto out_src;
    if (is_dot(oname, olen) || is_dotdot(oname, olen) || is_dot(nname, nlen) ||
        is_dotdot(nname, nlen))
        err = -EBUSY;
    else if (odir->sb != ndir->sb)
        err = -EXDEV;
    else if (!S_ISDIR(src->mode) && (has_trailing_slash(oldpath) || has_trailing_slash(newpath)))
        err = -ENOTDIR;
    else if (S_ISDIR(src->mode) && (err = inside(ndir, src)) == 1)
        err = -EINVAL; /* a directory cannot move into itself */
    if (!err)
        err =
            odir->iops->rename ? odir->iops->rename(odir, oname, olen, ndir, nname, nlen) : -EPERM;
    inode_put(ndir);
out_src:
    inode_put(src);
    inode_put(odir);
    return err;
}

int vfs_rename(struct inode *cwd, const char *oldpath, const char *newpath)
{
    sleeplock_acquire(&namespace_lock);
    int err = rename_locked(cwd, oldpath, newpath);
    sleeplock_release(&namespace_lock);
    return err;
}

int vfs_truncate(struct inode *cwd, const char *path, int64_t size)
{
    struct inode *ino;
    if (size < 0)
        return -EINVAL;
    int err = vfs_lookup(cwd, path, 0, &ino, NULL, NULL);
    if (err)
        return err;
    if (S_ISDIR(ino->mode))
        err = -EISDIR;
    else if (!S_ISREG(ino->mode) || !ino->iops->setsize)
        err = -EINVAL;
    else
        err = ino->iops->setsize(ino, (uint64_t)size);
    inode_put(ino);
    return err;
}
