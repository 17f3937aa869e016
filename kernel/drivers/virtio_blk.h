/* kernel/drivers/virtio_blk.h: the virtio block driver (legacy PCI). */
#ifndef PAGELAB_DRIVERS_VIRTIO_BLK_H
#define PAGELAB_DRIVERS_VIRTIO_BLK_H

#include <stdint.h>

/* Registers every virtio-blk PCI device, in PCI order, as block devices
   "vda", "vdb", ...  0 (at least one), or -ENODEV / -EIO. */
int virtio_blk_init(void);
struct virtio_blk_stats {
    uint64_t interrupts;      /* taken with our ISR bit set */
    uint64_t completions;     /* requests finished */
    uint64_t irq_completions; /* of which the interrupt handler found finished (all of them) */
    uint64_t sleeps;          /* times a submitter slept for room in the ring */
    uint64_t requests;        /* requests sent */
    uint64_t segments;        /* memory segments in them */
};
/* The first disk's (vda's) counters. */
void virtio_blk_stats(struct virtio_blk_stats *out);

#endif
