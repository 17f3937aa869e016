/*
 * kernel/drivers/virtio_blk.c: the virtio block device over PCI, LEGACY
 * interface.  QEMU's `-drive if=virtio` is a transitional device
 * (0x1af4:0x1001) that offers both interfaces; we use the legacy one: its
 * registers sit in I/O BAR 0 (Virtual I/O Device 1.0, section 4.1.4.8) and
 * its queue lives at a page frame number (section 2.4.2).
 *
 * A request is three descriptors (section 5.2.6): a header the device reads
 * (type, sector), the data (a page-cache page: the device moves the bytes
 * by DMA, the CPU copies nothing) and a status byte the device writes.
 * Completion is signalled by an interrupt on the PCI interrupt line; the
 * handler takes finished requests off the used ring.  virtio_blk_wait() is
 * where the submitting task waits: until the scheduler exists, the CPU
 * halts until an interrupt (ours, or the timer's) and looks again; then the
 * task will sleep on the request and the handler will wake it.  Where
 * interrupts are off (early boot), it polls the used ring instead.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/pic.h"
#include "kernel/hw/io.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/virtio_blk.h"
#include "kernel/drivers/virtqueue.h"
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

/* Device status bits (section 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FAILED      128

/* virtio-blk feature bits (section 5.2.3; FLUSH is "WCE" in legacy). */
#define VIRTIO_BLK_F_RO    5
#define VIRTIO_BLK_F_FLUSH 9

/* Request types and status (section 5.2.6). */
#define VIRTIO_BLK_T_IN    0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK    0

#define VIRTIO_BLK_QUEUE        0
#define VIRTIO_BLK_MAX_INFLIGHT 32

struct virtio_blk_req_hdr {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector;
};

/* One request's header and status in DMA-able memory, and its state. */
struct vblk_req {
    struct virtio_blk_req_hdr hdr;
    volatile uint8_t status;
    volatile bool done;
    bool write;
    uint32_t len;
};

struct virtio_blk {
    struct blkdev blk;
    struct pci_device *pci;
    uint16_t iobase;
    uint32_t features;
    struct virtqueue vq;
    struct vblk_req *reqs; /* VIRTIO_BLK_MAX_INFLIGHT slots in one frame */
    uint32_t req_busy;     /* bit per slot */
    uint64_t interrupts, completions, irq_completions, sleeps;
    struct waitqueue waiters; /* tasks waiting for a request of this disk */
};

static struct virtio_blk vblk0;

static void complete(struct virtio_blk *vb, struct vblk_req *r)
{
    r->done = true;
    vb->completions++;
}

/* Consumes the used ring; returns how many requests it completed.
   Called with interrupts off. */
static int reap(struct virtio_blk *vb)
{
    struct vblk_req *r;
    int n = 0;
    while ((r = virtq_take_used(&vb->vq, NULL))) {
        complete(vb, r);
        n++;
    }
    return n;
}

static void virtio_blk_irq(void *arg)
{
    struct virtio_blk *vb = arg;
    /* Reading the ISR acknowledges the interrupt (section 4.1.4.5). */
    if (!(inb(vb->iobase + VIRTIO_REG_ISR) & 1))
        return;
    vb->interrupts++;
    int n = reap(vb);
    vb->irq_completions += (uint64_t)n;
    if (n)
        wake_up(&vb->waiters);
}

/* Sleeps until r is complete: the completion interrupt wakes every task
   waiting on the device and each checks its own request, so other tasks
   run while the disk works.  The used ring is consumed with interrupts
   off, so this and the handler never take the same entry; reaping before
   each sleep covers a completion whose interrupt went elsewhere. */
static void virtio_blk_wait(struct virtio_blk *vb, struct vblk_req *r)
{
    uint64_t flags = irq_save();
    reap(vb);
    while (!r->done) {
        vb->sleeps++;
        waitqueue_sleep_irqoff(&vb->waiters, 0);
        reap(vb);
    }
    irq_restore(flags);
}

static struct vblk_req *req_alloc(struct virtio_blk *vb)
{
    for (int i = 0; i < VIRTIO_BLK_MAX_INFLIGHT; i++) {
        if (!(vb->req_busy & (1u << i))) {
            vb->req_busy |= 1u << i;
            return &vb->reqs[i];
        }
    }
    return NULL;
}

static void req_free(struct virtio_blk *vb, struct vblk_req *r)
{
    vb->req_busy &= ~(1u << (r - vb->reqs));
}

static int submit(struct virtio_blk *vb, uint32_t type, uint64_t sector, uint64_t phys,
                  uint32_t len, bool write, enum copy_mech mech)
{
    uint64_t flags = irq_save();
    struct vblk_req *r = req_alloc(vb);
    if (!r) {
        irq_restore(flags);
        return -EAGAIN;
    }
    r->hdr.type = type;
    r->hdr.reserved = 0;
    r->hdr.sector = sector;
    r->status = 0xff;
    r->done = false;
    r->write = write;
    r->len = len;
    struct virtq_buf bufs[3];
    int n = 0;
    bufs[n++] = (struct virtq_buf){ virt_to_phys(&r->hdr), sizeof r->hdr, false };
    if (len)
        bufs[n++] = (struct virtq_buf){ phys, len, !write };
    bufs[n++] = (struct virtq_buf){ virt_to_phys((const void *)&r->status), 1, true };
    int err = virtq_add(&vb->vq, bufs, n, r);
    if (err) {
        req_free(vb, r);
        irq_restore(flags);
        return err;
    }
    outw(vb->iobase + VIRTIO_REG_QUEUE_NOTIFY, VIRTIO_BLK_QUEUE);
    irq_restore(flags);
    virtio_blk_wait(vb, r);
    err = r->status == VIRTIO_BLK_S_OK ? 0 : -EIO;
    /* The ledger entry is made here, by the task that asked for the
       transfer, not by the completion interrupt: that may arrive while
       another process runs (once the wait sleeps), which would be charged. */
    if (!err && len)
        copy_record_dma(!write, len, mech);
    flags = irq_save();
    req_free(vb, r);
    irq_restore(flags);
    if (err)
        pr_err("virtio-blk: request type %u sector %lu failed, status %u\n", type, sector,
               r->status);
    return err;
}

static int vblk_transfer(struct blkdev *dev, bool write, uint64_t sector, uint64_t phys,
                         uint32_t len, enum copy_mech mech)
{
    struct virtio_blk *vb = dev->driver_data;
    return submit(vb, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, sector, phys, len, write, mech);
}

static int vblk_flush(struct blkdev *dev)
{
    struct virtio_blk *vb = dev->driver_data;
    return submit(vb, VIRTIO_BLK_T_FLUSH, 0, 0, 0, true, MECH_WRITEBACK);
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

/* Device initialization, section 3.1.2 (legacy: no FEATURES_OK step). */
static int vblk_setup(struct virtio_blk *vb, struct pci_device *pci)
{
    vb->pci = pci;
    waitqueue_init(&vb->waiters);
    if (!(pci->bar[0] & PCI_BAR_IO))
        return fail(vb, "BAR0 is not an I/O BAR");
    vb->iobase = (uint16_t)(pci->bar[0] & ~3u);
    pci_enable(pci);
    outb(vb->iobase + VIRTIO_REG_STATUS, 0); /* reset */
    set_status(vb, VIRTIO_STATUS_ACKNOWLEDGE);
    set_status(vb, VIRTIO_STATUS_DRIVER);
    uint32_t offered = inl(vb->iobase + VIRTIO_REG_DEVICE_FEATURES);
    vb->features = offered & ((1u << VIRTIO_BLK_F_FLUSH) | (1u << VIRTIO_BLK_F_RO));
    outl(vb->iobase + VIRTIO_REG_GUEST_FEATURES, vb->features);

    outw(vb->iobase + VIRTIO_REG_QUEUE_SELECT, VIRTIO_BLK_QUEUE);
    uint16_t qsize = inw(vb->iobase + VIRTIO_REG_QUEUE_SIZE);
    if (qsize == 0)
        return fail(vb, "queue 0 does not exist");
    if (virtq_init(&vb->vq, qsize))
        return fail(vb, "no memory for the virtqueue");
    outl(vb->iobase + VIRTIO_REG_QUEUE_PFN, (uint32_t)(vb->vq.phys >> PAGE_SHIFT));

    struct page *rp = frame_alloc_zeroed();
    if (!rp)
        return fail(vb, "no memory for request headers");
    vb->reqs = page_to_virt(rp);
    _Static_assert(VIRTIO_BLK_MAX_INFLIGHT * sizeof(struct vblk_req) <= PAGE_SIZE,
                   "request slots fit a page");

    uint64_t capacity = inl(vb->iobase + VIRTIO_REG_CONFIG) |
                        (uint64_t)inl(vb->iobase + VIRTIO_REG_CONFIG + 4) << 32;
    strlcpy(vb->blk.name, "vda", sizeof vb->blk.name);
    vb->blk.sectors = capacity;
    vb->blk.transfer = vblk_transfer;
    vb->blk.flush = (vb->features & (1u << VIRTIO_BLK_F_FLUSH)) ? vblk_flush : NULL;
    vb->blk.driver_data = vb;

    irq_register(pci->irq_line, virtio_blk_irq, vb);
    set_status(vb, VIRTIO_STATUS_DRIVER_OK);
    pr_info("virtio-blk: legacy PCI at io %#x irq %u, %lu sectors, queue %u, features %#x%s\n",
            vb->iobase, pci->irq_line, capacity, qsize, vb->features,
            vb->blk.flush ? " (flush)" : "");
    blkdev_register(&vb->blk);
    return 0;
}

int virtio_blk_init(void)
{
    struct pci_device *pci = pci_find(VIRTIO_PCI_VENDOR, VIRTIO_PCI_BLK_TRANSITIONAL, 0);
    if (!pci) {
        pr_warn("virtio-blk: no device\n");
        return -ENODEV;
    }
    return vblk_setup(&vblk0, pci);
}

void virtio_blk_stats(struct virtio_blk_stats *out)
{
    out->interrupts = vblk0.interrupts;
    out->completions = vblk0.completions;
    out->irq_completions = vblk0.irq_completions;
    out->sleeps = vblk0.sleeps;
}
