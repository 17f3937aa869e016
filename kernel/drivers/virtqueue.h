/*
 * kernel/drivers/virtqueue.h: a split virtqueue in the legacy layout
 * (Virtual I/O Device 1.0, sections 2.4 and 2.4.2 "Legacy Interfaces: A
 * Note on Virtqueue Layout"): descriptor table, then the available ring,
 * then, at the next 4096-byte boundary, the used ring; all in physically
 * contiguous frames the device reads and writes by DMA.
 */
#ifndef PAGELAB_DRIVERS_VIRTQUEUE_H
#define PAGELAB_DRIVERS_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTQ_DESC_F_NEXT     1    /* section 2.4.5 */
#define VIRTQ_DESC_F_WRITE    2    /* the device writes this buffer */
#define VIRTQ_DESC_F_INDIRECT 4    /* the buffer is a table of descriptors (section 2.4.5.3) */
#define VIRTQ_LEGACY_ALIGN    4096 /* section 2.4.2 */
#define VIRTQ_MAX_SIZE        1024

struct virtq_desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
};

struct virtq_avail {
    uint16_t flags;
    uint16_t idx;
    uint16_t ring[];
};

struct virtq_used_elem {
    uint32_t id;
    uint32_t len;
};

struct virtq_used {
    uint16_t flags;
    uint16_t idx;
    struct virtq_used_elem ring[];
};

struct virtq_buf {
    uint64_t phys;
    uint32_t len;
    bool device_writes;
};

struct virtqueue {
    uint16_t size;
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    volatile struct virtq_used *used;
    uint64_t phys; /* of the whole area (desc table first) */
    uint16_t free_head, num_free;
    uint16_t last_used;           /* used->idx already consumed */
    void *cookie[VIRTQ_MAX_SIZE]; /* per head descriptor: the caller's request */
};

/* Allocates and clears the rings for a queue of size entries; 0 or -ENOMEM. */
int virtq_init(struct virtqueue *vq, uint16_t size);
/* Chains n buffers into descriptors and makes the chain available.
   -EAGAIN when not enough descriptors are free. */
int virtq_add(struct virtqueue *vq, const struct virtq_buf *bufs, int n, void *cookie);
/* Makes available one descriptor pointing at an indirect table of n
   descriptors at table_phys, filled by the caller.
   -EAGAIN when no descriptor is free.  The table's descriptors chain by
   index within it (section 2.4.5.3.1). */
int virtq_add_indirect(struct virtqueue *vq, uint64_t table_phys, int n, void *cookie);
/* Takes one completed chain off the used ring: its cookie, or NULL. */
void *virtq_take_used(struct virtqueue *vq, uint32_t *len);

#endif
