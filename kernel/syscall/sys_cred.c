/*
 * kernel/syscall/sys_cred.c: user and group ids (credentials(7)): getuid
 * geteuid getgid getegid setuid setgid setreuid setregid setresuid
 * setresgid getresuid getresgid setfsuid setfsgid getgroups setgroups.
 * The rules are kernel/proc/cred.c's; this file moves the arguments.
 * uid_t and gid_t are 32 bits; -1 means "leave it" where Linux says so.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/cred.h"

#define NGROUPS_MAX 65536 /* Linux's limits.h: setgroups beyond it is EINVAL */

long sys_getuid(void) { return cred_current()->uid; }
long sys_geteuid(void) { return cred_current()->euid; }
long sys_getgid(void) { return cred_current()->gid; }
long sys_getegid(void) { return cred_current()->egid; }

long sys_setuid(unsigned uid) { return cred_setuid(uid); }
long sys_setgid(unsigned gid) { return cred_setgid(gid); }
long sys_setreuid(unsigned ruid, unsigned euid) { return cred_setreuid(ruid, euid); }
long sys_setregid(unsigned rgid, unsigned egid) { return cred_setregid(rgid, egid); }
long sys_setresuid(unsigned r, unsigned e, unsigned s) { return cred_setresuid(r, e, s); }
long sys_setresgid(unsigned r, unsigned e, unsigned s) { return cred_setresgid(r, e, s); }
long sys_setfsuid(unsigned fsuid) { return cred_setfsuid(fsuid); }
long sys_setfsgid(unsigned fsgid) { return cred_setfsgid(fsgid); }

/* Three ids out to three user addresses (any may fault: EFAULT). */
static long put3(uint32_t a, uint32_t b, uint32_t c, uint64_t ua, uint64_t ub, uint64_t uc)
{
    if (copy_to_user((void *)ua, &a, sizeof a, MECH_SYSCALL_ARGS) ||
        copy_to_user((void *)ub, &b, sizeof b, MECH_SYSCALL_ARGS) ||
        copy_to_user((void *)uc, &c, sizeof c, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

long sys_getresuid(uint64_t ruid, uint64_t euid, uint64_t suid)
{
    const struct cred *c = cred_current();
    return put3(c->uid, c->euid, c->suid, ruid, euid, suid);
}

long sys_getresgid(uint64_t rgid, uint64_t egid, uint64_t sgid)
{
    const struct cred *c = cred_current();
    return put3(c->gid, c->egid, c->sgid, rgid, egid, sgid);
}

/* getgroups(2): size 0 asks only how many; a smaller array is EINVAL. */
long sys_getgroups(int size, uint64_t list)
{
    const struct cred *c = cred_current();
    if (size < 0)
        return -EINVAL;
    if (size == 0)
        return c->ngroups;
    if (size < c->ngroups)
        return -EINVAL;
    size_t bytes = (size_t)c->ngroups * sizeof c->groups[0];
    if (bytes && copy_to_user((void *)list, c->groups, bytes, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return c->ngroups;
}

/* setgroups(2): root only (EPERM, checked first as Linux does), then
   EINVAL for a size beyond NGROUPS_MAX. */
long sys_setgroups(int size, uint64_t list)
{
    if (cred_current()->euid != ROOT_UID)
        return -EPERM;
    if (size < 0 || size > NGROUPS_MAX)
        return -EINVAL;
    if (size > CRED_NGROUPS)
        return -EINVAL; /* pagelab keeps at most CRED_NGROUPS */
    uint32_t groups[CRED_NGROUPS];
    size_t bytes = (size_t)size * sizeof groups[0];
    if (bytes && copy_from_user(groups, (const void *)list, bytes, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return cred_setgroups(groups, size);
}
