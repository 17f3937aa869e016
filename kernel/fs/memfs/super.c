/*
 * kernel/fs/memfs/super.c: memfs instances and where they are mounted at
 * boot: /dev/shm always, /tmp with "tmp=mem" on the kernel command line
 * (so a test that wants its scratch files in memory gets them there).
 */
#include "kernel/fs/devfs.h"
#include "kernel/fs/memfs/memfs_internal.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"

/* Anonymous device numbers 0:N name each instance (stat's st_dev, the maps
   column), away from ext2's, which count up from 0:1. */
#define MEMFS_FIRST_MINOR 16
#define MEMFS_ROOT_INO    1 /* as Linux's tmpfs */

static const struct super_ops memfs_super_ops = { 0 };
static unsigned next_minor = MEMFS_FIRST_MINOR;

struct super_block *memfs_create(uint64_t max_pages)
{
    struct memfs_sb *sb = kzalloc(sizeof *sb);
    if (!sb)
        return NULL;
    super_init(&sb->vfs, &memfs_super_ops, "tmpfs");
    sb->vfs.dev_id = MKDEV(0, next_minor++);
    sb->vfs.fs = sb;
    sb->next_ino = MEMFS_ROOT_INO;
    sb->max_pages = max_pages;
    /* Linux's tmpfs root: sticky and writable by everyone, like /tmp. */
    sb->vfs.root = memfs_new_inode(&sb->vfs, S_IFDIR | 01777, 0, NULL);
    if (!sb->vfs.root) {
        kfree(sb);
        return NULL;
    }
    return &sb->vfs;
}

/* Linux's default tmpfs size: half of RAM. */
uint64_t memfs_default_limit(void)
{
    struct frame_stats fs;
    frame_stats(&fs);
    return fs.total / 2;
}

int memfs_mount_boot(const char *cmdline)
{
    struct super_block *shm = memfs_create(memfs_default_limit());
    if (!shm)
        return -ENOMEM;
    int err = devfs_mount_dir("shm", shm);
    if (err) {
        pr_err("memfs: cannot mount /dev/shm (%d)\n", err);
        return err;
    }
    char tmp[8];
    if (cmdline_get(cmdline, "tmp", tmp, sizeof tmp) && strcmp(tmp, "mem") == 0) {
        struct super_block *t = memfs_create(memfs_default_limit());
        if (!t)
            return -ENOMEM;
        if ((err = mount_on_dir("/tmp", t)))
            return err;
        pr_info("memfs: /tmp is in memory (tmp=mem)\n");
    }
    return 0;
}

void memfs_destroy(struct super_block *vsb)
{
    struct inode *root = vsb->root;
    if (vsb->covered || !list_empty(&MEMFS_I(root)->entries))
        panic("memfs_destroy: instance %p is mounted or not empty", (void *)vsb);
    root->nlink = 0;
    inode_put(root); /* the instance's own reference: evicts it */
    kfree(MEMFS_SB(vsb));
}
