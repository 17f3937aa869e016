/* kernel/proc/sys_mem.h: memory syscalls (brk, mmap, munmap, mprotect, msync,
   madvise) and getrusage. */
#ifndef PAGELAB_PROC_SYS_MEM_H
#define PAGELAB_PROC_SYS_MEM_H

void sys_mem_init(void);

#endif
