/*
 * kernel/fs/vfs.c: in-memory inodes, mounts, the clock file systems stamp
 * times with, and the character-device registry.
 */
#include "kernel/fs/vfs.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"

static struct super_block *root_sb;

struct chrdev {
    const char *name;
    const struct file_ops *fops;
};
static struct chrdev chrdevs[CHRDEV_MAJOR_MAX];

int64_t vfs_now(void) { return (int64_t)(clock_realtime_ns() / NSEC_PER_SEC); }

void super_init(struct super_block *sb, const struct super_ops *ops, const char *type)
{
    memset(sb, 0, sizeof *sb);
    sb->ops = ops;
    sb->type = type;
    list_init(&sb->inodes);
}

void inode_init(struct inode *ino, struct super_block *sb, uint64_t number)
{
    memset(ino, 0, sizeof *ino);
    ino->sb = sb;
    ino->ino = number;
    ino->refcount = 1;
    list_init(&ino->sb_link);
}

struct inode *inode_find(struct super_block *sb, uint64_t number)
{
    struct list_head *pos;
    list_for_each(pos, &sb->inodes)
    {
        struct inode *i = list_entry(pos, struct inode, sb_link);
        if (i->ino == number) {
            inode_get(i);
            return i;
        }
    }
    return NULL;
}

void inode_get(struct inode *ino) { ino->refcount++; }

/* An unused inode with links stays on its super block's list (refcount 0),
   so its cached pages stay findable for the next open; one without links
   is handed to the file system to free now. */
void inode_put(struct inode *ino)
{
    if (ino->refcount <= 0)
        panic("inode_put: inode %lu refcount %d", ino->ino, ino->refcount);
    if (--ino->refcount > 0 || ino->nlink > 0)
        return;
    if (ino->iops && ino->iops->evict)
        ino->iops->evict(ino);
}

void inode_fill_kstat(struct inode *ino, struct kstat *st)
{
    memset(st, 0, sizeof *st);
    st->dev = ino->sb ? ino->sb->dev_id : 0;
    st->ino = ino->ino;
    st->mode = ino->mode;
    st->nlink = ino->nlink;
    st->uid = ino->uid;
    st->gid = ino->gid;
    st->rdev = ino->rdev;
    st->size = ino->size;
    /* A memory file system's file occupies exactly its cached pages. */
    st->blocks = ino->mapping.unevictable ? ino->mapping.nr_pages * (PAGE_SIZE / 512) : ino->blocks;
    st->blksize = PAGE_SIZE;
    st->atime = ino->atime;
    st->mtime = ino->mtime;
    st->ctime = ino->ctime;
}

int vfs_mount_root(struct super_block *sb)
{
    if (root_sb)
        return -EBUSY;
    root_sb = sb;
    return 0;
}

struct inode *vfs_root(void)
{
    if (!root_sb)
        return NULL;
    inode_get(root_sb->root);
    return root_sb->root;
}

/* Mounts sb on the directory path names.  Lookup already crosses mounts,
   so mounting on a mount point stacks on top of what is there.  A file
   system is mounted once (-EBUSY otherwise). */
int vfs_mount(struct inode *cwd, const char *path, struct super_block *sb)
{
    struct inode *dir;
    if (sb->covered || sb == root_sb)
        return -EBUSY;
    int err = vfs_lookup(cwd, path, 0, &dir, NULL, NULL);
    if (err)
        return err;
    if (!S_ISDIR(dir->mode)) {
        inode_put(dir);
        return -ENOTDIR;
    }
    if (dir->mounted) {
        inode_put(dir);
        return -EBUSY;
    }
    dir->mounted = sb; /* the mount keeps the reference on dir */
    sb->covered = dir;
    return 0;
}

int vfs_sync(void)
{
    int r = root_sb && root_sb->ops->sync ? root_sb->ops->sync(root_sb) : 0;
    int r2 = pcache_sync(NULL);
    return r ? r : r2;
}

int chrdev_register(unsigned major, const char *name, const struct file_ops *fops)
{
    if (major == 0 || major >= CHRDEV_MAJOR_MAX)
        return -EINVAL;
    if (chrdevs[major].fops)
        return -EBUSY;
    chrdevs[major].name = name;
    chrdevs[major].fops = fops;
    return 0;
}

static const struct file_ops *fifo_ops;
void fifo_register(const struct file_ops *fops) { fifo_ops = fops; }
const struct file_ops *fifo_fops(void) { return fifo_ops; }

const struct file_ops *chrdev_fops(uint32_t rdev)
{
    unsigned major = RDEV_MAJOR(rdev);
    return major < CHRDEV_MAJOR_MAX ? chrdevs[major].fops : NULL;
}
