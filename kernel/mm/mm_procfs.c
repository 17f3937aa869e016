/*
 * kernel/mm/mm_procfs.c: the memory files of /proc, in Linux's formats
 * (proc(5)):
 *
 *   /proc/meminfo             MemTotal, MemFree, MemAvailable, Cached, Shmem, ... in kB,
 *                             and KernelHeap (pagelab's: what kmalloc has handed out)
 *   /proc/vmstat              page-cache and fault counters ("name value")
 *   /proc/pagecache           the page cache's hits, misses, evictions, write-backs
 *   /proc/kmallocinfo         the kernel heap now, and the free frames at the same
 *                             instant (pagelab's own file, for leak tests)
 *   /proc/sys/vm/drop_caches  writing 1 (or 3) writes back dirty pages and
 *                             evicts every clean page-cache page nobody maps
 *
 * /proc/PID/maps is the process layer's (kernel/proc/procfs_pid.c).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/meminfo.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/vm.h"

#define KB_PER_PAGE (PAGE_SIZE / 1024)

static int64_t shmem_other_pages; /* meminfo_shmem_add's */

void meminfo_shmem_add(int64_t pages) { shmem_other_pages += pages; }

uint64_t meminfo_shmem_pages(void)
{
    struct pcache_stats pc;
    pcache_get_stats(&pc);
    return pc.unevictable + (uint64_t)shmem_other_pages;
}

static long show_meminfo(void *arg, char *buf, size_t size)
{
    struct frame_stats fs;
    struct pcache_stats pc;
    struct kmalloc_stats km;
    frame_stats(&fs);
    pcache_get_stats(&pc);
    kmalloc_get_stats(&km);
    /* Clean cached pages nobody maps can be evicted on demand, so they
       count as available; memory-file-system pages (Shmem) cannot be, but
       Linux counts them in Cached too. */
    uint64_t clean = pc.cached - pc.dirty;
    uint64_t available = fs.free + (clean > pc.mapped ? clean - pc.mapped : 0);
    return snprintf(buf, size,
                    "MemTotal:       %8lu kB\n"
                    "MemFree:        %8lu kB\n"
                    "MemAvailable:   %8lu kB\n"
                    "Buffers:        %8lu kB\n"
                    "Cached:         %8lu kB\n"
                    "SwapCached:     %8lu kB\n"
                    "SwapTotal:      %8lu kB\n"
                    "SwapFree:       %8lu kB\n"
                    "Dirty:          %8lu kB\n"
                    "Writeback:      %8lu kB\n"
                    "Mapped:         %8lu kB\n"
                    "Shmem:          %8lu kB\n"
                    "KernelHeap:     %8lu kB\n"
                    "Hugepagesize:   %8lu kB\n",
                    fs.total * KB_PER_PAGE, fs.free * KB_PER_PAGE, available * KB_PER_PAGE, 0ul,
                    (pc.cached + pc.unevictable) * KB_PER_PAGE, 0ul, 0ul, 0ul,
                    pc.dirty * KB_PER_PAGE, 0ul, pc.mapped * KB_PER_PAGE,
                    (pc.unevictable + (uint64_t)shmem_other_pages) * KB_PER_PAGE,
                    (km.bytes + 1023) / 1024, (unsigned long)(VM_HUGE_PAGE_SIZE / 1024));
}

static long show_vmstat(void *arg, char *buf, size_t size)
{
    struct frame_stats fs;
    struct pcache_stats pc;
    frame_stats(&fs);
    pcache_get_stats(&pc);
    return snprintf(buf, size,
                    "nr_free_pages %lu\n"
                    "nr_file_pages %lu\n"
                    "nr_mapped %lu\n"
                    "nr_dirty %lu\n"
                    "nr_writeback 0\n"
                    "nr_written %lu\n"
                    "pgfault %lu\n"
                    "pgmajfault %lu\n",
                    fs.free, pc.cached, pc.mapped, pc.dirty, pc.writebacks, vm_total_faults,
                    vm_total_major_faults);
}

/* The page cache's own counters since boot, one "name value" per line:
   lookups that found the page (hits) or had to read it (misses), clean pages
   evicted under memory pressure or by drop_caches, pages written back. */
static long show_pagecache(void *arg, char *buf, size_t size)
{
    struct pcache_stats pc;
    pcache_get_stats(&pc);
    return snprintf(buf, size,
                    "hits %lu\n"
                    "misses %lu\n"
                    "evictions %lu\n"
                    "writebacks %lu\n"
                    "writeback_errors %lu\n"
                    "cached_pages %lu\n"
                    "dirty_pages %lu\n"
                    "mapped_pages %lu\n",
                    pc.hits, pc.misses, pc.evictions, pc.writebacks, pc.writeback_errors, pc.cached,
                    pc.dirty, pc.mapped);
}

/* kmalloc's counters, "name value" per line: objects handed out, their
   bytes (whole size classes and blocks), the frames kmalloc holds, and the
   free frames read at the same instant, so that a leak test can tell a
   slab page kmalloc keeps (pages + free_frames unchanged) from a frame that
   went missing. */
static long show_kmallocinfo(void *arg, char *buf, size_t size)
{
    struct kmalloc_stats km;
    struct frame_stats fs;
    kmalloc_get_stats(&km);
    frame_stats(&fs);
    return snprintf(buf, size,
                    "objects %lu\n"
                    "bytes %lu\n"
                    "pages %lu\n"
                    "free_frames %lu\n",
                    km.objects, km.bytes, km.pages, fs.free);
}

static long show_drop_caches(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "0\n");
}

/* Linux: 1 = page cache, 2 = slab objects (dentries, inodes), 3 = both.
   pagelab's only cache is the page cache, so 2 has nothing to drop. */
static int store_drop_caches(void *arg, const char *data, size_t len)
{
    while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
        len--;
    if (len != 1 || data[0] < '1' || data[0] > '3')
        return -EINVAL;
    if (data[0] != '2') {
        uint64_t n = pcache_drop_clean();
        pr_info("drop_caches: %lu page-cache pages evicted\n", n);
    }
    return 0;
}

PROC_FILE(meminfo, "meminfo", show_meminfo, NULL);
PROC_FILE(vmstat, "vmstat", show_vmstat, NULL);
PROC_FILE(pagecache, "pagecache", show_pagecache, NULL);
PROC_FILE(kmallocinfo, "kmallocinfo", show_kmallocinfo, NULL);
PROC_FILE(drop_caches, "sys/vm/drop_caches", show_drop_caches, store_drop_caches);
