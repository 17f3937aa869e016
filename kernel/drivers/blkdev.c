/*
 * kernel/drivers/blkdev.c: the registry of block devices and the page-cache
 * operations for a block device's own contents (see blkdev.h).
 */
#include "kernel/drivers/blkdev.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"

#define BLKDEV_MAX 4

static struct blkdev *devices[BLKDEV_MAX];

/* page->private of a cached block-device page: the bit mask of dirty 512-byte
   pieces (bit i = bytes [i*512, (i+1)*512)). */

static int bdev_readpage(struct pcache_mapping *m, struct page *p, enum copy_mech mech)
{
    struct blkdev *dev = m->host;
    uint64_t off = p->index * PAGE_SIZE;
    uint64_t end = dev->sectors * SECTOR_SIZE;
    if (off >= end)
        return -EIO;
    uint32_t len = end - off < PAGE_SIZE ? (uint32_t)(end - off) : PAGE_SIZE;
    p->private = NULL;
    return blkdev_rw_page(dev, false, off, p, 0, len, mech);
}

/* Writes each run of dirty pieces as one request.  The block device's own
   cache holds file-system metadata (superblock, bitmaps, inode tables,
   directories, indirect blocks), so its write-back is MECH_FS_METADATA in
   the ledger, apart from the write-back of file data (MECH_WRITEBACK). */
static int bdev_writepage(struct pcache_mapping *m, struct page *p)
{
    struct blkdev *dev = m->host;
    uintptr_t mask = (uintptr_t)p->private;
    if (mask == 0)
        return 0;
    for (unsigned i = 0; i < PAGE_SIZE / BLKDEV_SUBBLOCK;) {
        if (!(mask & (1u << i))) {
            i++;
            continue;
        }
        unsigned j = i;
        while (j < PAGE_SIZE / BLKDEV_SUBBLOCK && (mask & (1u << j)))
            j++;
        int err = blkdev_rw_page(dev, true, p->index * PAGE_SIZE + i * BLKDEV_SUBBLOCK, p,
                                 i * BLKDEV_SUBBLOCK, (j - i) * BLKDEV_SUBBLOCK, MECH_FS_METADATA);
        if (err)
            return err;
        i = j;
    }
    p->private = NULL;
    return 0;
}

static const struct pcache_ops bdev_pcache_ops = {
    .readpage = bdev_readpage,
    .writepage = bdev_writepage,
};

void blkdev_init(struct blkdev *dev) { pcache_mapping_init(&dev->mapping, &bdev_pcache_ops, dev); }

void blkdev_register(struct blkdev *dev)
{
    for (int i = 0; i < BLKDEV_MAX; i++) {
        if (!devices[i]) {
            devices[i] = dev;
            blkdev_init(dev);
            pr_info("blkdev: %s, %lu MiB\n", dev->name, dev->sectors * SECTOR_SIZE >> 20);
            return;
        }
    }
    pr_err("blkdev: no room to register %s\n", dev->name);
}

struct blkdev *blkdev_find(const char *name)
{
    for (int i = 0; i < BLKDEV_MAX; i++)
        if (devices[i] && strcmp(devices[i]->name, name) == 0)
            return devices[i];
    return NULL;
}

int blkdev_rw_page(struct blkdev *dev, bool write, uint64_t byte_off, struct page *p,
                   uint32_t page_off, uint32_t len, enum copy_mech mech)
{
    if (byte_off % SECTOR_SIZE || len % SECTOR_SIZE || page_off + len > PAGE_SIZE || len == 0)
        panic("blkdev_rw_page: unaligned request off %lu len %u page_off %u", byte_off, len,
              page_off);
    if (byte_off + len > dev->sectors * SECTOR_SIZE)
        return -EIO;
    if (write)
        dev->writes++;
    else
        dev->reads++;
    return dev->transfer(dev, write, byte_off / SECTOR_SIZE, page_to_phys(p) + page_off, len, mech);
}

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
    uint32_t off = byte_off % PAGE_SIZE;
    uintptr_t mask = (uintptr_t)p->private;
    for (unsigned i = off / BLKDEV_SUBBLOCK; i < (off + len) / BLKDEV_SUBBLOCK; i++)
        mask &= ~(1u << i);
    p->private = (void *)mask;
    /* The page stays dirty in the cache's eyes; write-back of an empty mask
       writes nothing.  Its bytes stay as they were: still valid to read. */
    pcache_put(p);
}

int blkdev_sync(struct blkdev *dev)
{
    int err = pcache_sync(&dev->mapping);
    if (err)
        return err;
    if (dev->flush) {
        dev->flushes++;
        return dev->flush(dev);
    }
    return 0;
}
