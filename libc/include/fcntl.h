/* fcntl.h (POSIX): Linux x86-64 flag values (asm-generic/fcntl.h). */
#ifndef _FCNTL_H
#define _FCNTL_H
#include <sys/types.h>

#include <pagelab/fcntl_values.h>

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);

#endif
