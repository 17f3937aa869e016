/* kernel/proc/sys_mem.h: memory syscalls (brk, anonymous mmap, munmap, madvise). */
#ifndef PAGELAB_PROC_SYS_MEM_H
#define PAGELAB_PROC_SYS_MEM_H

#include <stdint.h>

/* mmap of a file (not MAP_ANONYMOUS), installed by the VFS/mmap layer:
   returns the address or -errno.  Without it such mmaps fail with -ENODEV. */
extern long (*mmap_file_hook)(uint64_t addr, uint64_t len, int prot, int flags, int fd,
                              uint64_t off);
void sys_mem_init(void);

#endif
