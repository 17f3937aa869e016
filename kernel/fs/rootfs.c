/*
 * kernel/fs/rootfs.c: mounting the root file system: the ext2 image on the
 * first virtio disk ("vda").
 */
#include "kernel/fs/rootfs.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/fs/ext2/ext2.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"

int rootfs_mount(void)
{
    struct blkdev *dev = blkdev_find("vda");
    int err;
    struct super_block *sb;
    if (!dev)
        return -ENODEV;
    if ((err = ext2_mount(dev, &sb))) {
        pr_err("rootfs: cannot mount vda (%d)\n", err);
        return err;
    }
    blkdev_claim(dev, "ext2"); /* mounted: not swap (swapon says EBUSY) */
    return vfs_mount_root(sb);
}
