/* unistd.c: thin wrappers over Linux x86-64 system calls (unistd.h). */
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/random.h>
#include <sched.h>
#include <sys/prctl.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)

ssize_t read(int fd, void *buf, size_t n) { RET(__sys3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { RET(__sys3(SYS_write, fd, buf, n)); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { RET(__sys4(SYS_pread64, fd, buf, n, off)); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { RET(__sys4(SYS_pwrite64, fd, buf, n, off)); }
int close(int fd) { RET(__sys1(SYS_close, fd)); }
off_t lseek(int fd, off_t off, int whence) { RET(__sys3(SYS_lseek, fd, off, whence)); }
int pipe(int fds[2]) { RET(__sys1(SYS_pipe, fds)); }
int pipe2(int fds[2], int flags) { RET(__sys2(SYS_pipe2, fds, flags)); }
int dup(int fd) { RET(__sys1(SYS_dup, fd)); }
int dup2(int fd, int newfd) { RET(__sys2(SYS_dup2, fd, newfd)); }
int dup3(int fd, int newfd, int flags) { RET(__sys3(SYS_dup3, fd, newfd, flags)); }
pid_t fork(void) { RET(__sys0(SYS_fork)); }

/* vfork() shares the parent's stack until exec, which a C wrapper's own
 * return would corrupt; POSIX lets vfork behave as fork, so it does. */
pid_t vfork(void) { return fork(); }

int execve(const char *path, char *const argv[], char *const envp[])
{
    RET(__sys3(SYS_execve, path, argv, envp));
}

void _exit(int status)
{
    for (;;)
        __sys1(SYS_exit_group, status);
}

pid_t getpid(void) { return (pid_t)__sys0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)__sys0(SYS_getppid); }
pid_t gettid(void) { return (pid_t)__sys0(SYS_gettid); }
uid_t getuid(void) { return (uid_t)__sys0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)__sys0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)__sys0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)__sys0(SYS_getegid); }
int setpgid(pid_t pid, pid_t pgid) { RET(__sys2(SYS_setpgid, pid, pgid)); }
pid_t getpgid(pid_t pid) { RET(__sys1(SYS_getpgid, pid)); }
pid_t getpgrp(void) { RET(__sys0(SYS_getpgrp)); }
pid_t setsid(void) { RET(__sys0(SYS_setsid)); }
pid_t getsid(pid_t pid) { RET(__sys1(SYS_getsid, pid)); }

pid_t tcgetpgrp(int fd)
{
    int pgrp;
    if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
        return -1;
    return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
    int p = pgrp;
    return ioctl(fd, TIOCSPGRP, &p);
}

int chdir(const char *path) { RET(__sys1(SYS_chdir, path)); }
int fchdir(int fd) { RET(__sys1(SYS_fchdir, fd)); }

char *getcwd(char *buf, size_t size)
{
    long r = __sys2(SYS_getcwd, buf, size);
    if (r < 0) {
        errno = (int)-r;
        return 0;
    }
    return buf;
}

int unlink(const char *path) { RET(__sys1(SYS_unlink, path)); }
int rmdir(const char *path) { RET(__sys1(SYS_rmdir, path)); }
int link(const char *from, const char *to) { RET(__sys2(SYS_link, from, to)); }
int symlink(const char *target, const char *path) { RET(__sys2(SYS_symlink, target, path)); }
ssize_t readlink(const char *path, char *buf, size_t size) { RET(__sys3(SYS_readlink, path, buf, size)); }
int access(const char *path, int mode) { RET(__sys2(SYS_access, path, mode)); }
int fsync(int fd) { RET(__sys1(SYS_fsync, fd)); }
int fdatasync(int fd) { RET(__sys1(SYS_fdatasync, fd)); }
void sync(void) { __sys0(SYS_sync); }
int truncate(const char *path, off_t len) { RET(__sys2(SYS_truncate, path, len)); }
int ftruncate(int fd, off_t len) { RET(__sys2(SYS_ftruncate, fd, len)); }

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    RET(__sys3(SYS_ioctl, fd, request, arg));
}

/* A terminal is whatever answers TCGETS; struct termios is 60 bytes on
 * Linux (asm-generic/termbits.h), so the buffer is generous. */
int isatty(int fd)
{
    char termios[64];
    long r = __sys3(SYS_ioctl, fd, TCGETS, termios);
    if (r < 0) {
        errno = (int)-r;
        return 0;
    }
    return 1;
}

long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE: return (long)__auxv_pagesz;
    case _SC_CLK_TCK: return 100;
    case _SC_OPEN_MAX: return 1024;
    case _SC_ARG_MAX: return 131072;
    case _SC_CHILD_MAX: return 1024;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN: return 1;
    }
    errno = EINVAL;
    return -1;
}

int getpagesize(void) { return (int)__auxv_pagesz; }

long syscall(long number, ...)
{
    va_list ap;
    long a[6];
    va_start(ap, number);
    for (int i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    RET(__sys6(number, a[0], a[1], a[2], a[3], a[4], a[5]));
}

ssize_t readv(int fd, const struct iovec *iov, int count) { RET(__sys3(SYS_readv, fd, iov, count)); }
ssize_t writev(int fd, const struct iovec *iov, int count) { RET(__sys3(SYS_writev, fd, iov, count)); }
int sched_yield(void) { RET(__sys0(SYS_sched_yield)); }
/* prctl(2): up to four arguments after the option, all passed through. */
int prctl(int option, ...)
{
    va_list ap;
    va_start(ap, option);
    long a[4];
    for (int i = 0; i < 4; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
    RET(__sys6(SYS_prctl, option, a[0], a[1], a[2], a[3], 0));
}
ssize_t getrandom(void *buf, size_t len, unsigned flags) { RET(__sys3(SYS_getrandom, buf, len, flags)); }
int pause(void) { RET(__sys0(SYS_pause)); }
unsigned alarm(unsigned seconds) { return (unsigned)__sys1(SYS_alarm, seconds); }

int syncfs(int fd) { RET(__sys1(SYS_syncfs, fd)); }

int close_range(unsigned first, unsigned last, int flags)
{
    RET(__sys3(SYS_close_range, first, last, flags));
}
