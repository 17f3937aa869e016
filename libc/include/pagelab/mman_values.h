/*
 * pagelab/mman_values.h: Linux's x86-64 mmap(2) protections and flags,
 * msync(2) and madvise(2) values (include/uapi/asm-generic/mman-common.h,
 * mman.h), shared by the kernel and our libc.
 */
#ifndef PAGELAB_UAPI_MMAN_VALUES_H
#define PAGELAB_UAPI_MMAN_VALUES_H

#define PROT_NONE      0x0
#define PROT_READ      0x1
#define PROT_WRITE     0x2
#define PROT_EXEC      0x4
#define PROT_GROWSDOWN 0x01000000
#define PROT_GROWSUP   0x02000000
#define MAP_SHARED     0x01
#define MAP_PRIVATE    0x02
#define MAP_SHARED_VALIDATE 0x03   /* MAP_SHARED, but unknown flags are an error */
#define MAP_TYPE       0x0f
#define MAP_FIXED      0x10
#define MAP_ANONYMOUS  0x20
#define MAP_ANON       MAP_ANONYMOUS
#define MAP_GROWSDOWN  0x0100
#define MAP_DENYWRITE  0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED     0x2000
#define MAP_NORESERVE  0x4000
#define MAP_POPULATE   0x8000
#define MAP_NONBLOCK   0x10000
#define MAP_STACK      0x20000
#define MAP_HUGETLB    0x40000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_UNINITIALIZED 0x4000000
#define MS_ASYNC       1
#define MS_INVALIDATE  2
#define MS_SYNC        4
#define MADV_NORMAL    0
#define MADV_RANDOM    1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED  3
#define MADV_DONTNEED  4
#define MADV_FREE      8
#define MADV_DONTFORK  10
#define MADV_DOFORK    11
#define MADV_WIPEONFORK 18
#define MADV_KEEPONFORK 19
#define MADV_HUGEPAGE  14
#define MADV_NOHUGEPAGE 15
/* mlockall(2) and mlock2(2) flags (asm-generic/mman.h, mman-common.h) */
#define MCL_CURRENT    1
#define MCL_FUTURE     2
#define MCL_ONFAULT    4
#define MLOCK_ONFAULT  0x01
/* memfd_create(2) flags (include/uapi/linux/memfd.h) */
#define MFD_CLOEXEC       0x0001
#define MFD_ALLOW_SEALING 0x0002
#define MFD_HUGETLB       0x0004
#define MFD_NOEXEC_SEAL   0x0008
#define MFD_EXEC          0x0010

#endif
