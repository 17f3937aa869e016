/* kernel/drivers/virtio_blk.h: the virtio block driver (legacy PCI). */
#ifndef PAGELAB_DRIVERS_VIRTIO_BLK_H
#define PAGELAB_DRIVERS_VIRTIO_BLK_H

#include <stdint.h>

/* Finds the first virtio-blk PCI device and registers it as block device
   "vda".  0, or -ENODEV / -EIO. */
int virtio_blk_init(void);
/* Interrupts taken and requests completed, for tests. */
void virtio_blk_stats(uint64_t *interrupts, uint64_t *completions);

#endif
