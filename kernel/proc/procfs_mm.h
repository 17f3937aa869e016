/* kernel/proc/procfs_mm.h: /proc/PID/maps, /proc/vmstat, /proc/pagecache, /proc/sys/vm/drop_caches. */
#ifndef PAGELAB_PROC_PROCFS_MM_H
#define PAGELAB_PROC_PROCFS_MM_H

#include <stddef.h>

struct proc;

long procfs_show_maps(struct proc *p, char *buf, size_t size);
long procfs_show_vmstat(void *arg, char *buf, size_t size);
long procfs_show_pagecache(void *arg, char *buf, size_t size);
long procfs_show_drop_caches(void *arg, char *buf, size_t size);
int procfs_store_drop_caches(void *arg, const char *data, size_t len);

#endif
