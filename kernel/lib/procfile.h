/*
 * kernel/lib/procfile.h: declaring a file of /proc from any layer.
 *
 * Each subsystem declares its own /proc files next to the numbers they
 * show, with plain C types only, so that layers below the file system (the
 * page cache's statistics, the copy ledger) need not include it:
 *
 *     static long show_meminfo(void *arg, char *buf, size_t size) { ... }
 *     PROC_FILE(meminfo, "meminfo", show_meminfo, NULL);
 *
 * The linker gathers the declarations into one table (section .procfiles,
 * linker.ld), which procfs (kernel/fs/procfs.c) lists and opens.  A path may
 * name subdirectories ("sys/vm/drop_caches"); they appear by themselves.
 * PROC_PID_FILE puts a file in every /proc/PID directory, and in every
 * /proc/PID/task/TID directory of its threads; its functions get the pid as
 * arg ((void *)(uintptr_t)pid), or for a thread's directory the thread id
 * with PROCFILE_TASK_VIEW set (the file then describes that thread alone).
 */
#ifndef PAGELAB_LIB_PROCFILE_H
#define PAGELAB_LIB_PROCFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the file's whole content into buf (at most size bytes), as it is
   opened: the length, or -errno (the open fails with it). */
typedef long (*procfile_show_fn)(void *arg, char *buf, size_t size);
/* Takes what a program wrote (one write): 0 or -errno for write(2). */
typedef int (*procfile_store_fn)(void *arg, const char *data, size_t len);

struct procfile {
    const char *path; /* below /proc, or below /proc/PID */
    bool per_process;
    procfile_show_fn show;
    procfile_store_fn store; /* NULL: read-only (0444), else 0644 */
};

#define PROCFILE_DECLARE_(id, path, per_process, show, store)                                 \
    static const struct procfile procfile_##id                                                \
        __attribute__((used, section(".procfiles"), aligned(8))) = { path, per_process, show, \
                                                                     store }

#define PROC_FILE(id, path, show, store) PROCFILE_DECLARE_(id, path, false, show, store)
#define PROC_PID_FILE(id, path, show)    PROCFILE_DECLARE_(id, path, true, show, NULL)

#define PROCFILE_TASK_VIEW (1ull << 32)

/* The table, in link order. */
extern const struct procfile procfiles_start[], procfiles_end[];

#endif
