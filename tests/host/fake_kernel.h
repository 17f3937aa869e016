/*
 * tests/host/fake_kernel.h: the few kernel services that storage code needs,
 * faked on the host: frames (a malloc'd arena whose "physical" addresses map
 * back through phys_to_virt), kmalloc, the copy helpers (memcpy, counted),
 * printk/panic, and a RAM disk implementing struct blkdev.
 *
 * Include it before the kernel .c files under test.
 */
#ifndef PAGELAB_TESTS_FAKE_KERNEL_H
#define PAGELAB_TESTS_FAKE_KERNEL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/pagecache_internal.h"

#define FAKE_FRAMES 16384      /* 64 MiB */

/* The kernel's strlcpy (kernel/lib/string.c); the host's C library has none. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size - 1 ? n : size - 1;
        memmove(dst, src, k);
        dst[k] = '\0';
    }
    return n;
}

static uint8_t *fake_arena;
static struct page fake_pages[FAKE_FRAMES];
static struct list_head fake_free = LIST_HEAD_INIT(fake_free);
static uint64_t fake_free_count;
static uint64_t fake_frame_limit = FAKE_FRAMES;   /* tests lower it to force eviction */
static uint64_t fake_in_use;

static void fake_frames_init(void)
{
    if (fake_arena)
        return;
    fake_arena = aligned_alloc(PAGE_SIZE, (size_t)FAKE_FRAMES * PAGE_SIZE);
    for (int i = FAKE_FRAMES - 1; i >= 0; i--) {
        list_add(&fake_pages[i].list, &fake_free);
        fake_free_count++;
    }
}

uint64_t page_to_phys(const struct page *p)
{
    return (uint64_t)(uintptr_t)(fake_arena + (size_t)(p - fake_pages) * PAGE_SIZE) - PHYS_MAP_BASE;
}

struct page *phys_to_page(uint64_t pa)
{
    uint8_t *va = (uint8_t *)(uintptr_t)(pa + PHYS_MAP_BASE);
    return &fake_pages[(va - fake_arena) / PAGE_SIZE];
}

/* Nothing else runs on the host: no reclaimer is asked, nobody maps a
   cache page, no page is ever locked by another task. */
void frame_register_reclaimer(struct frame_reclaimer *r) {}
void vm_harvest_dirty(struct pcache_mapping *m) {}
void vm_unmap_cache_pages(struct pcache_mapping *m, uint64_t first, uint64_t end) {}
/* Swap (kernel/mm/pagecache_swap.c) takes pages of memory-file-system
   mappings only, under memory pressure of a running kernel: nothing here
   is ever swapped, so nothing is ever found on swap. */
struct page *pcache_swap_in(struct pcache_mapping *m, uint64_t index, bool *did_io, int *err)
{
    fprintf(stderr, "pcache_swap_in: nothing is swapped in the host tests\n");
    abort();
}
void pcache_swap_discard(struct pcache_mapping *m, uint64_t index) {}
void pcache_swap_truncate(struct pcache_mapping *m, uint64_t first, uint64_t end) {}
void wake_up(struct waitqueue *wq) {}
/* No epoll instance exists on the host: no file is ever watched. */
struct file;
void eventpoll_release_file(struct file *f) {}
/* Nor any flock lock (kernel/fs/flock.c). */
void locks_file_released(struct file *f) {}
static void fake_no_sleeping(void)
{
    fprintf(stderr, "fake kernel: a task would sleep, but no other task exists\n");
    abort();
}
void waitqueue_sleep_irqoff(struct waitqueue *wq, uint64_t deadline_ns) { fake_no_sleeping(); }
void sched_block(uint64_t deadline_ns) { fake_no_sleeping(); }
void sched_wake(struct proc *task) {}
struct proc *sched_current_task(void) { return NULL; }
bool sched_signal_pending(void) { return false; }
void wait_entry_init(struct wait_entry *e, wake_fn wake, void *private)
{
    list_init(&e->link);
    e->task = NULL;
    e->wake = wake;
    e->private = private;
}
/* A fixed wall clock: file times are predictable.  The monotonic clock is
   the tests' to move (dirty expiry). */
uint64_t clock_realtime_ns(void) { return 1700000000ull * 1000000000ull; }
static uint64_t fake_monotonic_ns = 1000000000ull;
uint64_t clock_monotonic_ns(void) { return fake_monotonic_ns; }

struct page *frame_alloc(void)
{
    fake_frames_init();
    if (list_empty(&fake_free) || fake_in_use >= fake_frame_limit)
        return NULL;
    struct page *p = list_first_entry(&fake_free, struct page, list);
    list_del(&p->list);
    fake_free_count--;
    fake_in_use++;
    memset(p, 0, sizeof *p);
    list_init(&p->list);
    p->refcount = 1;
    memset(page_to_virt(p), 0xa5, PAGE_SIZE);   /* garbage, as real frames hold */
    return p;
}

void page_get(struct page *p) { p->refcount++; }

void page_put(struct page *p)
{
    if (p->refcount <= 0) {
        fprintf(stderr, "page_put: refcount %d\n", p->refcount);
        abort();
    }
    if (--p->refcount == 0) {
        list_add(&p->list, &fake_free);
        fake_free_count++;
        fake_in_use--;
    }
}

void frame_stats(struct frame_stats *out)
{
    out->total = fake_frame_limit;
    out->free = fake_frame_limit - fake_in_use;
    out->reserved = 0;
}

void *kmalloc(size_t n) { return malloc(n); }
void *kzalloc(size_t n) { return calloc(1, n); }
void kfree(void *p) { free(p); }

static uint64_t fake_copied[COPY_KIND_COUNT][MECH_COUNT];
static uint64_t fake_zeroed[MECH_COUNT];

void ledger_zero_fill(enum copy_mech mech, uint64_t bytes) { fake_zeroed[mech] += bytes; }
void copy_kernel(void *dst, const void *src, size_t n, enum copy_mech mech)
{
    memcpy(dst, src, n);
    fake_copied[COPY_KERNEL_TO_KERNEL][mech] += n;
}
long copy_to_user(void *dst, const void *src, size_t n, enum copy_mech mech)
{
    memcpy(dst, src, n);
    fake_copied[COPY_KERNEL_TO_USER][mech] += n;
    return 0;
}
long copy_from_user(void *dst, const void *src, size_t n, enum copy_mech mech)
{
    memcpy(dst, src, n);
    fake_copied[COPY_USER_TO_KERNEL][mech] += n;
    return 0;
}
long clear_user(void *dst, size_t n, enum copy_mech mech)
{
    memset(dst, 0, n);
    ledger_zero_fill(mech, n);
    return 0;
}
void copy_record_dma(bool to_memory, size_t n, enum copy_mech mech)
{
    fake_copied[to_memory ? COPY_DEVICE_TO_MEMORY : COPY_MEMORY_TO_DEVICE][mech] += n;
}
void dma_pending_begin(struct dma_pending *d) { d->owner = NULL; }
void dma_pending_end(struct dma_pending *d, bool to_memory, size_t n, enum copy_mech mech)
{
    copy_record_dma(to_memory, n, mech);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "panic: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();
}

/* A RAM disk: transfers are memcpy standing in for DMA, counted like DMA;
   each request ends at once, inside submit (as if its interrupt came
   immediately).  Small limits, so that tests see requests split and merge. */
struct ramdisk {
    struct blkdev dev;
    uint8_t *bytes;
    uint64_t size;
    int fail_reads;          /* > 0: the next read requests fail with -EIO */
    int fail_writes;         /* > 0: the next write requests fail with -EIO */
};

#define RAMDISK_MAX_SEGS  8
#define RAMDISK_MAX_BYTES (64 * 1024)

static int ramdisk_submit(struct blkdev *dev, struct blk_req *r)
{
    struct ramdisk *rd = dev->driver_data;
    if (r->nseg > dev->limits.max_segs || r->bytes > dev->limits.max_bytes) {
        fprintf(stderr, "ramdisk: request of %u segments / %u bytes over the limits\n", r->nseg,
                r->bytes);
        abort();
    }
    if ((r->op == BLK_READ && rd->fail_reads > 0) || (r->op == BLK_WRITE && rd->fail_writes > 0)) {
        if (r->op == BLK_READ)
            rd->fail_reads--;
        else
            rd->fail_writes--;
        blk_req_end(r, -EIO);
        return 0;
    }
    uint64_t at = r->sector * SECTOR_SIZE;
    for (uint32_t i = 0; i < r->nseg; i++) {
        uint8_t *mem = phys_to_virt(r->seg[i].phys);
        if (r->op == BLK_WRITE)
            memcpy(rd->bytes + at, mem, r->seg[i].len);
        else if (r->op == BLK_READ)
            memcpy(mem, rd->bytes + at, r->seg[i].len);
        at += r->seg[i].len;
    }
    blk_req_end(r, 0);
    return 0;
}

static struct ramdisk *ramdisk_new(const char *name, uint64_t size)
{
    struct ramdisk *rd = calloc(1, sizeof *rd);
    rd->bytes = calloc(1, size);
    rd->size = size;
    snprintf(rd->dev.name, sizeof rd->dev.name, "%s", name);
    rd->dev.sectors = size / SECTOR_SIZE;
    rd->dev.submit = ramdisk_submit;
    rd->dev.driver_data = rd;
    rd->dev.queue_depth = 4;
    rd->dev.has_flush = true;
    rd->dev.limits = (struct blk_limits){ RAMDISK_MAX_SEGS, RAMDISK_MAX_BYTES, RAMDISK_MAX_BYTES,
                                          0 };
    if (blkdev_init(&rd->dev)) {
        fprintf(stderr, "ramdisk: no memory\n");
        abort();
    }
    return rd;
}

#endif
