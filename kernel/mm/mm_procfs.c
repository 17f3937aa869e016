/*
 * kernel/mm/mm_procfs.c: the memory files of /proc, in Linux's formats
 * (proc(5)):
 *
 *   /proc/meminfo             MemTotal, MemFree, MemAvailable, Cached, Shmem, ... in kB,
 *                             and KernelHeap (pagelab's: what kmalloc has handed out)
 *   /proc/vmstat              page-cache, fault, swap and reclaim counters ("name value")
 *   /proc/pagecache           the page cache's hits, misses, evictions, write-backs,
 *                             read-ahead
 *   /proc/kmallocinfo         the kernel heap now, and the free frames at the same
 *                             instant (pagelab's own file, for leak tests)
 *   /proc/sys/vm/drop_caches  writing 1 (or 3) writes back dirty pages and
 *                             evicts every clean page-cache page nobody maps
 *   /proc/sys/vm/dirty_expire_centisecs, dirty_writeback_centisecs
 *                             as Linux's (Documentation/admin-guide/sysctl/vm.rst)
 *   /proc/sys/vm/fault_around_bytes  Linux's debugfs fault_around_bytes
 *   /proc/sys/vm/read_ahead_kb       Linux's /sys/block/DEV/queue/read_ahead_kb,
 *                                    for every file
 *   /proc/sys/vm/page-cluster        swap-in reads 2^N slots at once (Linux's)
 *   /proc/swaps                      is the swap areas' (kernel/mm/swap_area.c)
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
#include "kernel/mm/swap.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vmscan.h"

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
    struct swap_stats sw;
    frame_stats(&fs);
    pcache_get_stats(&pc);
    kmalloc_get_stats(&km);
    swap_get_stats(&sw);
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
                    (pc.cached + pc.unevictable) * KB_PER_PAGE, sw.cached_pages * KB_PER_PAGE,
                    sw.total_pages * KB_PER_PAGE, sw.free_pages * KB_PER_PAGE,
                    pc.dirty * KB_PER_PAGE, 0ul, pc.mapped * KB_PER_PAGE,
                    (pc.unevictable + (uint64_t)shmem_other_pages) * KB_PER_PAGE,
                    (km.bytes + 1023) / 1024, (unsigned long)(VM_HUGE_PAGE_SIZE / 1024));
}

/* Linux's names (mm/vmstat.c): pswpin/pswpout pages read from and written
   to swap; pgscan_* pages the reclaim clocks looked at, pgsteal_* pages
   they freed, by kswapd or by a faulting task (direct), of anonymous
   memory or of files; allocstall_normal direct reclaims; swap_ra pages
   read ahead from swap, swap_ra_hit those a fault then used. */
static long show_vmstat(void *arg, char *buf, size_t size)
{
    struct frame_stats fs;
    struct pcache_stats pc;
    struct swap_stats sw;
    struct vmscan_stats vs;
    frame_stats(&fs);
    pcache_get_stats(&pc);
    swap_get_stats(&sw);
    vmscan_get_stats(&vs);
    return snprintf(buf, size,
                    "nr_free_pages %lu\n"
                    "nr_file_pages %lu\n"
                    "nr_mapped %lu\n"
                    "nr_dirty %lu\n"
                    "nr_writeback 0\n"
                    "nr_written %lu\n"
                    "nr_swapcached %lu\n"
                    "pswpin %lu\n"
                    "pswpout %lu\n"
                    "pgfault %lu\n"
                    "pgmajfault %lu\n"
                    "pgsteal_kswapd %lu\n"
                    "pgsteal_direct %lu\n"
                    "pgscan_kswapd %lu\n"
                    "pgscan_direct %lu\n"
                    "pgscan_anon %lu\n"
                    "pgscan_file %lu\n"
                    "pgsteal_anon %lu\n"
                    "pgsteal_file %lu\n"
                    "allocstall_normal %lu\n"
                    "pageoutrun %lu\n"
                    "swap_ra %lu\n"
                    "swap_ra_hit %lu\n",
                    fs.free, pc.cached + pc.unevictable + sw.cached_pages, pc.mapped, pc.dirty,
                    pc.writebacks, sw.cached_pages, sw.pswpin, sw.pswpout, vm_total_faults,
                    vm_total_major_faults, vs.pgsteal_kswapd, vs.pgsteal_direct, vs.pgscan_kswapd,
                    vs.pgscan_direct, vs.pgscan_anon, vs.pgscan_file, vs.pgsteal_anon,
                    vs.pgsteal_file, vs.allocstall, vs.kswapd_runs, sw.ra, sw.ra_hit);
}

/* The page cache's own counters since boot, one "name value" per line:
   lookups that found the page (hits) or had to read it (misses), clean pages
   evicted under memory pressure or by drop_caches, pages written back (and
   in how many batches, how many because they were old, how many to free
   memory), read-ahead windows started on a miss (sync) or at a marker
   (async), pages read ahead of the reader, those later used (hits) and
   those dropped unused (misses: read for nothing), pages mapped by
   fault-around. */
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
                    "writeback_batches %lu\n"
                    "writeback_expired %lu\n"
                    "writeback_reclaim %lu\n"
                    "cached_pages %lu\n"
                    "dirty_pages %lu\n"
                    "mapped_pages %lu\n"
                    "readahead_sync %lu\n"
                    "readahead_async %lu\n"
                    "readahead_pages %lu\n"
                    "readahead_hits %lu\n"
                    "readahead_misses %lu\n"
                    "fault_around_pages %lu\n",
                    pc.hits, pc.misses, pc.evictions, pc.writebacks, pc.writeback_errors,
                    pc.writeback_runs, pc.writeback_expired, pc.writeback_reclaim, pc.cached,
                    pc.dirty, pc.mapped, pc.ra_sync, pc.ra_async, pc.ra_pages, pc.ra_hits,
                    pc.ra_unused, vm_fault_around_pages);
}

/* A decimal number written to a /proc/sys file (a trailing newline or
   spaces allowed): 0, or -EINVAL. */
static int parse_number(const char *data, size_t len, uint64_t *out)
{
    while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
        len--;
    if (len == 0 || len > 19)
        return -EINVAL;
    uint64_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] < '0' || data[i] > '9')
            return -EINVAL;
        v = v * 10 + (uint64_t)(data[i] - '0');
    }
    *out = v;
    return 0;
}

static long show_u32(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%u\n", *(uint32_t *)arg);
}

/* Linux takes any value for the two dirty_* knobs (0 turns the periodic
   write-back off); a centisecond count beyond 32 bits is refused. */
static int store_centisecs(uint32_t *knob, const char *data, size_t len)
{
    uint64_t v;
    if (parse_number(data, len, &v) || v > UINT32_MAX)
        return -EINVAL;
    *knob = (uint32_t)v;
    return 0;
}

static long show_dirty_expire(void *arg, char *buf, size_t size)
{
    return show_u32(&pcache_tunables.dirty_expire_cs, buf, size);
}
static int store_dirty_expire(void *arg, const char *data, size_t len)
{
    return store_centisecs(&pcache_tunables.dirty_expire_cs, data, len);
}
static long show_dirty_writeback(void *arg, char *buf, size_t size)
{
    return show_u32(&pcache_tunables.dirty_writeback_cs, buf, size);
}
static int store_dirty_writeback(void *arg, const char *data, size_t len)
{
    int err = store_centisecs(&pcache_tunables.dirty_writeback_cs, data, len);
    if (!err)
        pcache_flusher_kick(); /* the new interval counts from now */
    return err;
}

/* The largest read-ahead window, in KiB; 0 turns read-ahead off.  Linux
   keeps it per device; pagelab has one disk and one knob. */
static long show_read_ahead_kb(void *arg, char *buf, size_t size)
{
    return show_u32(&pcache_tunables.read_ahead_kb, buf, size);
}
static int store_read_ahead_kb(void *arg, const char *data, size_t len)
{
    uint64_t v;
    if (parse_number(data, len, &v) || v > 65536)
        return -EINVAL;
    pcache_tunables.read_ahead_kb = (uint32_t)v;
    return 0;
}

/* As Linux's fault_around_bytes_set: more than one page table's worth is
   refused, anything else rounds down to a power of two pages (at least one). */
static long show_fault_around(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%lu\n", vm_fault_around_bytes);
}
static int store_fault_around(void *arg, const char *data, size_t len)
{
    uint64_t v;
    if (parse_number(data, len, &v) || v > VM_FAULT_AROUND_MAX)
        return -EINVAL;
    uint64_t bytes = PAGE_SIZE;
    while (bytes * 2 <= v)
        bytes *= 2;
    vm_fault_around_bytes = bytes;
    return 0;
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

/* Linux takes 0 and up (a shift: 0 reads one page); pagelab reads at most
   64 slots at once (6). */
static long show_page_cluster(void *arg, char *buf, size_t size)
{
    return show_u32(&swap_page_cluster, buf, size);
}
static int store_page_cluster(void *arg, const char *data, size_t len)
{
    uint64_t v;
    if (parse_number(data, len, &v) || v > 6)
        return -EINVAL;
    swap_page_cluster = (uint32_t)v;
    return 0;
}

static long show_drop_caches(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "0\n");
}

/* Linux: 1 = page cache, 2 = slab objects and whatever else the kernel's
   shrinkers hold (dentries, inodes, binder's unused frames), 3 = both.
   pagelab's 2 asks every reclaimer that holds such a cache (frame.h). */
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
    if (data[0] != '1') {
        uint64_t n = frame_drop_caches(FRAME_DROP_KERNEL_CACHES);
        printk("drop_caches: %lu frames of kernel caches freed\n", n);
    }
    return 0;
}

PROC_FILE(meminfo, "meminfo", show_meminfo, NULL);
PROC_FILE(vmstat, "vmstat", show_vmstat, NULL);
PROC_FILE(pagecache, "pagecache", show_pagecache, NULL);
PROC_FILE(kmallocinfo, "kmallocinfo", show_kmallocinfo, NULL);
PROC_FILE(drop_caches, "sys/vm/drop_caches", show_drop_caches, store_drop_caches);
PROC_FILE(dirty_expire, "sys/vm/dirty_expire_centisecs", show_dirty_expire, store_dirty_expire);
PROC_FILE(dirty_writeback, "sys/vm/dirty_writeback_centisecs", show_dirty_writeback,
          store_dirty_writeback);
PROC_FILE(read_ahead_kb, "sys/vm/read_ahead_kb", show_read_ahead_kb, store_read_ahead_kb);
PROC_FILE(page_cluster, "sys/vm/page-cluster", show_page_cluster, store_page_cluster);
PROC_FILE(fault_around_bytes, "sys/vm/fault_around_bytes", show_fault_around, store_fault_around);
