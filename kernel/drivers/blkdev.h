/*
 * kernel/drivers/blkdev.h: block devices and the requests sent to them.
 *
 * A driver registers a struct blkdev: its capacity, what one request may
 * hold (struct blk_limits) and a submit() that starts a request and
 * returns at once; the driver's interrupt handler reports each finished
 * request with blk_req_end().  Bytes move by DMA between the disk and the
 * pages themselves, never through a CPU copy.
 *
 * Callers build requests through a batch (struct blk_batch): they add
 * pieces (a disk offset, a page, a range of it) in any number, and the
 * batch merges pieces that continue each other on the disk into one
 * request of many segments (blk_merge.h), sends a request as soon as it is
 * full, and keeps several in flight at once.  Then either
 *   - blk_batch_wait(): sleep until every request of the batch is done
 *     (write-back, metadata reads), woken by the last one's interrupt; or
 *   - an asynchronous page read (blk_batch_init_async): nobody waits for
 *     the batch; each page is completed (uptodate, unlocked, its waiters
 *     woken: pcache_end_read) by the interrupt that finishes its last
 *     piece.  Read-ahead works this way.
 * Every finished transfer is recorded in the copy ledger, to the process
 * that asked for it (dma_pending), by the interrupt handler.
 *
 * The block device's own contents are cached in the page cache through
 * blkdev->mapping (file systems read their metadata there): index i holds
 * bytes [i*4096, (i+1)*4096) of the disk.  A file system with blocks
 * smaller than a page dirties blocks, not pages: blkdev_mark_dirty()
 * records which 512-byte pieces of a cached page changed, and write-back
 * writes only those, so a page holding a freed block never writes stale
 * bytes over a block that has since become file data.
 *
 * Locking: the request pool, a batch's counters and the statistics are
 * changed with interrupts off (handlers end requests).
 */
#ifndef PAGELAB_DRIVERS_BLKDEV_H
#define PAGELAB_DRIVERS_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/blk_merge.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/pagecache.h"

#define SECTOR_SIZE     512
#define BLKDEV_SUBBLOCK 512 /* granularity of the per-page dirty mask: 8 bits per page */
#define BLK_REQ_PAGES   256 /* pages one request may complete */

enum blk_op { BLK_READ, BLK_WRITE, BLK_FLUSH };

struct blk_seg {
    uint64_t phys;
    uint32_t len;
};

struct blk_batch;

struct blk_req {
    struct blkdev *dev;
    enum blk_op op;
    uint64_t sector;
    uint32_t bytes;
    uint32_t nseg;
    struct blk_seg *seg; /* limits.max_segs entries */
    uint32_t npages;
    struct page **pages;     /* async reads: pages whose pieces this request holds */
    struct blk_batch *batch; /* NULL for an asynchronous read */
    enum copy_mech mech;
    struct dma_pending dma;
    uint64_t start_ns;
    int status;    /* 0 or -EIO, when ended */
    unsigned slot; /* index in the device's pool: the driver's per-request state */
    struct list_head free_link;
};

struct blkdev {
    char name[16];
    uint64_t sectors; /* capacity in 512-byte sectors */
    struct blk_limits limits;
    unsigned queue_depth; /* requests in flight at most (the pool's size) */
    bool has_flush;       /* the disk has a volatile cache to flush */
    /* Starts r; 0, or -EIO when it cannot (then it is not ended).  Called
       with interrupts on, from a task: may sleep for room in the queue. */
    int (*submit)(struct blkdev *dev, struct blk_req *r);
    void *driver_data;
    struct pcache_mapping mapping;
    uint32_t devt;      /* major << 8 | minor, as /dev and stat show it */
    const char *holder; /* who uses the device exclusively (a mounted file
                           system, swap), or NULL (blkdev_claim) */

    /* the request pool (blkdev_init) */
    struct blk_req *reqs;
    struct list_head free_reqs;
    struct waitqueue req_wait;

    /* statistics, /proc/diskstats */
    uint64_t reads, writes, flushes;    /* requests completed */
    uint64_t read_merges, write_merges; /* pieces merged into a request */
    uint64_t sectors_read, sectors_written;
    uint64_t read_ns, write_ns;     /* summed request times */
    uint64_t read_segs, write_segs; /* memory segments */
    uint32_t in_flight;
};

/* A set of requests built together (see above). */
struct blk_batch {
    struct blkdev *dev;
    enum blk_op op;
    enum copy_mech mech;
    bool async;
    struct blk_req *open;   /* being filled */
    struct blk_shape shape; /* of open */
    unsigned inflight;      /* sent, not yet ended */
    int err;                /* the first error */
    struct waitqueue wq;
};

/* Sets up dev's request pool (from dev->limits and queue_depth) and page-cache
   mapping; blkdev_register does it too.  0 or -ENOMEM. */
int blkdev_init(struct blkdev *dev);
/* The page-cache operations of a device's own contents (blkdev.c). */
extern const struct pcache_ops blkdev_pcache_ops;
int blkdev_register(struct blkdev *dev);
struct blkdev *blkdev_find(const char *name);
/* The i-th registered device (0, 1, ...), or NULL past the last. */
struct blkdev *blkdev_at(int i);
/* The device with this device number (stat's st_rdev), or NULL. */
struct blkdev *blkdev_by_devt(uint32_t devt);
/* Exclusive use of dev (Linux's blkdev_get_by_dev with a holder): a file
   system mounts it, or swap takes it.  0, or -EBUSY if someone has it. */
int blkdev_claim(struct blkdev *dev, const char *holder);
void blkdev_release(struct blkdev *dev);

void blk_batch_init(struct blk_batch *b, struct blkdev *dev, enum blk_op op, enum copy_mech mech);
/* A batch of page reads that completes pages by interrupt and is never
   waited for; mech as above. */
void blk_batch_init_async(struct blk_batch *b, struct blkdev *dev, enum copy_mech mech);
/* Adds the transfer of len bytes at disk byte offset byte_off to or from
   page p at page_off (sector multiples, within the page).  In an async
   batch p must have been opened with blk_read_page_begin.  0, or -EIO
   past the end of the disk (nothing added). */
int blk_batch_add(struct blk_batch *b, uint64_t byte_off, struct page *p, uint32_t page_off,
                  uint32_t len);
/* Sends the open request (if any) without waiting. */
void blk_batch_submit(struct blk_batch *b);
/* Sends what is open and sleeps until every request of the batch ended:
   0 or the first error.  Not for async batches. */
int blk_batch_wait(struct blk_batch *b);

/* For an async batch: p is locked in the cache and about to get pieces.
   blk_read_page_end() says the caller added all of them (err: the page
   cannot be read whole); the page completes (pcache_end_read) when its
   last piece, or this call, is the last thing outstanding. */
void blk_read_page_begin(struct page *p);
void blk_read_page_end(struct page *p, int err);

/* The driver's interrupt handler: r is finished (status 0 or -EIO). */
void blk_req_end(struct blk_req *r, int status);

/* One synchronous transfer within one page (tests, single blocks). */
int blkdev_rw_page(struct blkdev *dev, bool write, uint64_t byte_off, struct page *p,
                   uint32_t page_off, uint32_t len, enum copy_mech mech);
/* Empties the disk's volatile cache (nothing to do without one). */
int blkdev_flush(struct blkdev *dev);

/* Marks [off, off+len) of a cached block-device page dirty. */
void blkdev_mark_dirty(struct page *p, uint32_t off, uint32_t len);
/* Forgets changes to [off, off+len) of the block device's cache (a freed
   block): write-back will not write them. */
void blkdev_forget(struct blkdev *dev, uint64_t byte_off, uint32_t len);

/* Writes back the device's dirty pages and flushes the disk's cache. */
int blkdev_sync(struct blkdev *dev);

#endif
