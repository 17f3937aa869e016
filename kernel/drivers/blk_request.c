/*
 * kernel/drivers/blk_request.c: building, sending and ending block
 * requests (see blkdev.h).
 *
 * A request comes from the device's pool, which bounds the requests in
 * flight; a task that finds the pool empty sleeps until an interrupt
 * returns one.  Each piece a caller adds either extends the open request
 * (blk_merge_piece) or sends it and opens a new one, so a run of adjacent
 * blocks becomes one request of many segments whatever the caller's
 * piece size.  Requests end in the driver's interrupt handler
 * (blk_req_end): the ledger gets the bytes, an async read completes the
 * pages whose last piece this was, a waited-for batch counts down and its
 * one waiter is woken when nothing is left.
 */
#include "kernel/drivers/blkdev.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"

static struct blk_req *req_get(struct blkdev *dev)
{
    uint64_t flags = irq_save();
    while (list_empty(&dev->free_reqs))
        waitqueue_sleep_irqoff(&dev->req_wait, 0);
    struct blk_req *r = list_first_entry(&dev->free_reqs, struct blk_req, free_link);
    list_del(&r->free_link);
    irq_restore(flags);
    return r;
}

/* Interrupts off. */
static void req_put(struct blk_req *r)
{
    list_add(&r->free_link, &r->dev->free_reqs);
    wake_up(&r->dev->req_wait);
}

static void batch_reset(struct blk_batch *b, struct blkdev *dev, enum blk_op op,
                        enum copy_mech mech, bool async)
{
    b->dev = dev;
    b->op = op;
    b->mech = mech;
    b->async = async;
    b->open = NULL;
    b->shape.open = false;
    b->inflight = 0;
    b->err = 0;
    waitqueue_init(&b->wq);
}

void blk_batch_init(struct blk_batch *b, struct blkdev *dev, enum blk_op op, enum copy_mech mech)
{
    batch_reset(b, dev, op, mech, false);
}

void blk_batch_init_async(struct blk_batch *b, struct blkdev *dev, enum copy_mech mech)
{
    batch_reset(b, dev, BLK_READ, mech, true);
}

/* The page's count of outstanding pieces lives in page->private while it is
   being read (a block-device page's dirty mask is empty then: a page not yet
   read has nothing dirty).  Changed with interrupts off. */
static uintptr_t pieces_of(struct page *p) { return (uintptr_t)p->private; }

void blk_read_page_begin(struct page *p) { p->private = (void *)(uintptr_t)1; }

/* Interrupts off.  Drops one outstanding piece (or the builder's hold). */
static void page_piece_done(struct page *p, int err)
{
    if (err)
        pcache_note_read_error(p);
    uintptr_t left = pieces_of(p) - 1;
    p->private = (void *)left;
    if (left == 0)
        pcache_end_read(p);
}

void blk_read_page_end(struct page *p, int err)
{
    uint64_t flags = irq_save();
    page_piece_done(p, err);
    irq_restore(flags);
}

void blk_req_end(struct blk_req *r, int status)
{
    uint64_t flags = irq_save();
    struct blkdev *dev = r->dev;
    r->status = status;
    uint64_t ns = clock_monotonic_ns() - r->start_ns;
    dev->in_flight--;
    if (r->op == BLK_READ) {
        dev->reads++;
        dev->sectors_read += r->bytes / SECTOR_SIZE;
        dev->read_ns += ns;
        dev->read_segs += r->nseg;
    } else if (r->op == BLK_WRITE) {
        dev->writes++;
        dev->sectors_written += r->bytes / SECTOR_SIZE;
        dev->write_ns += ns;
        dev->write_segs += r->nseg;
    } else {
        dev->flushes++;
    }
    dma_pending_end(&r->dma, r->op == BLK_READ, status == 0 ? r->bytes : 0, r->mech);
    if (status)
        pr_err("%s: %s of %u bytes at sector %lu failed\n", dev->name,
               r->op == BLK_READ    ? "read"
               : r->op == BLK_WRITE ? "write"
                                    : "flush",
               r->bytes, r->sector);
    for (uint32_t i = 0; i < r->npages; i++)
        page_piece_done(r->pages[i], status);
    struct blk_batch *b = r->batch;
    if (b) {
        if (status && !b->err)
            b->err = status;
        if (--b->inflight == 0)
            wake_up(&b->wq);
    }
    req_put(r);
    irq_restore(flags);
}

static void send(struct blk_batch *b, struct blk_req *r)
{
    struct blkdev *dev = b->dev;
    r->batch = b->async ? NULL : b;
    r->start_ns = clock_monotonic_ns();
    uint64_t flags = irq_save();
    if (r->batch)
        b->inflight++;
    dev->in_flight++;
    irq_restore(flags);
    dma_pending_begin(&r->dma);
    int err = dev->submit(dev, r);
    if (err)
        blk_req_end(r, err);
}

void blk_batch_submit(struct blk_batch *b)
{
    struct blk_req *r = b->open;
    if (!r)
        return;
    b->open = NULL;
    b->shape.open = false;
    send(b, r);
}

static struct blk_req *open_request(struct blk_batch *b, uint64_t sector)
{
    struct blk_req *r = req_get(b->dev);
    r->op = b->op;
    r->sector = sector;
    r->bytes = 0;
    r->nseg = 0;
    r->npages = 0;
    r->mech = b->mech;
    r->status = 0;
    b->open = r;
    return r;
}

int blk_batch_add(struct blk_batch *b, uint64_t byte_off, struct page *p, uint32_t page_off,
                  uint32_t len)
{
    struct blkdev *dev = b->dev;
    if (byte_off % SECTOR_SIZE || len % SECTOR_SIZE || len == 0 || page_off + len > PAGE_SIZE)
        panic("blk_batch_add: unaligned piece off %lu len %u page_off %u", byte_off, len, page_off);
    if (byte_off + len > dev->sectors * SECTOR_SIZE || byte_off + len < byte_off)
        return -EIO;
    uint64_t sector = byte_off / SECTOR_SIZE;
    uint64_t phys = page_to_phys(p) + page_off;
    bool new_page =
        b->async && !(b->open && b->open->npages && b->open->pages[b->open->npages - 1] == p);
    enum blk_merge how = blk_merge_piece(&b->shape, &dev->limits, sector, phys, len, new_page);
    if (how == BLK_MERGE_NEW_REQ) {
        blk_batch_submit(b);
        open_request(b, sector);
        new_page = b->async;
    }
    struct blk_req *r = b->open;
    if (how != BLK_MERGE_NEW_REQ) {
        if (b->op == BLK_READ)
            dev->read_merges++;
        else
            dev->write_merges++;
    }
    if (how == BLK_MERGE_EXTEND_SEG)
        r->seg[r->nseg - 1].len += len;
    else
        r->seg[r->nseg++] = (struct blk_seg){ phys, len };
    r->bytes += len;
    if (new_page) {
        uint64_t flags = irq_save();
        p->private = (void *)(pieces_of(p) + 1);
        irq_restore(flags);
        r->pages[r->npages++] = p;
    }
    blk_shape_add(&b->shape, how, sector, phys, len, new_page);
    if (r->bytes >= dev->limits.max_bytes)
        blk_batch_submit(b); /* full: send it now rather than at the next piece */
    return 0;
}

int blk_batch_wait(struct blk_batch *b)
{
    if (b->async)
        panic("blk_batch_wait: an async batch is never waited for");
    blk_batch_submit(b);
    if (b->inflight) /* checked again with interrupts off below */
        wait_event(&b->wq, b->inflight == 0);
    return b->err;
}

int blkdev_init(struct blkdev *dev)
{
    list_init(&dev->free_reqs);
    waitqueue_init(&dev->req_wait);
    pcache_mapping_init(&dev->mapping, &blkdev_pcache_ops, dev);
    if (dev->limits.max_pages == 0 || dev->limits.max_pages > BLK_REQ_PAGES)
        dev->limits.max_pages = BLK_REQ_PAGES;
    unsigned n = dev->queue_depth;
    size_t segs = dev->limits.max_segs;
    dev->reqs = kzalloc(n * sizeof *dev->reqs);
    if (!dev->reqs)
        return -ENOMEM;
    for (unsigned i = 0; i < n; i++) {
        struct blk_req *r = &dev->reqs[i];
        r->dev = dev;
        r->slot = i;
        r->seg = kmalloc(segs * sizeof *r->seg);
        r->pages = kmalloc(dev->limits.max_pages * sizeof *r->pages);
        if (!r->seg || !r->pages) {
            for (unsigned j = 0; j <= i; j++) {
                kfree(dev->reqs[j].seg);
                kfree(dev->reqs[j].pages);
            }
            kfree(dev->reqs);
            dev->reqs = NULL;
            return -ENOMEM;
        }
        list_add_tail(&r->free_link, &dev->free_reqs);
    }
    return 0;
}

int blkdev_rw_page(struct blkdev *dev, bool write, uint64_t byte_off, struct page *p,
                   uint32_t page_off, uint32_t len, enum copy_mech mech)
{
    struct blk_batch b;
    blk_batch_init(&b, dev, write ? BLK_WRITE : BLK_READ, mech);
    int err = blk_batch_add(&b, byte_off, p, page_off, len);
    if (err)
        return err;
    return blk_batch_wait(&b);
}

int blkdev_flush(struct blkdev *dev)
{
    if (!dev->has_flush)
        return 0;
    struct blk_batch b;
    blk_batch_init(&b, dev, BLK_FLUSH, MECH_WRITEBACK);
    open_request(&b, 0);
    return blk_batch_wait(&b);
}
