/*
 * kernel/drivers/blkdev.c: the registry of block devices, /proc/diskstats,
 * and the page-cache operations for a block device's own contents (see
 * blkdev.h).
 */
#include "kernel/drivers/blkdev.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"

#define BLKDEV_MAX   4
/* Linux's major number for virtio disks varies; 254 is what it usually
   gets (dynamic block majors count down from 254). */
#define BLKDEV_MAJOR 254

static struct blkdev *devices[BLKDEV_MAX];

/* page->private of a cached block-device page: the bit mask of dirty 512-byte
   pieces (bit i = bytes [i*512, (i+1)*512)). */

/* Reads the pages asynchronously, each one request piece (a device page is
   contiguous on the disk), merged into requests of many pages. */
static void bdev_readpages(struct pcache_mapping *m, struct page **pages, unsigned n,
                           enum copy_mech mech)
{
    struct blkdev *dev = m->host;
    uint64_t end = dev->sectors * SECTOR_SIZE;
    struct blk_batch b;
    blk_batch_init_async(&b, dev, mech);
    for (unsigned i = 0; i < n; i++) {
        struct page *p = pages[i];
        uint64_t off = p->index * PAGE_SIZE;
        blk_read_page_begin(p);
        int err = off < end ? 0 : -EIO;
        if (!err) {
            uint32_t len = end - off < PAGE_SIZE ? (uint32_t)(end - off) : PAGE_SIZE;
            err = blk_batch_add(&b, off, p, 0, len);
        }
        blk_read_page_end(p, err);
    }
    blk_batch_submit(&b);
}

/* Writes each run of dirty pieces; runs that continue each other on the
   disk (whole dirty pages in a row) become one request.  The block
   device's own cache holds file-system metadata (superblock, bitmaps,
   inode tables, directories, indirect blocks), so its write-back is
   MECH_FS_METADATA in the ledger, apart from file data (MECH_WRITEBACK).
   A mask is cleared once its page is written, unless the page was
   dirtied again meanwhile (then its pieces are written next time, the
   old ones with them: they hold the current bytes). */
static int bdev_writepages(struct pcache_mapping *m, struct page **pages, unsigned n)
{
    struct blkdev *dev = m->host;
    struct blk_batch b;
    blk_batch_init(&b, dev, BLK_WRITE, MECH_FS_METADATA);
    int err = 0;
    for (unsigned k = 0; k < n && !err; k++) {
        struct page *p = pages[k];
        uintptr_t mask = (uintptr_t)p->private;
        for (unsigned i = 0; i < PAGE_SIZE / BLKDEV_SUBBLOCK && !err;) {
            if (!(mask & (1u << i))) {
                i++;
                continue;
            }
            unsigned j = i;
            while (j < PAGE_SIZE / BLKDEV_SUBBLOCK && (mask & (1u << j)))
                j++;
            err = blk_batch_add(&b, p->index * PAGE_SIZE + i * BLKDEV_SUBBLOCK, p,
                                i * BLKDEV_SUBBLOCK, (j - i) * BLKDEV_SUBBLOCK);
            i = j;
        }
    }
    int werr = blk_batch_wait(&b);
    if (!err)
        err = werr;
    if (!err)
        for (unsigned k = 0; k < n; k++)
            if (!(pages[k]->flags & PG_DIRTY))
                pages[k]->private = NULL;
    return err;
}

const struct pcache_ops blkdev_pcache_ops = {
    .readpages = bdev_readpages,
    .writepages = bdev_writepages,
};

int blkdev_register(struct blkdev *dev)
{
    for (int i = 0; i < BLKDEV_MAX; i++) {
        if (!devices[i]) {
            int err = blkdev_init(dev);
            if (err)
                return err;
            devices[i] = dev;
            dev->devt = (BLKDEV_MAJOR << 8) | (uint32_t)(i * 16);
            pr_info("blkdev: %s, %lu MiB, requests of up to %u segments / %u KiB, %u in flight\n",
                    dev->name, dev->sectors * SECTOR_SIZE >> 20, dev->limits.max_segs,
                    dev->limits.max_bytes / 1024, dev->queue_depth);
            return 0;
        }
    }
    pr_err("blkdev: no room to register %s\n", dev->name);
    return -ENOSPC;
}

struct blkdev *blkdev_find(const char *name)
{
    for (int i = 0; i < BLKDEV_MAX; i++)
        if (devices[i] && strcmp(devices[i]->name, name) == 0)
            return devices[i];
    return NULL;
}

struct blkdev *blkdev_at(int i) { return i >= 0 && i < BLKDEV_MAX ? devices[i] : NULL; }

struct blkdev *blkdev_by_devt(uint32_t devt)
{
    for (int i = 0; i < BLKDEV_MAX; i++)
        if (devices[i] && devices[i]->devt == devt)
            return devices[i];
    return NULL;
}

int blkdev_claim(struct blkdev *dev, const char *holder)
{
    if (dev->holder)
        return -EBUSY;
    dev->holder = holder;
    return 0;
}

void blkdev_release(struct blkdev *dev) { dev->holder = NULL; }

void blkdev_mark_dirty(struct page *p, uint32_t off, uint32_t len)
{
    if (len == 0)
        return;
    unsigned first = off / BLKDEV_SUBBLOCK, last = (off + len - 1) / BLKDEV_SUBBLOCK;
    uintptr_t mask = (uintptr_t)p->private;
    for (unsigned i = first; i <= last; i++)
        mask |= 1u << i;
    p->private = (void *)mask;
    pcache_mark_dirty(p);
}

void blkdev_forget(struct blkdev *dev, uint64_t byte_off, uint32_t len)
{
    struct page *p = pcache_lookup(&dev->mapping, byte_off / PAGE_SIZE);
    if (!p)
        return;
    /* A page still being read has no dirty pieces, and its private field
       counts the read's pieces meanwhile: leave it alone. */
    if (p->flags & PG_UPTODATE) {
        uint32_t off = byte_off % PAGE_SIZE;
        uintptr_t mask = (uintptr_t)p->private;
        for (unsigned i = off / BLKDEV_SUBBLOCK; i < (off + len) / BLKDEV_SUBBLOCK; i++)
            mask &= ~(1u << i);
        p->private = (void *)mask;
    }
    /* The page stays dirty in the cache's eyes; write-back of an empty mask
       writes nothing.  Its bytes stay as they were: still valid to read. */
    pcache_put(p);
}

int blkdev_sync(struct blkdev *dev)
{
    int err = pcache_sync(&dev->mapping);
    if (err)
        return err;
    return blkdev_flush(dev);
}

/* /proc/diskstats in Linux's format (Documentation/admin-guide/iostats.rst):
   major minor name, then reads completed, reads merged, sectors read, ms
   reading, writes completed, writes merged, sectors written, ms writing,
   I/Os in progress, ms doing I/O, weighted ms, then discards (none) and
   flushes.  "Merged" counts pieces (a block, a dirty run of a page) that
   joined a request already open instead of starting one. */
static long show_diskstats(void *arg, char *buf, size_t size)
{
    size_t len = 0;
    for (int i = 0; i < BLKDEV_MAX && len < size; i++) {
        struct blkdev *d = devices[i];
        if (!d)
            continue;
        uint64_t rms = d->read_ns / 1000000, wms = d->write_ns / 1000000;
        len +=
            (size_t)snprintf(buf + len, size - len,
                             "%4d %7d %s %lu %lu %lu %lu %lu %lu %lu %lu %u %lu %lu 0 0 0 0 "
                             "%lu 0\n",
                             BLKDEV_MAJOR, i * 16, d->name, d->reads, d->read_merges,
                             d->sectors_read, rms, d->writes, d->write_merges, d->sectors_written,
                             wms, d->in_flight, rms + wms, rms + wms, d->flushes);
    }
    return len < size ? (long)len : (long)size;
}

PROC_FILE(diskstats, "diskstats", show_diskstats, NULL);
