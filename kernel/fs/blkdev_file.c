/*
 * kernel/fs/blkdev_file.c: /dev/vda, /dev/vdb, ... opened as files: reading
 * a disk's bytes through its page cache (the one the file systems' metadata
 * uses), so that `hexdump -C /dev/vdb` shows a swap header.  Read-only here:
 * nothing in pagelab writes a raw disk, and a disk in use by swap or a
 * mounted file system must not be written under them.
 */
#include "kernel/fs/blkdev_file.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/lib/errno.h"

static struct blkdev *dev_of(struct file *f) { return blkdev_by_devt(f->inode->rdev); }

static uint64_t size_of(struct blkdev *dev) { return dev->sectors * SECTOR_SIZE; }

static long bdev_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct blkdev *dev = dev_of(f);
    if (!dev)
        return -ENXIO;
    uint64_t size = size_of(dev);
    if (*pos >= size)
        return 0;
    if (n > size - *pos)
        n = (size_t)(size - *pos);
    size_t done = 0;
    while (done < n) {
        uint64_t at = *pos + done;
        uint32_t off = at % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - off < n - done ? PAGE_SIZE - off : n - done;
        int err;
        struct page *p = pcache_get(&dev->mapping, at / PAGE_SIZE, MECH_FILE_READ, &err);
        if (!p)
            return done ? (long)done : err;
        long e = iobuf_copy_out(buf, done, (uint8_t *)page_to_virt(p) + off, chunk);
        pcache_put(p);
        if (e)
            return done ? (long)done : e;
        done += chunk;
    }
    *pos += done;
    return (long)done;
}

static long bdev_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    return -EPERM;
}

static int64_t bdev_lseek(struct file *f, int64_t off, int whence)
{
    struct blkdev *dev = dev_of(f);
    if (!dev)
        return -ENXIO;
    int64_t base = whence == SEEK_SET   ? 0
                   : whence == SEEK_CUR ? (int64_t)f->pos
                   : whence == SEEK_END ? (int64_t)size_of(dev)
                                        : -1;
    if (base < 0 || base + off < 0)
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (int64_t)f->pos;
}

static int bdev_open(struct inode *ino, struct file *f) { return dev_of(f) ? 0 : -ENXIO; }

const struct file_ops blkdev_file_ops = {
    .open = bdev_open,
    .read = bdev_read,
    .write = bdev_write,
    .lseek = bdev_lseek,
};
