/* kernel/drivers/virtio_blk.h: the virtio block driver (legacy PCI). */
#ifndef PAGELAB_DRIVERS_VIRTIO_BLK_H
#define PAGELAB_DRIVERS_VIRTIO_BLK_H

#include <stdint.h>

/* Finds the first virtio-blk PCI device and registers it as block device
   "vda".  0, or -ENODEV / -EIO. */
int virtio_blk_init(void);
struct virtio_blk_stats {
    uint64_t interrupts;      /* taken with our ISR bit set */
    uint64_t completions;     /* requests finished */
    uint64_t irq_completions; /* of which the interrupt handler found finished (all of them) */
    uint64_t sleeps;          /* times a submitter slept for room in the ring */
    uint64_t requests;        /* requests sent */
    uint64_t segments;        /* memory segments in them */
};
void virtio_blk_stats(struct virtio_blk_stats *out);

#endif
