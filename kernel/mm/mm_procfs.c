/*
 * kernel/mm/mm_procfs.c: the memory files of /proc, in Linux's formats
 * (proc(5)):
 *
 *   /proc/meminfo             MemTotal, MemFree, MemAvailable, Cached, ... in kB
 *   /proc/vmstat              page-cache and fault counters ("name value")
 *   /proc/pagecache           the page cache's hits, misses, evictions, write-backs
 *   /proc/sys/vm/drop_caches  writing 1 (or 3) writes back dirty pages and
 *                             evicts every clean page-cache page nobody maps
 *
 * /proc/PID/maps is the process layer's (kernel/proc/procfs_pid.c).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/vm.h"

#define KB_PER_PAGE (PAGE_SIZE / 1024)

static long show_meminfo(void *arg, char *buf, size_t size)
{
    struct frame_stats fs;
    struct pcache_stats pc;
    frame_stats(&fs);
    pcache_get_stats(&pc);
    /* Clean cached pages nobody maps can be evicted on demand, so they
       count as available. */
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
                    "Hugepagesize:   %8lu kB\n",
                    fs.total * KB_PER_PAGE, fs.free * KB_PER_PAGE, available * KB_PER_PAGE, 0ul,
                    pc.cached * KB_PER_PAGE, 0ul, 0ul, 0ul, pc.dirty * KB_PER_PAGE, 0ul,
                    pc.mapped * KB_PER_PAGE, (unsigned long)(VM_HUGE_PAGE_SIZE / 1024));
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
PROC_FILE(drop_caches, "sys/vm/drop_caches", show_drop_caches, store_drop_caches);
