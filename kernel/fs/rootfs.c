/*
 * kernel/fs/rootfs.c: storage bring-up.  The root file system is the ext2
 * image on the first virtio disk ("vda").  File times are the date read
 * from the CMOS clock at boot plus the kernel's monotonic clock.
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
static uint64_t (*clock_ns)(void);

static int64_t wall_clock(void)
{
    return boot_epoch + (int64_t)(clock_ns() / 1000000000u);
}

void storage_idle(uint64_t now_ns)
{
    pcache_periodic_writeback(now_ns);
}

int storage_init(uint64_t (*monotonic_ns)(void))
{
    clock_ns = monotonic_ns;
    boot_epoch = rtc_read_epoch() - (int64_t)(monotonic_ns() / 1000000000u);
    vfs_set_clock(wall_clock);
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
