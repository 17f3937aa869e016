/*
 * kernel/proc/cred.c: a process's credentials and the rules for changing
 * them (cred.h), Linux's kernel/sys.c and kernel/groups.c with
 * "capable(CAP_SETUID)" read as "the effective uid is 0".
 */
#include "kernel/proc/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"

static const struct cred root_cred; /* all ids 0, no groups */

const struct cred *cred_of(const struct proc *p)
{
    return p && !p->is_kthread && p->group ? &p->group->cred : &root_cred;
}

const struct cred *cred_current(void) { return cred_of(current); }

/* The caller's own set, to change (never a kernel thread's). */
static struct cred *mine(void) { return &current->group->cred; }

static bool privileged(const struct cred *c) { return c->euid == ROOT_UID; }

/* Is id one of the three? (what an unprivileged process may take) */
static bool one_of(uint32_t id, uint32_t a, uint32_t b, uint32_t c)
{
    return id == a || id == b || id == c;
}

int cred_setuid(uint32_t uid)
{
    struct cred *c = mine();
    if (uid == CRED_NO_ID)
        return -EINVAL;
    if (privileged(c)) {
        c->uid = c->euid = c->suid = c->fsuid = uid;
        return 0;
    }
    if (uid != c->uid && uid != c->suid)
        return -EPERM;
    c->euid = c->fsuid = uid;
    return 0;
}

int cred_setgid(uint32_t gid)
{
    struct cred *c = mine();
    if (gid == CRED_NO_ID)
        return -EINVAL;
    if (privileged(c)) {
        c->gid = c->egid = c->sgid = c->fsgid = gid;
        return 0;
    }
    if (gid != c->gid && gid != c->sgid)
        return -EPERM;
    c->egid = c->fsgid = gid;
    return 0;
}

/* setreuid and setregid share their rule: the real id may become the old
   real or effective one, the effective id any of the three; the saved id
   follows the effective one when the real id is set or the effective one
   becomes something other than the old real id. */
static int set_re(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs, uint32_t nr, uint32_t ne,
                  bool priv)
{
    if (!priv) {
        if (nr != CRED_NO_ID && nr != *r && nr != *e)
            return -EPERM;
        if (ne != CRED_NO_ID && !one_of(ne, *r, *e, *s))
            return -EPERM;
    }
    uint32_t old_r = *r;
    if (nr != CRED_NO_ID)
        *r = nr;
    if (ne != CRED_NO_ID)
        *e = ne;
    if (nr != CRED_NO_ID || (ne != CRED_NO_ID && ne != old_r))
        *s = *e;
    *fs = *e;
    return 0;
}

int cred_setreuid(uint32_t ruid, uint32_t euid)
{
    struct cred *c = mine();
    return set_re(&c->uid, &c->euid, &c->suid, &c->fsuid, ruid, euid, privileged(c));
}

int cred_setregid(uint32_t rgid, uint32_t egid)
{
    struct cred *c = mine();
    return set_re(&c->gid, &c->egid, &c->sgid, &c->fsgid, rgid, egid, privileged(c));
}

/* setresuid and setresgid: each id may become any of the three old ones. */
static int set_res(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs, uint32_t nr, uint32_t ne,
                   uint32_t ns, bool priv)
{
    if (!priv) {
        if ((nr != CRED_NO_ID && !one_of(nr, *r, *e, *s)) ||
            (ne != CRED_NO_ID && !one_of(ne, *r, *e, *s)) ||
            (ns != CRED_NO_ID && !one_of(ns, *r, *e, *s)))
            return -EPERM;
    }
    if (nr != CRED_NO_ID)
        *r = nr;
    if (ne != CRED_NO_ID)
        *e = ne;
    if (ns != CRED_NO_ID)
        *s = ns;
    *fs = *e;
    return 0;
}

int cred_setresuid(uint32_t ruid, uint32_t euid, uint32_t suid)
{
    struct cred *c = mine();
    return set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, ruid, euid, suid, privileged(c));
}

int cred_setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid)
{
    struct cred *c = mine();
    return set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, rgid, egid, sgid, privileged(c));
}

uint32_t cred_setfsuid(uint32_t fsuid)
{
    struct cred *c = mine();
    uint32_t old = c->fsuid;
    if (fsuid != CRED_NO_ID &&
        (privileged(c) || one_of(fsuid, c->uid, c->euid, c->suid) || fsuid == c->fsuid))
        c->fsuid = fsuid;
    return old;
}

uint32_t cred_setfsgid(uint32_t fsgid)
{
    struct cred *c = mine();
    uint32_t old = c->fsgid;
    if (fsgid != CRED_NO_ID &&
        (privileged(c) || one_of(fsgid, c->gid, c->egid, c->sgid) || fsgid == c->fsgid))
        c->fsgid = fsgid;
    return old;
}

int cred_setgroups(const uint32_t *groups, int n)
{
    struct cred *c = mine();
    if (!privileged(c))
        return -EPERM;
    if (n < 0 || n > CRED_NGROUPS)
        return -EINVAL;
    /* Sorted, as Linux's set_groups keeps them (getgroups shows the order). */
    for (int i = 0; i < n; i++) {
        uint32_t g = groups[i];
        int j = i;
        for (; j > 0 && c->groups[j - 1] > g; j--)
            c->groups[j] = c->groups[j - 1];
        c->groups[j] = g;
    }
    c->ngroups = n;
    return 0;
}

void cred_exec_prepare(const struct inode *ino, struct cred *out)
{
    *out = *cred_current();
    if (ino && (ino->mode & S_ISUID))
        out->euid = ino->uid;
    /* A set-group-ID file without group execute is marked for mandatory
       locking, not set-group-ID (Linux ignores the bit then). */
    if (ino && (ino->mode & S_ISGID) && (ino->mode & S_IXGRP))
        out->egid = ino->gid;
    out->suid = out->fsuid = out->euid;
    out->sgid = out->fsgid = out->egid;
}

void cred_exec_commit(const struct cred *next) { *mine() = *next; }

uint64_t cred_access_begin(void)
{
    struct cred *c = mine();
    uint64_t saved = (uint64_t)c->fsuid << 32 | c->fsgid;
    c->fsuid = c->uid;
    c->fsgid = c->gid;
    return saved;
}

void cred_access_end(uint64_t saved)
{
    struct cred *c = mine();
    c->fsuid = (uint32_t)(saved >> 32);
    c->fsgid = (uint32_t)saved;
}

bool cred_may_inspect(const struct proc *p)
{
    const struct cred *me = cred_current(), *them = cred_of(p);
    if (privileged(me))
        return true;
    return !p->undumpable && me->fsuid == them->uid && me->fsuid == them->euid &&
           me->fsuid == them->suid && me->fsgid == them->gid && me->fsgid == them->egid &&
           me->fsgid == them->sgid;
}

bool cred_may_signal(const struct proc *p)
{
    const struct cred *me = cred_current(), *them = cred_of(p);
    if (privileged(me))
        return true;
    return me->uid == them->uid || me->uid == them->suid || me->euid == them->uid ||
           me->euid == them->suid;
}
