/*
 * kernel/main.c: kmain, called by boot/boot.S in 64-bit mode on the boot
 * stack.  It brings the subsystems up bottom-up (see ../DESIGN layering),
 * then runs the tests the command line asks for, or the first user program.
 */
#include "kernel/arch/clock.h"
#include "kernel/arch/cpufeature.h"
#include "kernel/arch/crashtest.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/io.h"
#include "kernel/arch/multiboot.h"
#include "kernel/arch/power.h"
#include "kernel/arch/trap.h"
#include "kernel/drivers/serial.h"
#include "kernel/fs/rootfs.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"
#include "kernel/mm/paging.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/start.h"

extern bool console_raw;

static void ktest_thread(void *unused)
{
    ktest_run_selected(boot_info.cmdline);
    halt_forever();
}

void kmain(uint32_t magic, uint32_t info_phys)
{
    serial_init(COM1_PORT);
    serial_init(COM2_PORT);
    multiboot_parse(magic, info_phys);
    char console_mode[16];
    console_raw = cmdline_get(boot_info.cmdline, "console", console_mode, sizeof console_mode) &&
                  strcmp(console_mode, "raw") == 0;
    printk_set_quiet(cmdline_has(boot_info.cmdline, "quiet"));

    /* Exceptions first: a fault while memory is being set up then prints
       a report instead of resetting the machine (triple fault). */
    trap_init();
    cpu_features_enable();
    frame_init();
    paging_init();
    pcache_init();
    ist_guard_pages_unmap();

    struct frame_stats fs;
    frame_stats(&fs);
    printk("pagelab: x86-64 teaching kernel, %lu MiB of usable memory (%lu MiB free), booted by %s\n",
           (fs.total << PAGE_SHIFT) >> 20, (fs.free << PAGE_SHIFT) >> 20,
           boot_info.bootloader[0] ? boot_info.bootloader : "?");
    printk("pagelab: command line: %s\n", boot_info.cmdline);

    clock_init();
    irq_enable();
    /* After interrupts: the disk completes requests by interrupt. */
    storage_init(clock_monotonic_ns);

    crashtest_run(boot_info.cmdline);
    proc_subsystem_init();

    /* In-kernel tests run in a kernel thread so that they may sleep and
       start processes; otherwise pid 1 runs init. */
    if (cmdline_has(boot_info.cmdline, "ktest"))
        kthread_create("ktest", ktest_thread, NULL);
    else
        proc_spawn_init(boot_info.cmdline);
    proc_start_kthreads();
    sched_start();
}
