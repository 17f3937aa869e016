/*
 * kernel/proc/procfs.c: /proc, in Linux's formats (proc(5)):
 *
 *   /proc/cmdline        the kernel command line
 *   /proc/meminfo        MemTotal, MemFree, MemAvailable, Cached, ... in kB
 *   /proc/PID/stat       "pid (comm) state ppid pgrp session ..." (52 fields)
 *   /proc/PID/comm       the program name
 *   /proc/PID/maps       its regions (procfs_mm.c, with /proc/vmstat and
 *                        /proc/sys/vm/drop_caches)
 *   /proc/self           the caller's /proc/PID (a directory here, since
 *                        pagelab has no symbolic links yet)
 *   /proc/copies         the copy ledger of the whole kernel (procfs_copies.c)
 *   /proc/PID/copies     the copy ledger of one process
 */
#include "kernel/arch/multiboot.h"
#include "kernel/fs/synthfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/arch_glue.h"
#include "kernel/proc/devfs.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/procfs_mm.h"
#include "kernel/proc/procfs_copies.h"

#define PROC_PID_INO_BASE 0x10000ull
#define KB_PER_PAGE       (PAGE_SIZE / 1024)
#define NS_PER_CLOCK_TICK 10000000ull     /* USER_HZ 100: times in stat are in 1/100 s */
#define TIMER_NS_PER_TICK (1000000000ull / TIMER_HZ)

static long show_cmdline(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%s\n", boot_info.cmdline);
}

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
                    fs.total * KB_PER_PAGE, fs.free * KB_PER_PAGE, available * KB_PER_PAGE,
                    0ul, pc.cached * KB_PER_PAGE, 0ul, 0ul, 0ul, pc.dirty * KB_PER_PAGE, 0ul,
                    pc.mapped * KB_PER_PAGE, (unsigned long)(VM_HUGE_PAGE_SIZE / 1024));
}

/* The process a /proc/PID entry stands for; NULL once it is reaped. */
static struct proc *proc_of(void *arg)
{
    return proc_find((int)(uintptr_t)arg);
}

static char state_letter(const struct proc *p)
{
    if (p->state == PROC_ZOMBIE)
        return 'Z';
    if (p->state == PROC_SLEEPING)
        return 'S';
    return 'R';
}

static uint64_t vsize_bytes(const struct vm_space *vm)
{
    uint64_t total = 0;
    for (int i = 0; vm && i < vm->count; i++)
        total += vm->vmas[i].end - vm->vmas[i].start;
    return total;
}

static long show_stat(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    if (!p)
        return -ESRCH;
    uint64_t start_ticks = p->start_ns / NS_PER_CLOCK_TICK;
    /* Fields 1-24 as proc(5) numbers them; utime/stime in USER_HZ ticks;
       fields 10-13: minflt cminflt majflt cmajflt. */
    uint64_t minflt = p->past_minor_faults + (p->vm ? p->vm->minor_faults : 0);
    uint64_t majflt = p->past_major_faults + (p->vm ? p->vm->major_faults : 0);
    int n = snprintf(buf, size,
                     "%d (%s) %c %d %d %d 0 -1 %u %lu %lu %lu %lu %lu %lu 0 0 20 0 1 0 %lu %lu %lu",
                     p->pid, p->comm, state_letter(p), p->parent ? p->parent->pid : 0, p->pgid,
                     p->pgid, p->is_kthread ? 0x00200000u : 0u, minflt, p->child_minor_faults,
                     majflt, p->child_major_faults,
                     (unsigned long)(p->user_ticks * TIMER_NS_PER_TICK / NS_PER_CLOCK_TICK),
                     (unsigned long)(p->system_ticks * TIMER_NS_PER_TICK / NS_PER_CLOCK_TICK),
                     start_ticks,
                     vsize_bytes(p->vm), p->vm ? p->vm->resident_pages : 0);
    /* Fields 25-52: limits, addresses, signals, ... reported as 0. */
    for (int field = 25; field <= 52 && (size_t)n < size; field++)
        n += snprintf(buf + n, size - (size_t)n, " 0");
    if ((size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "\n");
    return n;
}

static long show_comm(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    return p ? snprintf(buf, size, "%s\n", p->comm) : -ESRCH;
}

static long show_maps(void *arg, char *buf, size_t size)
{
    struct proc *p = proc_of(arg);
    return p ? procfs_show_maps(p, buf, size) : -ESRCH;
}

static void file_entry(struct synth_entry *out, const char *name, synth_show_fn show)
{
    memset(out, 0, sizeof *out);
    strlcpy(out->name, name, sizeof out->name);
    out->mode = S_IFREG | 0444;
    out->show = show;
}

static void dir_entry(struct synth_entry *out, const char *name, synth_list_fn list, uint64_t ino)
{
    memset(out, 0, sizeof *out);
    strlcpy(out->name, name, sizeof out->name);
    out->mode = S_IFDIR | 0555;
    out->list = list;
    out->ino = ino;
}

static int pid_dir_list(void *arg, int index, struct synth_entry *out)
{
    static const struct { const char *name; synth_show_fn show; } files[] = {
        { "stat", show_stat },
        { "comm", show_comm },
        { "maps", show_maps },
        { "copies", procfs_show_pid_copies },
    };
    if (index < 0 || index >= (int)(sizeof files / sizeof files[0]))
        return -ENOENT;
    file_entry(out, files[index].name, files[index].show);
    out->arg = arg;
    return 0;
}

static void pid_entry(struct synth_entry *out, const char *name, int pid)
{
    dir_entry(out, name, pid_dir_list, PROC_PID_INO_BASE + (uint64_t)pid);
    out->arg = (void *)(uintptr_t)pid;
}

static int sys_vm_list(void *arg, int index, struct synth_entry *out)
{
    if (index != 0)
        return -ENOENT;
    file_entry(out, "drop_caches", procfs_show_drop_caches);
    out->mode = S_IFREG | 0644;
    out->store = procfs_store_drop_caches;
    return 0;
}

static int sys_list(void *arg, int index, struct synth_entry *out)
{
    if (index != 0)
        return -ENOENT;
    dir_entry(out, "vm", sys_vm_list, 4);
    return 0;
}

/* Fixed entries first, then one directory per process (pid order of the table). */
static int root_list(void *arg, int index, struct synth_entry *out)
{
    memset(out, 0, sizeof *out);
    switch (index) {
    case 0:
        file_entry(out, "cmdline", show_cmdline);
        return 0;
    case 1:
        file_entry(out, "meminfo", show_meminfo);
        return 0;
    case 2:
        pid_entry(out, "self", current->pid);
        out->ino = 2;
        return 0;
    case 3:
        file_entry(out, "vmstat", procfs_show_vmstat);
        return 0;
    case 4:
        dir_entry(out, "sys", sys_list, 3);
        return 0;
    case 5:
        file_entry(out, "copies", procfs_show_global_copies);
        return 0;
    case 6:
        file_entry(out, "pagecache", procfs_show_pagecache);
        return 0;
    }
    int k = index - 7;
    struct list_head *l;
    list_for_each(l, &proc_all) {
        struct proc *p = list_entry(l, struct proc, all_link);
        if (p->pid == 0)
            continue;
        if (k-- == 0) {
            char name[16];
            snprintf(name, sizeof name, "%d", p->pid);
            pid_entry(out, name, p->pid);
            return 0;
        }
    }
    return -ENOENT;
}

int procfs_mount(void)
{
    struct super_block *sb = synthfs_create("procfs", root_list, NULL);
    if (!sb)
        return -ENOMEM;
    return mount_on_dir("/proc", sb);
}
