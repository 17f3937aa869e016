/*
 * kernel/drivers/blkdev.h: block devices.
 *
 * A driver registers a struct blkdev whose transfer() moves bytes by DMA
 * between the disk and physical memory (never through a CPU copy) and
 * returns when the transfer is complete.  The block device's own contents
 * are cached in the page cache through blkdev->mapping (file systems read
 * their metadata there): index i holds bytes [i*4096, (i+1)*4096) of the disk.
 *
 * A file system with blocks smaller than a page dirties blocks, not pages:
 * blkdev_mark_dirty() records which blocks of a cached page changed, and
 * write-back writes only those, so a page holding a freed block never
 * writes stale bytes over a block that has since become file data.
 */
#ifndef PAGELAB_DRIVERS_BLKDEV_H
#define PAGELAB_DRIVERS_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/ledger.h"
#include "kernel/mm/pagecache.h"

#define SECTOR_SIZE     512
#define BLKDEV_SUBBLOCK 512 /* granularity of the per-page dirty mask: 8 bits per page */

struct blkdev {
    char name[16];
    uint64_t sectors; /* capacity in 512-byte sectors */
    /* Moves len bytes (a multiple of 512, within one physical page) between
       sector and physical address phys; records the DMA in the ledger under
       mech.  0, or -EIO. */
    int (*transfer)(struct blkdev *dev, bool write, uint64_t sector, uint64_t phys, uint32_t len,
                    enum copy_mech mech);
    int (*flush)(struct blkdev *dev); /* NULL if the disk has no volatile cache */
    void *driver_data;
    struct pcache_mapping mapping;
    uint64_t reads, writes, flushes; /* requests, for tests and /proc */
};

/* Sets up dev's page-cache mapping (blkdev_register does it too). */
void blkdev_init(struct blkdev *dev);
void blkdev_register(struct blkdev *dev);
struct blkdev *blkdev_find(const char *name);

/* Reads or writes whole bytes at disk offset byte_off into/from page p at
   page_off; splits nothing, so len and offsets must be sector multiples. */
int blkdev_rw_page(struct blkdev *dev, bool write, uint64_t byte_off, struct page *p,
                   uint32_t page_off, uint32_t len, enum copy_mech mech);

/* Marks [off, off+len) of a cached block-device page dirty. */
void blkdev_mark_dirty(struct page *p, uint32_t off, uint32_t len);
/* Forgets changes to [off, off+len) of the block device's cache (a freed
   block): write-back will not write them. */
void blkdev_forget(struct blkdev *dev, uint64_t byte_off, uint32_t len);

/* Writes back the device's dirty pages and flushes the disk's cache. */
int blkdev_sync(struct blkdev *dev);

#endif
