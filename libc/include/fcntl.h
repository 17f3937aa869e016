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

/* fcntl's record locks (F_GETLK, F_SETLK, F_SETLKW): Linux's struct flock. */
struct flock {
    short l_type; /* F_RDLCK, F_WRLCK, F_UNLCK */
    short l_whence;
    off_t l_start;
    off_t l_len; /* 0: to the end of the file, however far it grows */
    pid_t l_pid;
};

/* Linux's zero-copy calls (splice(2), tee(2), vmsplice(2)); glibc and musl
   declare them here too. */
ssize_t splice(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len,
               unsigned flags);
ssize_t tee(int fd_in, int fd_out, size_t len, unsigned flags);
ssize_t vmsplice(int fd, const struct iovec *iov, size_t nr_segs, unsigned flags);

/* Space and advice (fallocate(2), posix_fallocate(3), posix_fadvise(2)).
   The posix_ ones return the error number instead of setting errno. */
int fallocate(int fd, int mode, off_t offset, off_t len);
int posix_fallocate(int fd, off_t offset, off_t len);
int posix_fadvise(int fd, off_t offset, off_t len, int advice);

#endif
