/*
 * kernel/fs/memfs/dir.c: memfs directories: a list of (name, inode)
 * entries in memory, and the name-space operations over it.  The VFS has
 * already resolved the parent and checked the generic rules (EEXIST,
 * ENOTDIR, EXDEV, a directory moved into itself); these check the rest as
 * Linux's simple_* helpers do.
 */
#include "kernel/fs/memfs/memfs_internal.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

struct memfs_dirent *memfs_dir_find(struct inode *dir, const char *name, size_t len)
{
    struct list_head *pos;
    list_for_each(pos, &MEMFS_I(dir)->entries)
    {
        struct memfs_dirent *d = list_entry(pos, struct memfs_dirent, link);
        if (d->len == len && memcmp(d->name, name, len) == 0)
            return d;
    }
    return NULL;
}

static int memfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    struct inode *found = NULL;
    if (len == 1 && name[0] == '.') {
        found = dir;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        found = MEMFS_I(dir)->parent;
    } else {
        struct memfs_dirent *d = memfs_dir_find(dir, name, len);
        if (d)
            found = d->inode;
    }
    if (!found)
        return -ENOENT;
    inode_get(found);
    *out = found;
    return 0;
}

/* Enters inode i in dir under name (no link count change). */
static int add_entry(struct inode *dir, const char *name, size_t len, struct inode *i)
{
    struct memfs_dirent *d = kmalloc(sizeof *d + len + 1);
    if (!d)
        return -ENOMEM;
    memcpy(d->name, name, len);
    d->name[len] = '\0';
    d->len = len;
    d->inode = i;
    d->pos = MEMFS_I(dir)->next_pos++;
    list_add_tail(&d->link, &MEMFS_I(dir)->entries);
    dir->mtime = dir->ctime = vfs_now();
    return 0;
}

static void remove_entry(struct inode *dir, struct memfs_dirent *d)
{
    list_del(&d->link);
    kfree(d);
    dir->mtime = dir->ctime = vfs_now();
}

/* One link fewer; the caller holds a reference, whose inode_put frees an
   inode left without links. */
static void drop_link(struct inode *i)
{
    i->nlink--;
    i->ctime = vfs_now();
}

static int make_node(struct inode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev,
                     struct inode **out)
{
    struct inode *i = memfs_new_inode(dir->sb, mode, rdev, S_ISDIR(mode) ? dir : NULL);
    if (!i)
        return -ENOMEM;
    inode_init_owner(i, dir);
    int err = add_entry(dir, name, len, i);
    if (err) {
        i->nlink = 0;
        inode_put(i);
        return err;
    }
    if (S_ISDIR(mode))
        dir->nlink++;
    if (out)
        *out = i;
    else
        inode_put(i);
    return 0;
}

static int memfs_create_file(struct inode *dir, const char *name, size_t len, uint32_t mode,
                             struct inode **out)
{
    return make_node(dir, name, len, S_IFREG | (mode & 07777), 0, out);
}

static int memfs_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode,
                       uint32_t rdev)
{
    if (!S_ISCHR(mode) && !S_ISREG(mode) && !S_ISFIFO(mode))
        return -EPERM; /* only what the rest of pagelab can open */
    return make_node(dir, name, len, mode, S_ISCHR(mode) ? rdev : 0, NULL);
}

static int memfs_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode)
{
    return make_node(dir, name, len, S_IFDIR | (mode & 07777), 0, NULL);
}

static int memfs_unlink(struct inode *dir, const char *name, size_t len)
{
    struct memfs_dirent *d = memfs_dir_find(dir, name, len);
    if (!d)
        return -ENOENT;
    struct inode *i = d->inode;
    if (S_ISDIR(i->mode))
        return -EISDIR;
    inode_get(i);
    remove_entry(dir, d);
    drop_link(i);
    inode_put(i);
    return 0;
}

static int memfs_rmdir(struct inode *dir, const char *name, size_t len)
{
    struct memfs_dirent *d = memfs_dir_find(dir, name, len);
    if (!d)
        return -ENOENT;
    struct inode *i = d->inode;
    if (!S_ISDIR(i->mode))
        return -ENOTDIR;
    if (!list_empty(&MEMFS_I(i)->entries))
        return -ENOTEMPTY;
    inode_get(i);
    remove_entry(dir, d);
    i->nlink = 0;
    drop_link(dir);
    inode_put(i);
    return 0;
}

static int memfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
    int err = add_entry(dir, name, len, target);
    if (err)
        return err;
    target->nlink++;
    target->ctime = vfs_now();
    return 0;
}

/* A directory moves to a new parent: its ".." and both link counts follow. */
static void reparent(struct inode *i, struct inode *odir, struct inode *ndir)
{
    inode_get(ndir);
    MEMFS_I(i)->parent = ndir;
    inode_put(odir);
    drop_link(odir);
    ndir->nlink++;
}

/* Replaces dst (the entry of ndir named nname) by src: the checks of
   rename(2) between their types. */
static int drop_target(struct inode *ndir, struct memfs_dirent *dd, struct inode *src)
{
    struct inode *dst = dd->inode;
    if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
        return -ENOTDIR;
    if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
        return -EISDIR;
    if (S_ISDIR(dst->mode) && !list_empty(&MEMFS_I(dst)->entries))
        return -ENOTEMPTY;
    inode_get(dst);
    remove_entry(ndir, dd);
    if (S_ISDIR(dst->mode)) {
        dst->nlink = 0;
        drop_link(ndir);
    } else {
        drop_link(dst);
    }
    inode_put(dst);
    return 0;
}

static int memfs_rename(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
                        const char *nname, size_t nlen)
{
    struct memfs_dirent *sd = memfs_dir_find(odir, oname, olen);
    if (!sd)
        return -ENOENT;
    struct inode *src = sd->inode;
    struct memfs_dirent *dd = memfs_dir_find(ndir, nname, nlen);
    if (dd && dd->inode == src)
        return 0; /* two names of one file: nothing to do (POSIX) */
    /* The new entry first: running out of memory leaves everything as it was. */
    struct memfs_dirent *nd = kmalloc(sizeof *nd + nlen + 1);
    if (!nd)
        return -ENOMEM;
    if (dd) {
        int err = drop_target(ndir, dd, src);
        if (err) {
            kfree(nd);
            return err;
        }
    }
    memcpy(nd->name, nname, nlen);
    nd->name[nlen] = '\0';
    nd->len = nlen;
    nd->inode = src;
    nd->pos = MEMFS_I(ndir)->next_pos++;
    list_add_tail(&nd->link, &MEMFS_I(ndir)->entries);
    remove_entry(odir, sd);
    ndir->mtime = ndir->ctime = vfs_now();
    if (S_ISDIR(src->mode) && odir != ndir)
        reparent(src, odir, ndir);
    src->ctime = vfs_now();
    return 0;
}

const struct inode_ops memfs_dir_iops = {
    .lookup = memfs_lookup,
    .create = memfs_create_file,
    .mknod = memfs_mknod,
    .mkdir = memfs_mkdir,
    .rmdir = memfs_rmdir,
    .unlink = memfs_unlink,
    .link = memfs_link,
    .rename = memfs_rename,
    .evict = memfs_evict,
};

static uint8_t dirent_type(uint32_t mode)
{
    return S_ISDIR(mode) ? DT_DIR : S_ISCHR(mode) ? DT_CHR : S_ISREG(mode) ? DT_REG : DT_UNKNOWN;
}

/* Copies one record to the caller at offset used: its length, 0 if it
   does not fit in n, or -EFAULT. */
static long put_record(struct iobuf *buf, size_t used, size_t n, uint64_t ino, uint64_t next,
                       uint32_t mode, const char *name, size_t len)
{
    size_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~(size_t)7;
    if (used + reclen > n)
        return 0;
    uint8_t rec[sizeof(struct linux_dirent64) + NAME_MAX + 8];
    memset(rec, 0, reclen);
    struct linux_dirent64 *de = (struct linux_dirent64 *)rec;
    de->d_ino = ino;
    de->d_off = (int64_t)next;
    de->d_reclen = (uint16_t)reclen;
    de->d_type = dirent_type(mode);
    memcpy(de->d_name, name, len);
    return iobuf_copy_out(buf, used, rec, reclen) ? -EFAULT : (long)reclen;
}

/* f->pos is the position of the next entry to return: 0 ".", 1 "..", then
   the entries' own positions, which stay valid when others are removed. */
static long memfs_getdents64(struct file *f, struct iobuf *buf, size_t n)
{
    struct inode *dir = f->inode;
    struct memfs_inode *md = MEMFS_I(dir);
    size_t used = 0;
    long r;
    while (f->pos < MEMFS_FIRST_POS) {
        bool dot = f->pos == 0;
        struct inode *i = dot ? dir : md->parent;
        r = put_record(buf, used, n, i->ino, f->pos + 1, S_IFDIR, dot ? "." : "..", dot ? 1 : 2);
        if (r <= 0)
            goto out;
        used += (size_t)r;
        f->pos++;
    }
    struct list_head *pos;
    list_for_each(pos, &md->entries)
    {
        struct memfs_dirent *d = list_entry(pos, struct memfs_dirent, link);
        if (d->pos < f->pos)
            continue;
        r = put_record(buf, used, n, d->inode->ino, d->pos + 1, d->inode->mode, d->name, d->len);
        if (r <= 0)
            goto out;
        used += (size_t)r;
        f->pos = d->pos + 1;
    }
    return (long)used;
out:
    if (r < 0)
        return used ? (long)used : r;
    return used ? (long)used : -EINVAL; /* not even one record fits */
}

static int64_t memfs_dir_lseek(struct file *f, int64_t off, int whence)
{
    if (whence == SEEK_CUR)
        off += (int64_t)f->pos;
    else if (whence != SEEK_SET)
        return -EINVAL;
    if (off < 0)
        return -EINVAL;
    f->pos = (uint64_t)off;
    return off;
}

const struct file_ops memfs_dir_fops = {
    .getdents64 = memfs_getdents64,
    .lseek = memfs_dir_lseek,
};
