/*
 * kernel/ipc/binder/alloc.c: the receive area of a binder process and its
 * buffers (alloc.h): mmap's checks, best fit with split and merge, one-way
 * space, and the region ops through which the receiver's page faults find
 * the area's frames.
 *
 * Sizes are Linux's (binder_alloc.c): a buffer holds its data, then its
 * offsets, each rounded up to 8 bytes (then scatter-gather extras), and an
 * empty transaction still takes 8 bytes so that every buffer has its own
 * address (BC_FREE_BUFFER names a buffer by it).  One-way buffers are
 * charged their size plus the kernel's bookkeeping (struct binder_buffer)
 * against half the area.
 */
#include "kernel/ipc/binder/alloc.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/task.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"

#define BINDER_ALIGN 8 /* sizeof(void *): data and offsets are each padded to it */

static uint64_t align8(uint64_t n)
{
    return (n + BINDER_ALIGN - 1) & ~(uint64_t)(BINDER_ALIGN - 1);
}

struct binder_alloc *binder_alloc_create(int pid, const char *dev_name, uint32_t rdev)
{
    struct binder_alloc *a = kzalloc(sizeof *a);
    if (!a)
        return NULL;
    a->refs = 1;
    a->pid = pid;
    a->dev_name = dev_name;
    a->rdev = rdev;
    list_init(&a->buffers);
    list_init(&a->free_buffers);
    list_init(&a->allocated);
    return a;
}

static void alloc_put(struct binder_alloc *a)
{
    if (--a->refs > 0)
        return;
    kfree(a->pages);
    kfree(a);
}

uint64_t binder_alloc_buffer_size(const struct binder_alloc *a, const struct binder_buffer *b)
{
    if (b->entry.next == &a->buffers)
        return a->size - b->offset;
    return list_entry(b->entry.next, struct binder_buffer, entry)->offset - b->offset;
}

/* Keeps free_buffers ordered by size, so the first that fits is the best. */
static void insert_free(struct binder_alloc *a, struct binder_buffer *b)
{
    uint64_t size = binder_alloc_buffer_size(a, b);
    struct list_head *pos;
    list_for_each(pos, &a->free_buffers)
    {
        struct binder_buffer *f = list_entry(pos, struct binder_buffer, size_link);
        if (binder_alloc_buffer_size(a, f) >= size)
            break;
    }
    b->free = true;
    list_add_tail(&b->size_link, pos); /* before pos: after every smaller one */
}

/* ---- mmap ------------------------------------------------------------------ */

/* Linux's binder_mmap: only the opener may map, never writable (and
   mprotect may not make it so), once per open, not inherited by fork. */
static int area_attach(void *obj, struct vm_space *vm, uint64_t start, uint64_t len, uint64_t pgoff,
                       uint32_t prot, uint32_t *flags)
{
    struct binder_alloc *a = obj;
    if (a->pid != task_tgid())
        return -EINVAL;
    if (prot & VM_PROT_WRITE)
        return -EPERM;
    if (a->mapped || a->dead)
        return -EBUSY;
    uint64_t size = len < BINDER_AREA_MAX ? len : BINDER_AREA_MAX;
    struct binder_page *pages = kzalloc(size / PAGE_SIZE * sizeof *pages);
    struct binder_buffer *first = kzalloc(sizeof *first);
    if (!pages || !first) {
        kfree(pages);
        kfree(first);
        return -ENOMEM;
    }
    a->pages = pages;
    a->npages = size / PAGE_SIZE;
    a->size = size;
    a->user_base = start;
    a->pgoff = pgoff;
    a->vm = vm;
    a->mapped = true;
    a->free_async_space = size / 2;
    list_add_tail(&first->entry, &a->buffers);
    insert_free(a, first);
    binder_pages_track(a);
    *flags |= VMA_DONTCOPY | VMA_DENYWRITE;
    return 0;
}

static void area_hold(void *obj)
{
    struct binder_alloc *a = obj;
    a->refs++;
    a->regions++;
}

/* A region went away.  When none is left the area is unmapped for good:
   Linux's binder_vma_close, after which senders get BR_DEAD_REPLY. */
static void area_release(void *obj)
{
    struct binder_alloc *a = obj;
    if (--a->regions == 0) {
        a->vm = NULL;
        a->vma_gone = true;
    }
    alloc_put(a);
}

/* The frame under a page of the area, for the receiver's fault.  Pages no
   buffer has used, and everything once the process is gone, are SIGBUS
   (Linux's binder_vm_fault). */
static struct page *area_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct binder_alloc *a = obj;
    if (a->dead || pgoff < a->pgoff || pgoff - a->pgoff >= a->npages)
        return NULL;
    struct page *p = a->pages[pgoff - a->pgoff].frame;
    if (p)
        page_get(p);
    return p;
}

static void area_describe(void *obj, struct vm_object_info *out)
{
    struct binder_alloc *a = obj;
    out->dev_major = (a->rdev >> 8) & 0xfff;
    out->dev_minor = a->rdev & 0xff;
    out->ino = 0;
    snprintf(out->name, sizeof out->name, "/dev/%s", a->dev_name);
}

const struct vm_backing_ops binder_vm_ops = {
    .get_page = area_get_page,
    .hold = area_hold,
    .release = area_release,
    .describe = area_describe,
    .mech = MECH_BINDER, /* the receiver's faults map frames of the area: binder's */
    .attach = area_attach,
};

/* ---- buffers ---------------------------------------------------------------- */

/* Every call splits a free buffer and every free merges it back: the struct
   of a merged-away buffer is kept for the next split instead of going
   through kmalloc each time. */
static struct binder_buffer *take_spare(struct binder_alloc *a)
{
    if (a->nspare) {
        struct binder_buffer *b = a->spare[--a->nspare];
        *b = (struct binder_buffer){ 0 };
        return b;
    }
    return kzalloc(sizeof(struct binder_buffer));
}

static void put_spare(struct binder_alloc *a, struct binder_buffer *b)
{
    if (!b)
        return;
    if (a->nspare < BINDER_SPARE_BUFFERS)
        a->spare[a->nspare++] = b;
    else
        kfree(b);
}

/* The first free buffer of at least size bytes (the list is by size). */
static struct binder_buffer *best_fit(struct binder_alloc *a, uint64_t size)
{
    struct list_head *pos;
    list_for_each(pos, &a->free_buffers)
    {
        struct binder_buffer *b = list_entry(pos, struct binder_buffer, size_link);
        if (binder_alloc_buffer_size(a, b) >= size)
            return b;
    }
    return NULL;
}

/* The bytes a buffer for these sizes takes: 0 if they overflow. */
static uint64_t buffer_bytes(uint64_t data_size, uint64_t offsets_size, uint64_t extra)
{
    uint64_t data_offsets = align8(data_size) + align8(offsets_size);
    if (data_offsets < data_size || data_offsets < offsets_size || align8(data_size) < data_size ||
        align8(offsets_size) < offsets_size)
        return 0;
    uint64_t size = data_offsets + align8(extra);
    if (size < data_offsets || size < extra)
        return 0;
    return size < BINDER_ALIGN ? BINDER_ALIGN : size;
}

int binder_alloc_new_buf(struct binder_alloc *a, uint64_t data_size, uint64_t offsets_size,
                         uint64_t extra, bool is_async, int pid, struct binder_buffer **out)
{
    if (!a->mapped || a->vma_gone || a->dead)
        return -ESRCH; /* Linux: "no vma" */
    uint64_t size = buffer_bytes(data_size, offsets_size, extra);
    if (!size)
        return -EINVAL;
    if (is_async && a->free_async_space < size + sizeof(struct binder_buffer))
        return -ENOSPC;
    struct binder_buffer *b = best_fit(a, size);
    if (!b)
        return -ENOSPC;
    uint64_t have = binder_alloc_buffer_size(a, b);
    struct binder_buffer *rest = NULL;
    if (have != size && !(rest = take_spare(a)))
        return -ENOMEM;
    list_del(&b->size_link);
    if (rest) {
        rest->offset = b->offset + size;
        list_add(&rest->entry, &b->entry);
        insert_free(a, rest);
    }
    b->free = false;
    b->allow_user_free = false;
    b->clear_on_free = false;
    b->async_transaction = false;
    b->transaction = NULL;
    b->target_node = NULL;
    b->data_size = data_size;
    b->offsets_size = offsets_size;
    b->extra_buffers_size = extra;
    b->pid = pid;
    /* In use before its frames come, so a reclaim they trigger leaves it. */
    list_add_tail(&b->size_link, &a->allocated);
    if (binder_pages_get(a, b->offset, size)) {
        binder_alloc_free_buf(a, b);
        return -ENOMEM;
    }
    b->async_transaction = is_async;
    if (is_async)
        a->free_async_space -= size + sizeof(struct binder_buffer);
    *out = b;
    return 0;
}

struct binder_buffer *binder_alloc_prepare_to_free(struct binder_alloc *a, uint64_t uptr, int *err)
{
    struct list_head *pos;
    list_for_each(pos, &a->allocated)
    {
        struct binder_buffer *b = list_entry(pos, struct binder_buffer, size_link);
        if (a->user_base + b->offset != uptr)
            continue;
        /* Not yet delivered, or already being freed: not the user's. */
        if (!b->allow_user_free) {
            *err = -EPERM;
            return NULL;
        }
        b->allow_user_free = false;
        return b;
    }
    *err = -ENOENT;
    return NULL;
}

/* Removes b (free, after prev) from the area; its bytes now belong to prev. */
static void delete_free(struct binder_alloc *a, struct binder_buffer *b)
{
    list_del(&b->size_link);
    list_del(&b->entry);
    put_spare(a, b);
}

void binder_alloc_free_buf(struct binder_alloc *a, struct binder_buffer *b)
{
    if (b->free || b->transaction)
        panic("binder_alloc_free_buf: buffer %d free=%d transaction=%p", b->debug_id, b->free,
              (void *)b->transaction);
    uint64_t size = binder_alloc_buffer_size(a, b);
    if (b->clear_on_free)
        binder_alloc_clear_buf(a, b);
    if (b->async_transaction)
        a->free_async_space += size + sizeof(struct binder_buffer);
    list_del(&b->size_link);
    b->free = true;
    if (b->entry.next != &a->buffers) {
        struct binder_buffer *next = list_entry(b->entry.next, struct binder_buffer, entry);
        if (next->free)
            delete_free(a, next);
    }
    if (b->entry.prev != &a->buffers) {
        struct binder_buffer *prev = list_entry(b->entry.prev, struct binder_buffer, entry);
        if (prev->free) {
            list_del(&b->entry);
            put_spare(a, b);
            b = prev;
            list_del(&b->size_link); /* its size changed: back in order below */
        }
    }
    insert_free(a, b);
}

void binder_alloc_release(struct binder_alloc *a)
{
    a->dead = true;
    while (!list_empty(&a->allocated)) {
        struct binder_buffer *b = list_entry(a->allocated.next, struct binder_buffer, size_link);
        b->transaction = NULL; /* every transaction is gone with the proc */
        binder_alloc_free_buf(a, b);
    }
    binder_pages_release_all(a);
    while (!list_empty(&a->buffers)) {
        struct binder_buffer *b = list_entry(a->buffers.next, struct binder_buffer, entry);
        list_del(&b->entry);
        kfree(b);
    }
    list_init(&a->free_buffers);
    while (a->nspare)
        kfree(a->spare[--a->nspare]);
    alloc_put(a);
}
