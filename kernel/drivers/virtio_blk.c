/*
 * kernel/drivers/virtio_blk.c: the virtio block device over PCI, LEGACY
 * interface.  QEMU's `-drive if=virtio` is a transitional device
 * (0x1af4:0x1001) that offers both interfaces; we use the legacy one: its
 * registers sit in I/O BAR 0 (Virtual I/O Device 1.0, section 4.1.4.8) and
 * its queue lives at a page frame number (section 2.4.2).
 *
 * A request (section 5.2.6) is a header the device reads (type, sector),
 * the data segments (page-cache pages: the device moves the bytes by DMA,
 * the CPU copies nothing) and a status byte the device writes.  With
 * VIRTIO_RING_F_INDIRECT_DESC (section 2.4.5.3) the whole chain sits in a
 * table of the request's own, and takes one ring descriptor: so up to
 * seg_max segments per request and many requests in flight at once.
 *
 * submit() starts a request and returns; the device signals completions by
 * an interrupt on the PCI line, and the handler takes every finished
 * request off the used ring and ends it (blk_req_end), which wakes exactly
 * the task or tasks waiting for it.  A submitter that finds the ring full
 * sleeps until the handler frees descriptors.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/pic.h"
#include "kernel/drivers/virtio_blk.h"
#include "kernel/drivers/virtqueue.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/frame.h"

#define VIRTIO_PCI_VENDOR           0x1af4
#define VIRTIO_PCI_BLK_TRANSITIONAL 0x1001

/* Legacy I/O BAR registers (section 4.1.4.8). */
#define VIRTIO_REG_DEVICE_FEATURES 0x00
#define VIRTIO_REG_GUEST_FEATURES  0x04
#define VIRTIO_REG_QUEUE_PFN       0x08
#define VIRTIO_REG_QUEUE_SIZE      0x0c
#define VIRTIO_REG_QUEUE_SELECT    0x0e
#define VIRTIO_REG_QUEUE_NOTIFY    0x10
#define VIRTIO_REG_STATUS          0x12
#define VIRTIO_REG_ISR             0x13
#define VIRTIO_REG_CONFIG          0x14 /* device config without MSI-X */

/* struct virtio_blk_config (section 5.2.4), offsets in the device config. */
#define VIRTIO_BLK_CFG_CAPACITY 0  /* le64 */
#define VIRTIO_BLK_CFG_SIZE_MAX 8  /* le32, with VIRTIO_BLK_F_SIZE_MAX */
#define VIRTIO_BLK_CFG_SEG_MAX  12 /* le32, with VIRTIO_BLK_F_SEG_MAX */

/* Device status bits (section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FAILED      128

/* Feature bits (section 5.2.3; FLUSH is "WCE" in legacy; section 6 for the ring). */
#define VIRTIO_BLK_F_SIZE_MAX       1
#define VIRTIO_BLK_F_SEG_MAX        2
#define VIRTIO_BLK_F_RO             5
#define VIRTIO_BLK_F_FLUSH          9
#define VIRTIO_RING_F_INDIRECT_DESC 28

/* Request types and status (section 5.2.6). */
#define VIRTIO_BLK_T_IN    0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK    0

#define VIRTIO_BLK_QUEUE       0
/* Requests in flight at once; each has a header slot and (with indirect
   descriptors) a one-page descriptor table. */
#define VIRTIO_BLK_QUEUE_DEPTH 32
/* The largest request: Linux's default max_sectors_kb is 1280; a round
   1 MiB keeps one request's pages within BLK_REQ_PAGES. */
#define VIRTIO_BLK_MAX_BYTES   (1u << 20)
/* Segments per request without indirect descriptors: each takes a ring
   descriptor, and several requests must fit in the ring. */
#define VIRTIO_BLK_DIRECT_SEGS 16
#define TABLE_ENTRIES          (PAGE_SIZE / sizeof(struct virtq_desc))

struct virtio_blk_req_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

/* One request's header and status in DMA-able memory. */
struct vblk_slot {
    struct virtio_blk_req_hdr hdr;
    volatile uint8_t status;
};

struct virtio_blk {
    struct blkdev blk;
    struct pci_device *pci;
    uint16_t iobase;
    uint32_t features;
    bool indirect;
    struct virtqueue vq;
    struct vblk_slot *slots;                           /* VIRTIO_BLK_QUEUE_DEPTH, in one frame */
    struct virtq_desc *tables[VIRTIO_BLK_QUEUE_DEPTH]; /* indirect tables, a frame each */
    struct waitqueue ring_wait;                        /* submitters waiting for free descriptors */
    struct virtio_blk_stats stats;
};

/* Disks in PCI order: vda (the root file system), vdb (swap, when the
   machine has one), ... */
#define VIRTIO_BLK_MAX 4
static struct virtio_blk vblk[VIRTIO_BLK_MAX];
static int vblk_count;

static void virtio_blk_irq(void *arg)
{
    struct virtio_blk *vb = arg;
    /* Reading the ISR acknowledges the interrupt (section 4.1.4.5). */
    if (!(inb(vb->iobase + VIRTIO_REG_ISR) & 1))
        return;
    vb->stats.interrupts++;
    struct blk_req *r;
    int n = 0;
    while ((r = virtq_take_used(&vb->vq, NULL))) {
        struct vblk_slot *s = &vb->slots[r->slot];
        vb->stats.completions++;
        vb->stats.irq_completions++;
        n++;
        blk_req_end(r, s->status == VIRTIO_BLK_S_OK ? 0 : -EIO);
    }
    if (n)
        wake_up(&vb->ring_wait);
}

static uint32_t type_of(enum blk_op op)
{
    return op == BLK_READ    ? VIRTIO_BLK_T_IN
           : op == BLK_WRITE ? VIRTIO_BLK_T_OUT
                             : VIRTIO_BLK_T_FLUSH;
}

/* Sets entry k of a chain being built (linked to k + 1; the last one's
   link is cut by end_chain). */
static void chain_put(struct virtq_buf *bufs, struct virtq_desc *table, int k, uint64_t phys,
                      uint32_t len, bool device_writes)
{
    if (table)
        table[k] = (struct virtq_desc){
            phys, len, (uint16_t)(VIRTQ_DESC_F_NEXT | (device_writes ? VIRTQ_DESC_F_WRITE : 0)),
            (uint16_t)(k + 1)
        };
    else
        bufs[k] = (struct virtq_buf){ phys, len, device_writes };
}

static int vblk_submit(struct blkdev *dev, struct blk_req *r)
{
    struct virtio_blk *vb = dev->driver_data;
    struct vblk_slot *s = &vb->slots[r->slot];
    if (r->op == BLK_WRITE && (vb->features & (1u << VIRTIO_BLK_F_RO)))
        return -EIO;
    s->hdr.type = type_of(r->op);
    s->hdr.reserved = 0;
    s->hdr.sector = r->sector;
    s->status = 0xff;
    /* Header, segments, status: in the request's indirect table (up to
       TABLE_ENTRIES, the limits say so) or as ring descriptors. */
    struct virtq_buf bufs[VIRTIO_BLK_DIRECT_SEGS + 2];
    struct virtq_desc *table = vb->indirect ? vb->tables[r->slot] : NULL;
    int n = 0;
    chain_put(bufs, table, n++, virt_to_phys(&s->hdr), sizeof s->hdr, false);
    for (uint32_t i = 0; i < r->nseg; i++)
        chain_put(bufs, table, n++, r->seg[i].phys, r->seg[i].len, r->op == BLK_READ);
    chain_put(bufs, table, n++, virt_to_phys((const void *)&s->status), 1, true);
    if (table)
        table[n - 1].flags &= (uint16_t)~VIRTQ_DESC_F_NEXT;
    uint64_t flags = irq_save();
    /* The ring may be full: the interrupt handler frees descriptors. */
    while ((table ? virtq_add_indirect(&vb->vq, virt_to_phys(table), n, r)
                  : virtq_add(&vb->vq, bufs, n, r)) == -EAGAIN) {
        vb->stats.sleeps++;
        waitqueue_sleep_irqoff(&vb->ring_wait, 0);
    }
    vb->stats.requests++;
    vb->stats.segments += r->nseg;
    outw(vb->iobase + VIRTIO_REG_QUEUE_NOTIFY, VIRTIO_BLK_QUEUE);
    irq_restore(flags);
    return 0;
}

static void set_status(struct virtio_blk *vb, uint8_t bits)
{
    outb(vb->iobase + VIRTIO_REG_STATUS, (uint8_t)(inb(vb->iobase + VIRTIO_REG_STATUS) | bits));
}

static int fail(struct virtio_blk *vb, const char *why)
{
    pr_err("virtio-blk: %s\n", why);
    set_status(vb, VIRTIO_STATUS_FAILED);
    return -EIO;
}

static uint32_t config32(struct virtio_blk *vb, unsigned off)
{
    return inl(vb->iobase + VIRTIO_REG_CONFIG + off);
}

/* What one request may hold, from the features the device offered. */
static void set_limits(struct virtio_blk *vb, uint16_t qsize)
{
    uint32_t seg_max =
        (vb->features & (1u << VIRTIO_BLK_F_SEG_MAX)) ? config32(vb, VIRTIO_BLK_CFG_SEG_MAX) : 1;
    uint32_t size_max = (vb->features & (1u << VIRTIO_BLK_F_SIZE_MAX))
                            ? config32(vb, VIRTIO_BLK_CFG_SIZE_MAX)
                            : UINT32_MAX;
    uint32_t room = vb->indirect ? TABLE_ENTRIES - 2 : VIRTIO_BLK_DIRECT_SEGS;
    if (!vb->indirect && room > qsize - 2u)
        room = qsize - 2u;
    struct blk_limits *l = &vb->blk.limits;
    l->max_segs = seg_max == 0 ? 1 : seg_max < room ? seg_max : room;
    /* Page-cache frames are seldom adjacent in memory: a request of more
       pages than segments would be split in two (and read-ahead windows,
       sized to one request, with it). */
    l->max_bytes = VIRTIO_BLK_MAX_BYTES;
    if (l->max_segs < l->max_bytes / PAGE_SIZE)
        l->max_bytes = l->max_segs * PAGE_SIZE;
    l->max_seg_bytes = size_max < l->max_bytes ? size_max & ~(SECTOR_SIZE - 1u) : l->max_bytes;
    if (l->max_seg_bytes < PAGE_SIZE)
        l->max_seg_bytes = PAGE_SIZE; /* pieces never exceed a page anyway */
    l->max_pages = BLK_REQ_PAGES;
}

static int alloc_slots(struct virtio_blk *vb)
{
    _Static_assert(VIRTIO_BLK_QUEUE_DEPTH * sizeof(struct vblk_slot) <= PAGE_SIZE,
                   "request slots fit a page");
    struct page *rp = frame_alloc_zeroed();
    if (!rp)
        return -ENOMEM;
    vb->slots = page_to_virt(rp);
    for (int i = 0; vb->indirect && i < VIRTIO_BLK_QUEUE_DEPTH; i++) {
        struct page *t = frame_alloc_zeroed();
        if (!t)
            return -ENOMEM;
        vb->tables[i] = page_to_virt(t);
    }
    return 0;
}

/* Device initialization, section 3.1.2 (legacy: no FEATURES_OK step). */
static int vblk_setup(struct virtio_blk *vb, struct pci_device *pci, const char *name)
{
    vb->pci = pci;
    waitqueue_init(&vb->ring_wait);
    if (!(pci->bar[0] & PCI_BAR_IO))
        return fail(vb, "BAR0 is not an I/O BAR");
    vb->iobase = (uint16_t)(pci->bar[0] & ~3u);
    pci_enable(pci);
    outb(vb->iobase + VIRTIO_REG_STATUS, 0); /* reset */
    set_status(vb, VIRTIO_STATUS_ACKNOWLEDGE);
    set_status(vb, VIRTIO_STATUS_DRIVER);
    uint32_t offered = inl(vb->iobase + VIRTIO_REG_DEVICE_FEATURES);
    vb->features = offered & ((1u << VIRTIO_BLK_F_FLUSH) | (1u << VIRTIO_BLK_F_RO) |
                              (1u << VIRTIO_BLK_F_SEG_MAX) | (1u << VIRTIO_BLK_F_SIZE_MAX) |
                              (1u << VIRTIO_RING_F_INDIRECT_DESC));
    vb->indirect = vb->features & (1u << VIRTIO_RING_F_INDIRECT_DESC);
    outl(vb->iobase + VIRTIO_REG_GUEST_FEATURES, vb->features);

    outw(vb->iobase + VIRTIO_REG_QUEUE_SELECT, VIRTIO_BLK_QUEUE);
    uint16_t qsize = inw(vb->iobase + VIRTIO_REG_QUEUE_SIZE);
    if (qsize < 3)
        return fail(vb, "queue 0 is missing or too small");
    if (virtq_init(&vb->vq, qsize))
        return fail(vb, "no memory for the virtqueue");
    outl(vb->iobase + VIRTIO_REG_QUEUE_PFN, (uint32_t)(vb->vq.phys >> PAGE_SHIFT));
    if (alloc_slots(vb))
        return fail(vb, "no memory for request slots");

    uint64_t capacity = config32(vb, VIRTIO_BLK_CFG_CAPACITY) |
                        (uint64_t)config32(vb, VIRTIO_BLK_CFG_CAPACITY + 4) << 32;
    strlcpy(vb->blk.name, name, sizeof vb->blk.name);
    vb->blk.sectors = capacity;
    vb->blk.submit = vblk_submit;
    vb->blk.has_flush = vb->features & (1u << VIRTIO_BLK_F_FLUSH);
    vb->blk.queue_depth = VIRTIO_BLK_QUEUE_DEPTH;
    vb->blk.driver_data = vb;
    set_limits(vb, qsize);

    irq_register(pci->irq_line, virtio_blk_irq, vb);
    set_status(vb, VIRTIO_STATUS_DRIVER_OK);
    pr_info(
        "virtio-blk: %s: legacy PCI at io %#x irq %u, %lu sectors, queue %u, features %#x%s%s\n",
        name, vb->iobase, pci->irq_line, capacity, qsize, vb->features,
        vb->blk.has_flush ? " (flush)" : "", vb->indirect ? " (indirect descriptors)" : "");
    return blkdev_register(&vb->blk);
}

int virtio_blk_init(void)
{
    struct pci_device *pci;
    while (vblk_count < VIRTIO_BLK_MAX &&
           (pci = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_BLK_TRANSITIONAL, vblk_count))) {
        char name[] = { 'v', 'd', (char)('a' + vblk_count), 0 };
        int err = vblk_setup(&vblk[vblk_count], pci, name);
        if (err)
            return vblk_count ? 0 : err;
        vblk_count++;
    }
    if (!vblk_count) {
        pr_warn("virtio-blk: no device\n");
        return -ENODEV;
    }
    return 0;
}

void virtio_blk_stats(struct virtio_blk_stats *out) { *out = vblk[0].stats; }
