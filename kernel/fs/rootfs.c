/*
 * kernel/fs/rootfs.c: storage bring-up.  The root file system is the ext2
 * image on the first virtio disk ("vda").  File times come from the CMOS
 * clock read at boot: until a timer keeps time, every time stamp of a boot
 * is its boot time.
 */
#include "kernel/fs/rootfs.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/rtc.h"
#include "kernel/drivers/virtio_blk.h"
#include "kernel/fs/ext2/ext2.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"

static int64_t boot_epoch;

static int64_t boot_clock(void)
{
    return boot_epoch;
}

int storage_init(void)
{
    boot_epoch = rtc_read_epoch();
    vfs_set_clock(boot_clock);
    pci_init();
    int err = virtio_blk_init();
    if (err)
        return err;
    struct blkdev *dev = blkdev_find("vda");
    struct super_block *sb;
    if (!dev)
        return -ENODEV;
    if ((err = ext2_mount(dev, &sb))) {
        printk("rootfs: cannot mount vda (%d)\n", err);
        return err;
    }
    return vfs_mount_root(sb);
}
