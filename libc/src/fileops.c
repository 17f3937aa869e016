/* fileops.c: fcntl.h (open, fcntl, fallocate, posix_fadvise), sys/stat.h, sys/wait.h, sys/mman.h, sys/utsname.h, sys/reboot.h wrappers. */
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/reboot.h>
#include <stdio.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)

static mode_t mode_arg(int flags, va_list ap)
{
    /* The mode is only passed (and only meaningful) when a file may be created. */
    return (flags & O_CREAT) ? va_arg(ap, mode_t) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    RET(__sys3(SYS_open, path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    RET(__sys4(SYS_openat, dirfd, path, flags, mode));
}

int creat(const char *path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    RET(__sys3(SYS_fcntl, fd, cmd, arg));
}

int stat(const char *path, struct stat *st) { RET(__sys2(SYS_stat, path, st)); }
int lstat(const char *path, struct stat *st) { RET(__sys2(SYS_lstat, path, st)); }
int fstat(int fd, struct stat *st) { RET(__sys2(SYS_fstat, fd, st)); }
int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
    RET(__sys4(SYS_newfstatat, dirfd, path, st, flags));
}
int mkdir(const char *path, mode_t mode) { RET(__sys2(SYS_mkdir, path, mode)); }
int chmod(const char *path, mode_t mode) { RET(__sys2(SYS_chmod, path, mode)); }
int fchmod(int fd, mode_t mode) { RET(__sys2(SYS_fchmod, fd, mode)); }
int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
    RET(__sys4(SYS_utimensat, dirfd, path, times, flags));
}
int futimens(int fd, const struct timespec times[2]) { return utimensat(fd, 0, times, 0); }
mode_t umask(mode_t mask) { return (mode_t)__sys1(SYS_umask, mask); }
int rename(const char *from, const char *to) { RET(__sys2(SYS_rename, from, to)); }

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
    RET(__sys4(SYS_wait4, pid, status, options, ru));
}
int getrusage(int who, struct rusage *ru) { RET(__sys2(SYS_getrusage, who, ru)); }
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, 0); }
pid_t wait(int *status) { return wait4(-1, status, 0, 0); }
int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
    RET(__sys6(SYS_waitid, idtype, id, (long)info, options, 0, 0));
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    return (void *)__syscall_ret(__sys6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off));
}
int munmap(void *addr, size_t len) { RET(__sys2(SYS_munmap, addr, len)); }
int mprotect(void *addr, size_t len, int prot) { RET(__sys3(SYS_mprotect, addr, len, prot)); }
int msync(void *addr, size_t len, int flags) { RET(__sys3(SYS_msync, addr, len, flags)); }
int madvise(void *addr, size_t len, int advice) { RET(__sys3(SYS_madvise, addr, len, advice)); }
int mincore(void *addr, size_t len, unsigned char *vec) { RET(__sys3(SYS_mincore, addr, len, vec)); }

int uname(struct utsname *u) { RET(__sys1(SYS_uname, u)); }

int reboot(int cmd)
{
    RET(__sys4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, (unsigned)cmd, 0));
}

int fallocate(int fd, int mode, off_t offset, off_t len) { RET(__sys4(SYS_fallocate, fd, mode, offset, len)); }

/* Linux's fallocate with mode 0; like musl, no emulation where the file
   system has none (EOPNOTSUPP on ext2). */
int posix_fallocate(int fd, off_t offset, off_t len)
{
    return (int)-__sys4(SYS_fallocate, fd, 0, offset, len);
}

int posix_fadvise(int fd, off_t offset, off_t len, int advice)
{
    return (int)-__sys4(SYS_fadvise64, fd, offset, len, advice);
}
