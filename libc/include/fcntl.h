/* fcntl.h (POSIX): Linux x86-64 flag values (asm-generic/fcntl.h). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>

#include <pagelab/fcntl_values.h>

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

#endif
