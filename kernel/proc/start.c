/*
 * kernel/proc/start.c: bringing up processes and starting the first ones.
 *
 * kmain calls proc_subsystem_init() once memory, traps and the timer work,
 * then proc_spawn_init() (pid 1, the program named by init=, default
 * /bin/init) and/or kernel threads, then sched_start().
 */
#include "kernel/proc/start.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"
#include "kernel/proc/sched.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/sys_mem.h"
#include "kernel/proc/sys_misc.h"
#include "kernel/proc/syscall.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/pagecache.h"
#include "kernel/proc/arch_glue.h"
#include "kernel/proc/devfs.h"
#include "kernel/proc/files.h"
#include "kernel/proc/sys_file.h"
#include "kernel/proc/tty.h"
#include "kernel/ipc/pipe.h"

#define INIT_DEFAULT "/bin/init"

/* A page under I/O belongs to another task's read or write-back: let it
   (and everyone else) run until the page is unlocked (pagecache.h). */
static void pcache_wait_by_yielding(struct page *p)
{
    sched_yield();
}

void proc_subsystem_init(void)
{
    vm_init();
    syscall_init();
    sched_init();
    signal_init();
    fork_init();
    exit_init();
    exec_init();
    sys_mem_init();
    sys_misc_init();
    bootmod_init();
    files_init();
    sys_file_init();
    pipe_init();
    sys_path_init();
    sys_attr_init();
    tty_init();
    sys_ledger_init();
    rusage_init();
    pcache_io_wait = pcache_wait_by_yielding;
    struct inode *root = vfs_root();
    if (root) {
        inode_put(root);
        devfs_mount();
        procfs_mount();
    }
}

/* Writes dirty page-cache pages back every few seconds. */
static void writeback_thread(void *unused)
{
    for (;;) {
        sched_sleep_until(clock_monotonic_ns() + PCACHE_WRITEBACK_INTERVAL_NS);
        pcache_periodic_writeback(clock_monotonic_ns());
    }
}

void proc_start_kthreads(void)
{
    if (!kthread_create("writeback", writeback_thread, NULL))
        panic("proc_start_kthreads: no memory");
}

static char init_path[128];

static void init_thread(void *unused)
{
    char *argv[] = { init_path, NULL };
    char *envp[] = { "HOME=/", "PATH=/bin", "TERM=vt100", NULL };
    int r = exec_first_program(init_path, argv, envp);
    panic("init: cannot execute %s (error %d)", init_path, r);
}

void proc_spawn_init(const char *cmdline)
{
    if (!cmdline_get(cmdline, "init", init_path, sizeof init_path))
        strlcpy(init_path, INIT_DEFAULT, sizeof init_path);
    struct proc *p = kthread_create("init", init_thread, NULL);
    if (!p || p->pid != 1)
        panic("proc_spawn_init: init is not pid 1 (%d)", p ? p->pid : -1);
}
