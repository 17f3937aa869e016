/* kernel/fs/permission.c: file permission checks (permission.h). */
#include "kernel/fs/permission.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/cred.h"
#include "kernel/lib/errno.h"

int inode_permission(const struct inode *ino, int mask)
{
    const struct cred *c = cred_current();
    uint32_t uid = c->fsuid;
    mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
    if (uid == ROOT_UID) {
        /* CAP_DAC_OVERRIDE: execute only what someone may execute. */
        if ((mask & MAY_EXEC) && !S_ISDIR(ino->mode) && !(ino->mode & S_IXANY))
            return -EACCES;
        return 0;
    }
    uint32_t granted = ino->mode;
    if (uid == ino->uid)
        granted >>= 6;
    else if (cred_in_group(c, ino->gid))
        granted >>= 3;
    return ((uint32_t)mask & ~granted & 07) ? -EACCES : 0;
}

int open_permission_mask(int flags)
{
    int acc = flags & O_ACCMODE, mask = 0;
    if (acc == O_RDONLY || acc == O_RDWR)
        mask |= MAY_READ;
    if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
        mask |= MAY_WRITE;
    return mask;
}

int may_create_in(const struct inode *dir) { return inode_permission(dir, MAY_WRITE | MAY_EXEC); }

int may_delete_from(const struct inode *dir, const struct inode *victim)
{
    int err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
    if (err)
        return err;
    uint32_t me = cred_current()->fsuid;
    if ((dir->mode & S_ISVTX) && me != ROOT_UID && me != victim->uid && me != dir->uid)
        return -EPERM;
    return 0;
}

bool may_make_device(void) { return cred_current()->fsuid == ROOT_UID; }

bool inode_owner_or_root(const struct inode *ino)
{
    uint32_t me = cred_current()->fsuid;
    return me == ROOT_UID || me == ino->uid;
}

int chmod_permission(const struct inode *ino, uint32_t *mode)
{
    if (!inode_owner_or_root(ino))
        return -EPERM;
    const struct cred *c = cred_current();
    if (c->fsuid != ROOT_UID && !cred_in_group(c, ino->gid))
        *mode &= ~(uint32_t)S_ISGID;
    return 0;
}

int chown_permission(const struct inode *ino, uint32_t uid, uint32_t gid)
{
    const struct cred *c = cred_current();
    if (c->fsuid == ROOT_UID) /* CAP_CHOWN, one of the file-system capabilities */
        return 0;
    bool owner = c->fsuid == ino->uid;
    if (uid != CRED_NO_ID && (!owner || uid != ino->uid))
        return -EPERM;
    if (gid != CRED_NO_ID && (!owner || (gid != ino->gid && !cred_in_group(c, gid))))
        return -EPERM;
    return 0;
}

void inode_remove_privs(struct inode *ino)
{
    uint32_t kill = S_ISUID;
    if (ino->mode & S_IXGRP)
        kill |= S_ISGID;
    if (!ino || !S_ISREG(ino->mode) || !(ino->mode & kill) || cred_current()->fsuid == ROOT_UID)
        return;
    ino->mode &= ~kill;
    if (ino->iops && ino->iops->write_inode)
        ino->iops->write_inode(ino);
}

void inode_init_owner(struct inode *ino, const struct inode *dir)
{
    const struct cred *c = cred_current();
    ino->uid = c->fsuid;
    if (dir && (dir->mode & S_ISGID)) {
        ino->gid = dir->gid;
        if (S_ISDIR(ino->mode))
            ino->mode |= S_ISGID;
    } else {
        ino->gid = c->fsgid;
    }
    /* A set-group-ID executable for a group the creator is not in (only
       possible by inheriting the directory's group) loses the bit. */
    if (!S_ISDIR(ino->mode) && (ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
        c->fsuid != ROOT_UID && !cred_in_group(c, ino->gid))
        ino->mode &= ~(uint32_t)S_ISGID;
}
