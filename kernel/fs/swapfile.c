/*
 * kernel/fs/swapfile.c: swapon and swapoff by path (see swapfile.h).
 *
 * A block device is one run of bytes from 0, claimed for swap (no mount,
 * no second swapon).  A regular file is asked for its runs of disk bytes
 * (inode_ops.bmap, Linux's bmap): it must have no holes and keep each
 * page contiguous on one disk, and is marked a swap file for as long as
 * it is one (no writes, truncation or unlink), as Linux does: swap reads
 * and writes its blocks directly, past the page cache and the file system.
 */
#include "kernel/fs/swapfile.h"
#include "kernel/drivers/blk_swap.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/swap.h"

struct swapfile {
    struct blk_swap *bs;
    struct inode *inode;    /* held while active */
    struct blkdev *claimed; /* a whole device, or NULL */
};

static void sf_read(void *io, struct page **pages, const uint64_t *slots, unsigned n)
{
    blk_swap_read(((struct swapfile *)io)->bs, pages, slots, n);
}

static int sf_write(void *io, struct page **pages, const uint64_t *slots, unsigned n)
{
    return blk_swap_write(((struct swapfile *)io)->bs, pages, slots, n);
}

static void sf_release(void *io)
{
    struct swapfile *sf = io;
    if (sf->claimed)
        blkdev_release(sf->claimed);
    else
        sf->inode->swapfile = false;
    inode_put(sf->inode);
    blk_swap_free(sf->bs);
    kfree(sf);
}

static const struct swap_io_ops swapfile_ops = { sf_read, sf_write, sf_release };

/* The runs of a swap file's first pages pages, into bs (NULL: only
   counted).  The number of runs, or -errno. */
static long file_runs(struct inode *ino, uint64_t pages, struct blk_swap *bs,
                      struct blkdev **dev_out)
{
    long count = 0;
    struct blkdev *dev0 = NULL;
    for (uint64_t page = 0; page < pages;) {
        uint64_t len = (pages - page) * PAGE_SIZE, byte;
        struct blkdev *dev;
        int err = ino->iops->bmap(ino, page * PAGE_SIZE, &len, &dev, &byte);
        if (err == -ENXIO) {
            pr_err("swapon: swapfile has holes\n");
            return -EINVAL;
        }
        if (err)
            return err;
        if (len < PAGE_SIZE || byte % SECTOR_SIZE || (dev0 && dev != dev0)) {
            pr_err("swapon: swapfile has a discontiguous page\n");
            return -EINVAL;
        }
        dev0 = dev;
        uint64_t run = len / PAGE_SIZE;
        struct blk_swap_extent *prev = count && bs ? &bs->ext[count - 1] : NULL;
        if (prev && prev->byte + prev->pages * PAGE_SIZE == byte) {
            prev->pages += run;
        } else if (bs) {
            bs->ext[count++] = (struct blk_swap_extent){ page, run, byte };
        } else {
            count++; /* counted apart from merges only when filling: an upper bound */
        }
        page += run;
    }
    *dev_out = dev0;
    return count;
}

static int prepare_file(struct inode *ino, struct swapfile *sf, uint64_t *pages, long *runs)
{
    if (!ino->iops || !ino->iops->bmap)
        return -EINVAL; /* a memory or synthetic file system: nothing to write to */
    if (ino->swapfile)
        return -EBUSY;
    *pages = ino->size / PAGE_SIZE;
    if (*pages == 0)
        return -EINVAL;
    struct blkdev *dev;
    long n = file_runs(ino, *pages, NULL, &dev);
    if (n < 0)
        return (int)n;
    if (!(sf->bs = blk_swap_alloc(dev, (unsigned)n)))
        return -ENOMEM;
    n = file_runs(ino, *pages, sf->bs, &dev);
    if (n < 0)
        return (int)n;
    sf->bs->count = (unsigned)n;
    *runs = n;
    ino->swapfile = true;
    return 0;
}

static int prepare_device(struct inode *ino, struct swapfile *sf, uint64_t *pages)
{
    struct blkdev *dev = blkdev_by_devt(ino->rdev);
    if (!dev)
        return -ENXIO;
    if (blkdev_claim(dev, "swap"))
        return -EBUSY;
    sf->claimed = dev;
    *pages = dev->sectors * SECTOR_SIZE / PAGE_SIZE;
    if (!(sf->bs = blk_swap_alloc(dev, 1)))
        return -ENOMEM;
    sf->bs->ext[0] = (struct blk_swap_extent){ 0, *pages, 0 };
    return 0;
}

/* swapon and swapoff: the list of areas locked, and the inode at path; on
   an error, neither. */
static int lock_areas_and_look_up(struct inode *cwd, const char *path, struct inode **ino)
{
    int err = swap_lock_areas();
    if (err)
        return err;
    if ((err = vfs_lookup(cwd, path, 0, ino, NULL, NULL)))
        swap_unlock_areas();
    return err;
}

int swapfile_on(struct inode *cwd, const char *path, const char *name, int flags)
{
    if (flags & ~SWAP_FLAGS_VALID)
        return -EINVAL;
    struct inode *ino;
    int err = lock_areas_and_look_up(cwd, path, &ino);
    if (err)
        return err;
    struct swapfile *sf = kzalloc(sizeof *sf);
    uint64_t pages = 0;
    long runs = 1;
    if (!sf)
        err = -ENOMEM;
    else if (S_ISBLK(ino->mode))
        err = prepare_device(ino, sf, &pages);
    else if (S_ISREG(ino->mode))
        err = prepare_file(ino, sf, &pages, &runs);
    else
        err = -EINVAL;
    if (!err) {
        sf->inode = ino;
        struct swap_area_desc d = {
            &swapfile_ops,
            sf,
            sf->claimed ? (const void *)sf->claimed : (const void *)ino,
            name,
            !!sf->claimed,
            pages,
            (unsigned)runs,
            flags,
        };
        err = swap_area_add(&d);
        if (err)
            sf_release(sf);
    } else {
        if (sf && sf->claimed)
            blkdev_release(sf->claimed);
        if (sf && !sf->claimed && sf->bs)
            ino->swapfile = false;
        if (sf)
            blk_swap_free(sf->bs);
        kfree(sf);
        inode_put(ino);
    }
    swap_unlock_areas();
    return err;
}

int swapfile_off(struct inode *cwd, const char *path)
{
    struct inode *ino;
    int err = lock_areas_and_look_up(cwd, path, &ino);
    if (err)
        return err;
    const void *key = ino;
    if (S_ISBLK(ino->mode))
        key = blkdev_by_devt(ino->rdev);
    err = key && swap_area_active(key) ? swap_area_remove(key) : -EINVAL;
    inode_put(ino);
    swap_unlock_areas();
    return err;
}
