/* cred.c: user and group ids (credentials(7)) and file owners.
 *
 * pagelab's kernel keeps one set of ids per process, so one system call
 * changes them for every thread (musl and glibc signal each thread to
 * repeat it on Linux, where each thread has its own set). */
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/fsuid.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)
#define NO_ID ((unsigned)-1)

int setuid(uid_t uid) { RET(__sys1(SYS_setuid, uid)); }
int setgid(gid_t gid) { RET(__sys1(SYS_setgid, gid)); }
/* POSIX seteuid: only the effective id (glibc and musl use setresuid). */
int seteuid(uid_t euid) { RET(__sys3(SYS_setresuid, NO_ID, euid, NO_ID)); }
int setegid(gid_t egid) { RET(__sys3(SYS_setresgid, NO_ID, egid, NO_ID)); }
int setreuid(uid_t ruid, uid_t euid) { RET(__sys2(SYS_setreuid, ruid, euid)); }
int setregid(gid_t rgid, gid_t egid) { RET(__sys2(SYS_setregid, rgid, egid)); }
int setresuid(uid_t r, uid_t e, uid_t s) { RET(__sys3(SYS_setresuid, r, e, s)); }
int setresgid(gid_t r, gid_t e, gid_t s) { RET(__sys3(SYS_setresgid, r, e, s)); }
int getresuid(uid_t *r, uid_t *e, uid_t *s) { RET(__sys3(SYS_getresuid, r, e, s)); }
int getresgid(gid_t *r, gid_t *e, gid_t *s) { RET(__sys3(SYS_getresgid, r, e, s)); }
int getgroups(int size, gid_t list[]) { RET(__sys2(SYS_getgroups, size, list)); }
int setgroups(size_t size, const gid_t *list) { RET(__sys2(SYS_setgroups, size, list)); }

int chown(const char *path, uid_t owner, gid_t group)
{
    RET(__sys3(SYS_chown, path, owner, group));
}
int fchown(int fd, uid_t owner, gid_t group) { RET(__sys3(SYS_fchown, fd, owner, group)); }
int lchown(const char *path, uid_t owner, gid_t group)
{
    RET(__sys3(SYS_lchown, path, owner, group));
}
int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags)
{
    RET(__sys6(SYS_fchownat, dirfd, (long)path, owner, group, flags, 0));
}

/* faccessat with flags is faccessat2 (Linux 5.8); without, the old call. */
int faccessat(int dirfd, const char *path, int mode, int flags)
{
    if (flags)
        RET(__sys4(SYS_faccessat2, dirfd, path, mode, flags));
    RET(__sys3(SYS_faccessat, dirfd, path, mode));
}

/* No errors: the old id comes back either way (setfsuid(2)). */
int setfsuid(uid_t fsuid) { return (int)__sys1(SYS_setfsuid, fsuid); }
int setfsgid(gid_t fsgid) { return (int)__sys1(SYS_setfsgid, fsgid); }
