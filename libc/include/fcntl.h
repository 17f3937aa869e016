/* fcntl.h (POSIX): Linux x86-64 flag values (asm-generic/fcntl.h). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>

#include <pagelab/fcntl_values.h>
#include <pagelab/splice_values.h>

struct iovec;

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);

/* Linux's zero-copy calls (splice(2), tee(2), vmsplice(2)); glibc and musl
   declare them here too. */
ssize_t splice(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len,
               unsigned flags);
ssize_t tee(int fd_in, int fd_out, size_t len, unsigned flags);
ssize_t vmsplice(int fd, const struct iovec *iov, size_t nr_segs, unsigned flags);

#endif
