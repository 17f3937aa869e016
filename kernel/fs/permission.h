/*
 * kernel/fs/permission.h: may the caller do this to this file?
 *
 * Linux's rules (path_resolution(7), inode_permission, may_delete): the
 * mode's owner triplet applies when the file-system uid owns the file, else
 * the group triplet when the file's group is the file-system gid or a
 * supplementary group, else the others' triplet; the triplet must grant
 * every bit asked for.  A file-system uid of 0 (root: CAP_DAC_OVERRIDE) may
 * read and write anything, search any directory, and execute a file with
 * at least one execute bit.  Failures are EACCES, except the owner-only
 * operations (chmod, chown, utimes with a time, unlinking from a sticky
 * directory), which are EPERM.
 *
 * The checks are called where the operation is decided: path lookup
 * (search of each directory), open, execve, and the name-space operations
 * (kernel/fs/namespace.c); the syscall layer for access, chmod, chown and
 * utimensat; IPC for POSIX message queues and Unix socket files.
 */
#ifndef PAGELAB_FS_PERMISSION_H
#define PAGELAB_FS_PERMISSION_H

#include <stdbool.h>
#include <stdint.h>

struct inode;

#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4

/* 0 or -EACCES for the caller's file-system ids. */
int inode_permission(const struct inode *ino, int mask);
/* What open's flags ask: MAY_READ and/or MAY_WRITE (O_TRUNC writes). */
int open_permission_mask(int flags);

/* A new name in dir: write and search permission. */
int may_create_in(const struct inode *dir);
/* Removing (or renaming away) victim's name from dir: write and search
   permission, and in a sticky directory (S_ISVTX, /tmp) the caller must own
   the file or the directory (EPERM). */
int may_delete_from(const struct inode *dir, const struct inode *victim);

/* May the caller make a device node (CAP_MKNOD: root)? */
bool may_make_device(void);
/* The owner, or root (CAP_FOWNER)? */
bool inode_owner_or_root(const struct inode *ino);
/* chmod: -EPERM unless the caller owns ino; clears S_ISGID from *mode when
   the caller is not root and not in the file's group, as Linux does. */
int chmod_permission(const struct inode *ino, uint32_t *mode);
/* chown (CRED_NO_ID: unchanged): root may give any owner and group; the
   owner may only give the file to a group of its own. */
int chown_permission(const struct inode *ino, uint32_t uid, uint32_t gid);

/* A write by someone other than root (CAP_FSETID) drops a regular file's
   set-user-ID bit, and its set-group-ID bit when group execute is set
   (Linux's file_remove_privs), so that a writable set-user-ID program
   cannot be turned into another one. */
void inode_remove_privs(struct inode *ino);

/* A new inode's owner: the caller's file-system uid, and its gid, or the
   directory's group when dir has S_ISGID (a new directory inherits the bit).
   Adjusts ino's uid, gid and mode; dir may be NULL (no directory). */
void inode_init_owner(struct inode *ino, const struct inode *dir);

#endif
