/*
 * kernel/fs/ext2/namei.c: ext2's name-space operations (the inode_ops the
 * VFS calls).  The VFS has already resolved the parent directory and checked
 * the generic rules (EEXIST, ENOTDIR...); these check what only ext2 knows.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"

#define EXT2_LINK_MAX 32000

static int ext2_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    uint32_t ino;
    int err = ext2_dir_find(dir, name, len, &ino);
    if (err)
        return err;
    return ext2_iget(EXT2_FS(dir->sb), ino, out);
}

/* Allocates an inode, writes it (a link with its target), and enters it
   in dir. */
int ext2_make_node(struct inode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev,
                   const char *target, struct inode **out)
{
    struct ext2_fs *fs = EXT2_FS(dir->sb);
    uint32_t ino;
    int err = ext2_alloc_inode(fs, (uint32_t)dir->ino, S_ISDIR(mode), &ino);
    if (err)
        return err;
    struct inode *i = ext2_new_inode(fs, ino, mode);
    if (!i) {
        ext2_free_inode(fs, ino, S_ISDIR(mode));
        return -ENOMEM;
    }
    inode_init_owner(i, dir); /* may add S_ISGID to i->mode */
    mode = i->mode;
    if (S_ISCHR(mode)) {
        i->rdev = rdev;
        /* New encoding in i_block[1] [Linux's ext2 convention]; i_block[0] = 0. */
        EXT2_I(i)->block[1] = (RDEV_MINOR(rdev) & 0xff) | (RDEV_MAJOR(rdev) << 8);
    }
    if (S_ISDIR(mode)) {
        i->nlink = 2;
        err = ext2_dir_init(i, (uint32_t)dir->ino);
    } else if (S_ISLNK(mode)) {
        err = ext2_symlink_init(i, target);
    } else {
        err = ext2_write_inode(i);
    }
    if (!err)
        err = ext2_dir_add(dir, name, len, ino, mode);
    if (err) {
        i->nlink = 0; /* eviction gives back its blocks and number */
        inode_put(i);
        return err;
    }
    if (S_ISDIR(mode)) {
        dir->nlink++;
        ext2_write_inode(dir);
    }
    if (out)
        *out = i;
    else
        inode_put(i);
    return 0;
}

static int ext2_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
                       struct inode **out)
{
    return ext2_make_node(dir, name, len, S_IFREG | (mode & 07777), 0, NULL, out);
}

/* Device inodes, FIFOs and Unix socket inodes (bind(2) makes these:
   S_IFSOCK, no blocks; kernel/ipc/unix_addr.c). */
static int ext2_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev)
{
    if (!S_ISCHR(mode) && !S_ISSOCK(mode) && !S_ISFIFO(mode))
        return -EPERM;
    return ext2_make_node(dir, name, len, mode, rdev, NULL, NULL);
}

static int ext2_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode)
{
    if (dir->nlink >= EXT2_LINK_MAX)
        return -EMLINK;
    return ext2_make_node(dir, name, len, S_IFDIR | (mode & 07777), 0, NULL, NULL);
}

static void drop_link(struct inode *i)
{
    i->nlink--;
    i->ctime = vfs_now();
    ext2_write_inode(i);
}

static int ext2_unlink(struct inode *dir, const char *name, size_t len)
{
    struct inode *i;
    int err = ext2_lookup(dir, name, len, &i);
    if (err)
        return err;
    if (S_ISDIR(i->mode)) {
        inode_put(i);
        return -EISDIR;
    }
    if ((err = ext2_dir_remove(dir, name, len)) == 0)
        drop_link(i);
    inode_put(i);
    return err;
}

static int ext2_rmdir(struct inode *dir, const char *name, size_t len)
{
    struct inode *i;
    int err = ext2_lookup(dir, name, len, &i);
    if (err)
        return err;
    if (!S_ISDIR(i->mode)) {
        inode_put(i);
        return -ENOTDIR;
    }
    int empty = ext2_dir_is_empty(i);
    if (empty <= 0) {
        inode_put(i);
        return empty < 0 ? empty : -ENOTEMPTY;
    }
    if ((err = ext2_dir_remove(dir, name, len)) == 0) {
        i->nlink = 0; /* its "." and the entry in dir */
        i->ctime = vfs_now();
        ext2_write_inode(i);
        drop_link(dir); /* its ".." */
    }
    inode_put(i);
    return err;
}

static int ext2_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
    if (S_ISDIR(target->mode))
        return -EPERM;
    if (target->nlink >= EXT2_LINK_MAX)
        return -EMLINK;
    int err = ext2_dir_add(dir, name, len, (uint32_t)target->ino, target->mode);
    if (err)
        return err;
    target->nlink++;
    target->ctime = vfs_now();
    return ext2_write_inode(target);
}

/* The VFS has checked that ndir is not inside the moved directory. */
static int ext2_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
                       const char *nname, size_t nlen)
{
    struct inode *src, *dst = NULL;
    int err = ext2_lookup(odir, oname, olen, &src);
    if (err)
        return err;
    err = ext2_lookup(ndir, nname, nlen, &dst);
    if (err && err != -ENOENT)
        goto out;
    err = 0;
    if (dst == src)
        goto out; /* two names of one file: nothing to do (POSIX) */
    if (dst) {
        if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode)) {
            err = -ENOTDIR;
            goto out;
        }
        if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode)) {
            err = -EISDIR;
            goto out;
        }
        if (S_ISDIR(dst->mode)) {
            int empty = ext2_dir_is_empty(dst);
            if (empty <= 0) {
                err = empty < 0 ? empty : -ENOTEMPTY;
                goto out;
            }
        }
        if ((err = ext2_dir_remove(ndir, nname, nlen)))
            goto out;
        if (S_ISDIR(dst->mode)) {
            dst->nlink = 0;
            ext2_write_inode(dst);
            drop_link(ndir);
        } else {
            drop_link(dst);
        }
    }
    if ((err = ext2_dir_add(ndir, nname, nlen, (uint32_t)src->ino, src->mode)))
        goto out;
    if ((err = ext2_dir_remove(odir, oname, olen)))
        goto out;
    if (S_ISDIR(src->mode) && odir != ndir) {
        if ((err = ext2_dir_set_parent(src, (uint32_t)ndir->ino)))
            goto out;
        drop_link(odir);
        ndir->nlink++;
        ext2_write_inode(ndir);
    }
    src->ctime = vfs_now();
    ext2_write_inode(src);
out:
    if (dst)
        inode_put(dst);
    inode_put(src);
    return err;
}

const struct inode_ops ext2_inode_ops = {
    .lookup = ext2_lookup,
    .create = ext2_create,
    .mknod = ext2_mknod,
    .mkdir = ext2_mkdir,
    .rmdir = ext2_rmdir,
    .unlink = ext2_unlink,
    .link = ext2_link,
    .rename = ext2_rename,
    .symlink = ext2_symlink,
    .setsize = ext2_setsize,
    .prepare_write = ext2_prepare_write,
    .write_inode = ext2_write_inode,
    .evict = ext2_evict,
    .bmap = ext2_swap_bmap,
};
