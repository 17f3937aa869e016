/*
 * kernel/fs/path.c: path name lookup.
 *
 * Walks a path one component at a time from the root ("/...") or from the
 * caller's current directory.  "." stays, ".." goes up (and stays at the
 * root; from the root of a mounted file system it continues from the
 * directory it is mounted on), repeated and trailing slashes are allowed.
 * A directory with a file system mounted on it is replaced by that file
 * system's root.  Errors are Linux's: ENOENT for a missing component,
 * ENOTDIR for a non-directory in the middle or before a trailing slash,
 * ENAMETOOLONG for a component above NAME_MAX or a path of PATH_MAX or more,
 * EACCES for a directory the caller may not search (every directory the
 * walk passes through, the parent of the last name included, as Linux).
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/* Replaces *ino by the root of whatever is mounted on it (consumes refs). */
static void cross_mounts(struct inode **ino)
{
    while ((*ino)->mounted) {
        struct inode *root = (*ino)->mounted->root;
        inode_get(root);
        inode_put(*ino);
        *ino = root;
    }
}

static int step(struct inode **cur, const char *name, size_t len)
{
    struct inode *dir = *cur;
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    int err = inode_permission(dir, MAY_EXEC);
    if (err)
        return err;
    if (len == 1 && name[0] == '.')
        return 0;
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        struct inode *root = vfs_root();
        bool at_root = dir == root;
        inode_put(root);
        if (at_root)
            return 0;
        /* Leave mounted file systems through the directory they cover. */
        while (dir->sb->covered && dir == dir->sb->root) {
            struct inode *covered = dir->sb->covered;
            inode_get(covered);
            inode_put(dir);
            dir = covered;
        }
        *cur = dir;
    }
    struct inode *next;
    err = dir->iops && dir->iops->lookup ? dir->iops->lookup(dir, name, len, &next) : -ENOTDIR;
    if (err)
        return err;
    inode_put(dir);
    cross_mounts(&next);
    *cur = next;
    return 0;
}

int vfs_lookup(struct inode *cwd, const char *path, int flags, struct inode **out,
               const char **last, size_t *last_len)
{
    if (!path || !*path)
        return -ENOENT;
    if (strnlen(path, PATH_MAX) >= PATH_MAX)
        return -ENAMETOOLONG;
    struct inode *cur;
    if (path[0] == '/' || !cwd) {
        cur = vfs_root();
        if (!cur)
            return -ENOENT;
    } else {
        cur = cwd;
        inode_get(cur);
    }
    const char *p = path;
    for (;;) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        const char *name = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - name);
        if (len > NAME_MAX) {
            inode_put(cur);
            return -ENAMETOOLONG;
        }
        const char *rest = p;
        while (*rest == '/')
            rest++;
        if ((flags & LOOKUP_PARENT) && !*rest) {
            int err = !S_ISDIR(cur->mode) ? -ENOTDIR : inode_permission(cur, MAY_EXEC);
            if (err) {
                inode_put(cur);
                return err;
            }
            *out = cur;
            *last = name;
            *last_len = len;
            return 0;
        }
        int err = step(&cur, name, len);
        if (err) {
            inode_put(cur);
            return err;
        }
    }
    if (flags & LOOKUP_PARENT) {
        /* "/" or "a/.." style: no final name to create or remove. */
        *out = cur;
        *last = ".";
        *last_len = 1;
        return 0;
    }
    /* "file/" names a directory. */
    size_t n = strlen(path);
    if (path[n - 1] == '/' && !S_ISDIR(cur->mode)) {
        inode_put(cur);
        return -ENOTDIR;
    }
    *out = cur;
    return 0;
}
