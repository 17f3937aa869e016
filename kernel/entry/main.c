/*
 * kernel/entry/main.c: kmain, called by boot/boot.S in 64-bit mode on the
 * boot stack, and the one init sequence: each layer is brought up in the
 * order of the layers (docs/architecture.md), bottom first.
 *
 * The boot stack sets up what never sleeps (consoles, the CPU, memory,
 * devices, the scheduler), then becomes the idle thread's caller.  The
 * rest runs in pid 1, a kernel thread that may sleep: it mounts the file
 * systems (the disk completes requests by interrupt and wakes it), starts
 * the kernel's own threads, and then either runs the in-kernel tests
 * (ktest= on the command line) or becomes /bin/init (init= names another).
 */
#include "kernel/drivers/bootmod.h"
#include "kernel/drivers/clock.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/rtc.h"
#include "kernel/drivers/serial.h"
#include "kernel/drivers/tty.h"
#include "kernel/drivers/virtio_blk.h"
#include "kernel/entry/crashtest.h"
#include "kernel/entry/gdt.h"
#include "kernel/entry/multiboot.h"
#include "kernel/entry/syscall_setup.h"
#include "kernel/entry/trap.h"
#include "kernel/fs/devfs.h"
#include "kernel/fs/memfs/memfs.h"
#include "kernel/fs/procfs.h"
#include "kernel/fs/rootfs.h"
#include "kernel/hw/io.h"
#include "kernel/hw/power.h"
#include "kernel/ipc/binder/binder.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/ipc/eventfd.h"
#include "kernel/ipc/pipe.h"
#include "kernel/proc/timerfd.h"
#include "kernel/proc/signalfd.h"
#include "kernel/ipc/unix_sock.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/cpufeature.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/paging.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/swap.h"
#include "kernel/mm/vmscan.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/procfs_pid.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/thread_group.h"

#define INIT_DEFAULT "/bin/init"

static bool console_raw;

/* lib: kernel messages need a console (the serial driver's), and the
   command line says which. */
static void consoles_init(void)
{
    serial_init(COM1_PORT);
    serial_init(COM2_PORT);
    char mode[16];
    console_raw =
        cmdline_get(kernel_cmdline(), "console", mode, sizeof mode) && strcmp(mode, "raw") == 0;
    /* "quiet": the whole log goes to COM2, a file on the host
       (tools/run-in-vm); COM1 carries only the programs' own bytes.
       Otherwise COM1 is a terminal that shows what the console level lets
       through (printk.h), and dmesg the rest. */
    bool quiet = cmdline_has(kernel_cmdline(), "quiet");
    printk_init(kernel_cmdline());
    serial_console_start(quiet ? COM2_PORT : COM1_PORT, !quiet && !console_raw, quiet);
}

/* mm: frames from the firmware's memory map (minus what GRUB put there),
   the final page tables, the page cache, the swap cache. */
static void memory_init(void)
{
    struct phys_range reserved[1 + BOOTMOD_MAX];
    int n = 0;
    reserved[n++] =
        (struct phys_range){ boot_info.info_phys, boot_info.info_phys + boot_info.info_size };
    for (int i = 0; i < boot_info.module_count; i++)
        reserved[n++] = (struct phys_range){ boot_info.modules[i].start, boot_info.modules[i].end };
    frame_init(boot_info.memmap, boot_info.memmap_count, reserved, n);
    paging_init();
    pcache_init();
    swap_init();
    ist_guard_pages_unmap(); /* the entry code's stacks, once paging_init built the tables */

    struct frame_stats fs;
    frame_stats(&fs);
    pr_notice(
        "pagelab: x86-64 teaching kernel, %lu MiB of usable memory (%lu MiB free), booted by %s\n",
        (fs.total << PAGE_SHIFT) >> 20, (fs.free << PAGE_SHIFT) >> 20,
        boot_info.bootloader[0] ? boot_info.bootloader : "?");
    pr_notice("pagelab: command line: %s\n", kernel_cmdline());
}

/* drivers: the timer and clocks, terminals, PCI and the disk, boot modules. */
static void drivers_init(void)
{
    clock_init();
    rtc_init();
    tty_init(console_raw);
    pci_init();
    virtio_blk_init();
    bootmod_init(boot_info.modules, boot_info.module_count);
}

/* proc: the scheduler and its idle thread (pid 0), signals, /proc/PID. */
static void processes_init(void)
{
    kstack_reserve((unsigned)tasks_max() + 1); /* page tables for every stack there may be */
    sched_init();
    signal_init();
    procfs_pid_init();
}

/* The flusher: every dirty_writeback_centisecs (/proc/sys/vm), writes back
   the page-cache data dirty for longer than dirty_expire_centisecs. */
static void writeback_thread(void *unused)
{
    for (;;)
        if (pcache_flusher_sleep())
            pcache_writeback_expired(clock_monotonic_ns());
}

/* Reclaim (Linux's kswapd): woken when free memory falls below the low
   watermark, it drops clean caches, writes dirty pages back and pushes
   unused anonymous memory to swap until the high watermark is reached. */
static void kswapd_thread(void *unused)
{
    for (;;)
        kswapd_run();
}

/* fs and ipc, from pid 1: they sleep on the disk. */
static void filesystems_init(void)
{
    if (rootfs_mount() == 0) {
        devfs_mount();
        memfs_mount_boot(kernel_cmdline()); /* /dev/shm, and /tmp with tmp=mem */
        procfs_mount();
    }
    pipe_init();
    binder_init();
    mqueue_init();
    unix_init();
}

static void init_thread(void *unused)
{
    filesystems_init();
    if (!kthread_create("writeback", writeback_thread, NULL))
        panic("init_thread: no memory for the write-back thread");
    if (!kthread_create("kswapd0", kswapd_thread, NULL))
        panic("init_thread: no memory for the reclaim thread");

    if (cmdline_has(kernel_cmdline(), "ktest")) {
        /* In-kernel tests in a task of their own, so that they may sleep
           and start processes. */
        proc_set_comm(current, "ktest");
        ktest_run_selected(kernel_cmdline());
        halt_forever();
    }
    static char path[128];
    if (!cmdline_get(kernel_cmdline(), "init", path, sizeof path))
        strlcpy(path, INIT_DEFAULT, sizeof path);
    char *argv[] = { path, NULL };
    char *envp[] = { "HOME=/", "PATH=/bin", "TERM=vt100", NULL };
    int r = exec_first_program(path, argv, envp);
    panic("init: cannot execute %s (error %d)", path, r);
}

void kmain(uint32_t magic, uint32_t info_phys)
{
    multiboot_parse(magic, info_phys);
    cmdline_init(boot_info.cmdline);
    consoles_init();

    /* entry: exceptions first, so that a fault while memory is being set up
       prints a report instead of resetting the machine (triple fault). */
    trap_init();
    cpu_features_enable();
    syscall_setup();

    memory_init();
    drivers_init();
    irq_enable();
    crashtest_run(kernel_cmdline());
    processes_init();

    struct proc *init = kthread_create("init", init_thread, NULL);
    if (!init || init->pid != 1)
        panic("kmain: init is not pid 1 (%d)", init ? init->pid : -1);
    sched_start();
}
