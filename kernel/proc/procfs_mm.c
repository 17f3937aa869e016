/*
 * kernel/proc/procfs_mm.c: the memory files of /proc, in Linux's formats
 * (proc(5)):
 *
 *   /proc/PID/maps            one line per region:
 *                             start-end perms offset major:minor inode   path
 *   /proc/vmstat              page-cache and fault counters ("name value")
 *   /proc/pagecache           the page cache's hits, misses, evictions, write-backs
 *   /proc/sys/vm/drop_caches  writing 1 (or 3) writes back dirty pages and
 *                             evicts every clean page-cache page nobody maps
 */
#include "kernel/proc/procfs_mm.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

/* Linux pads the header to this column before the path (fs/proc/task_mmu.c
   sets the width to 25 + 6 * sizeof(void *) - 1). */
#define MAPS_NAME_COLUMN 73

static void region_name(const struct vm_space *vm, const struct vma *v, struct vm_object_info *info)
{
    memset(info, 0, sizeof *info);
    if (v->ops && v->ops->describe) {
        v->ops->describe(v->obj, info);
        if ((v->flags & VMA_EXEC_IMAGE) && !info->name[0])
            strlcpy(info->name, vm->exe_path, sizeof info->name);
    } else if (v->flags & VMA_HEAP)
        strlcpy(info->name, "[heap]", sizeof info->name);
    else if (v->flags & VMA_STACK)
        strlcpy(info->name, "[stack]", sizeof info->name);
}

static long show_one(const struct vm_space *vm, const struct vma *v, char *buf, size_t size)
{
    struct vm_object_info info;
    region_name(vm, v, &info);
    uint64_t offset = v->ops ? v->pgoff * PAGE_SIZE : 0;
    int n = snprintf(buf, size, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", v->start, v->end,
                     (v->prot & VM_PROT_READ) ? 'r' : '-', (v->prot & VM_PROT_WRITE) ? 'w' : '-',
                     (v->prot & VM_PROT_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p',
                     offset, info.dev_major, info.dev_minor, info.ino);
    if (info.name[0] && (size_t)n < size) {
        /* The header's own trailing space counts: pad to the column, then
           the name (Linux's seq_pad adds one space even past the column). */
        n--;
        do
            buf[n++] = ' ';
        while (n < MAPS_NAME_COLUMN && (size_t)n + 1 < size);
        n += snprintf(buf + n, size - (size_t)n, "%s", info.name);
    }
    if ((size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "\n");
    return n;
}

long procfs_show_maps(struct proc *p, char *buf, size_t size)
{
    struct vm_space *vm = p->vm;
    size_t n = 0;
    for (int i = 0; vm && i < vm->count && n < size; i++)
        n += (size_t)show_one(vm, &vm->vmas[i], buf + n, size - n);
    return (long)(n < size ? n : size);
}

long procfs_show_vmstat(void *arg, char *buf, size_t size)
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
long procfs_show_pagecache(void *arg, char *buf, size_t size)
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
                    pc.hits, pc.misses, pc.evictions, pc.writebacks, pc.writeback_errors,
                    pc.cached, pc.dirty, pc.mapped);
}

long procfs_show_drop_caches(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "0\n");
}

/* Linux: 1 = page cache, 2 = slab objects (dentries, inodes), 3 = both.
   pagelab's only cache is the page cache, so 2 has nothing to drop. */
int procfs_store_drop_caches(void *arg, const char *data, size_t len)
{
    while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
        len--;
    if (len != 1 || data[0] < '1' || data[0] > '3')
        return -EINVAL;
    if (data[0] != '2') {
        uint64_t n = pcache_drop_clean();
        printk("drop_caches: %lu page-cache pages evicted\n", n);
    }
    return 0;
}
