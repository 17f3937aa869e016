/* sys/mman.h (POSIX): Linux values (asm-generic/mman-common.h). */
#ifndef _SYS_MMAN_H
#define _SYS_MMAN_H
#include <sys/types.h>

#include <pagelab/mman_values.h>

#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mincore(void *addr, size_t len, unsigned char *vec);
int mprotect(void *addr, size_t len, int prot);
int msync(void *addr, size_t len, int flags);
int madvise(void *addr, size_t len, int advice);
/* Keeping pages in memory (mlock(2)): flags MCL_* and MLOCK_ONFAULT. */
int mlock(const void *addr, size_t len);
int mlock2(const void *addr, size_t len, unsigned flags);
int munlock(const void *addr, size_t len);
int mlockall(int flags);
int munlockall(void);

/* POSIX shared memory: files of /dev/shm (shm_overview(7)).  name is
   "/NAME" (leading slashes optional, no other slash). */
int shm_open(const char *name, int flags, mode_t mode);
int shm_unlink(const char *name);
/* memfd_create(2): an anonymous memory file; flags MFD_*. */
int memfd_create(const char *name, unsigned flags);

#endif
