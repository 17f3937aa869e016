/*
 * kernel/drivers/virtqueue.c: the driver side of a legacy split virtqueue.
 * Memory barriers: the device must see the descriptors before the ring
 * entry, and the ring entry before the index (section 2.4.6); on x86 stores
 * are not reordered with stores, so a compiler barrier is enough, and the
 * notify that follows is an I/O write, which is serializing.
 */
#include "kernel/drivers/virtqueue.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

#define barrier() __asm__ volatile("" ::: "memory")

static uint64_t align_up(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

int virtq_init(struct virtqueue *vq, uint16_t size)
{
    if (size == 0 || size > VIRTQ_MAX_SIZE)
        return -EINVAL;
    uint64_t avail_end = 16ull * size + 6 + 2ull * size;
    uint64_t used_off = align_up(avail_end, VIRTQ_LEGACY_ALIGN);
    uint64_t total = used_off + align_up(6 + 8ull * size, VIRTQ_LEGACY_ALIGN);
    unsigned order = 0;
    while (((uint64_t)PAGE_SIZE << order) < total)
        order++;
    struct page *p = frame_alloc_order(order);
    if (!p)
        return -ENOMEM;
    uint8_t *base = page_to_virt(p);
    memset(base, 0, PAGE_SIZE << order);
    vq->size = size;
    vq->phys = page_to_phys(p);
    vq->desc = (struct virtq_desc *)base;
    vq->avail = (struct virtq_avail *)(base + 16ull * size);
    vq->used = (volatile struct virtq_used *)(base + used_off);
    for (uint16_t i = 0; i < size; i++)
        vq->desc[i].next = (uint16_t)(i + 1);
    vq->free_head = 0;
    vq->num_free = size;
    vq->last_used = 0;
    return 0;
}

/* Puts the chain starting at head in the available ring. */
static void make_available(struct virtqueue *vq, uint16_t head, void *cookie)
{
    vq->cookie[head] = cookie;
    vq->avail->ring[vq->avail->idx % vq->size] = head;
    barrier();
    vq->avail->idx++;
    barrier();
}

int virtq_add_indirect(struct virtqueue *vq, uint64_t table_phys, int n, void *cookie)
{
    if (vq->num_free < 1)
        return -EAGAIN;
    uint16_t head = vq->free_head;
    struct virtq_desc *d = &vq->desc[head];
    vq->free_head = d->next;
    vq->num_free--;
    d->addr = table_phys;
    d->len = (uint32_t)(n * sizeof(struct virtq_desc));
    d->flags = VIRTQ_DESC_F_INDIRECT;
    make_available(vq, head, cookie);
    return 0;
}

int virtq_add(struct virtqueue *vq, const struct virtq_buf *bufs, int n, void *cookie)
{
    if (n <= 0 || vq->num_free < n)
        return -EAGAIN;
    uint16_t head = vq->free_head, i = head, last = head;
    for (int k = 0; k < n; k++) {
        struct virtq_desc *d = &vq->desc[i];
        d->addr = bufs[k].phys;
        d->len = bufs[k].len;
        d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
                              (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
        last = i;
        i = d->next;
    }
    vq->free_head = vq->desc[last].next;
    vq->num_free = (uint16_t)(vq->num_free - n);
    make_available(vq, head, cookie);
    return 0;
}

void *virtq_take_used(struct virtqueue *vq, uint32_t *len)
{
    barrier();
    if (vq->last_used == vq->used->idx)
        return NULL;
    volatile struct virtq_used_elem *e = &vq->used->ring[vq->last_used % vq->size];
    uint16_t head = (uint16_t)e->id;
    if (len)
        *len = e->len;
    vq->last_used++;
    /* Give the chain's descriptors back to the free list. */
    uint16_t i = head, n = 1;
    while (vq->desc[i].flags & VIRTQ_DESC_F_NEXT) {
        i = vq->desc[i].next;
        n++;
    }
    vq->desc[i].next = vq->free_head;
    vq->free_head = head;
    vq->num_free = (uint16_t)(vq->num_free + n);
    void *cookie = vq->cookie[head];
    vq->cookie[head] = NULL;
    return cookie;
}
