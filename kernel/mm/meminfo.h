/*
 * kernel/mm/meminfo.h: shared memory as /proc/meminfo's Shmem line counts
 * it (Linux: every page of shmem, that is tmpfs files, shared anonymous
 * mappings and System V segments).
 *
 * Pages of the memory file system are the page cache's unevictable pages
 * and are counted there; a subsystem that holds shared pages of its own
 * (the shared anonymous objects of kernel/mm/vm_anon.c, and whatever backs
 * System V shm if it does not use those) adds them here as it allocates and
 * frees them.
 */
#ifndef PAGELAB_MM_MEMINFO_H
#define PAGELAB_MM_MEMINFO_H

#include <stdint.h>

void meminfo_shmem_add(int64_t pages);
/* Shared pages now: the counter above plus the memory file system's. */
uint64_t meminfo_shmem_pages(void);

#endif
