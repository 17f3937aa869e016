/*
 * pagelab/fcntl_values.h: Linux's x86-64 open(2) flags, fcntl(2) commands and *at() flags
 * (include/uapi/asm-generic/fcntl.h, linux/fcntl.h), shared by the kernel and our libc.
 */
#ifndef PAGELAB_UAPI_FCNTL_VALUES_H
#define PAGELAB_UAPI_FCNTL_VALUES_H

#define O_ACCMODE 03
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DSYNC 010000
#define O_DIRECT 040000
#define O_LARGEFILE 0
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000
#define O_SYNC 04010000
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define F_ADD_SEALS 1033 /* F_LINUX_SPECIFIC_BASE + 9: memfd seals (memfd_create(2)) */
#define F_GET_SEALS 1034
#define F_SETPIPE_SZ 1031 /* F_LINUX_SPECIFIC_BASE + 7: a pipe's capacity (fcntl(2)) */
#define F_GETPIPE_SZ 1032
#define F_SEAL_SEAL 0x0001         /* no more seals may be added */
#define F_SEAL_SHRINK 0x0002       /* the file may not shrink */
#define F_SEAL_GROW 0x0004         /* the file may not grow */
#define F_SEAL_WRITE 0x0008        /* its contents may not change */
#define F_SEAL_FUTURE_WRITE 0x0010 /* no new writes or writable mappings */
#define F_SEAL_EXEC 0x0020         /* its execute bits may not change */
#define FD_CLOEXEC 1
#define F_GETLK 5 /* record locks (fcntl(2), struct flock) */
#define F_SETLK 6
#define F_SETLKW 7
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define LOCK_SH 1 /* flock(2) */
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_EACCESS 0x200 /* faccessat: the effective ids, not the real ones */
#define AT_EMPTY_PATH 0x1000
#define FALLOC_FL_KEEP_SIZE 0x01  /* fallocate(2): allocate, leave the size */
#define FALLOC_FL_PUNCH_HOLE 0x02 /* free the range (with KEEP_SIZE only) */
#define POSIX_FADV_NORMAL 0       /* posix_fadvise(2), x86-64's values */
#define POSIX_FADV_RANDOM 1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED 3
#define POSIX_FADV_DONTNEED 4
#define POSIX_FADV_NOREUSE 5

#endif
