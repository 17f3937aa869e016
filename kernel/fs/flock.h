/*
 * kernel/fs/flock.h: advisory file locks, Linux's two kinds, which do not
 * see each other:
 *
 *  - POSIX record locks (fcntl F_GETLK, F_SETLK, F_SETLKW): byte ranges of
 *    an inode, read (shared) or write (exclusive), owned by a process (its
 *    descriptor table, as Linux's fl_owner); a new lock replaces, splits
 *    or merges the owner's own over its range.  They are released when the
 *    owner closes ANY descriptor of the file, and so at exit; they are not
 *    inherited by fork.  F_SETLKW sleeps, and fails with EDEADLK when the
 *    owner it waits for waits (directly or through others) for the caller.
 *  - flock(2) locks: the whole file, shared or exclusive, owned by the open
 *    file description; released by LOCK_UN or when its last descriptor is
 *    closed; a second flock converts the lock.
 */
#ifndef PAGELAB_FS_FLOCK_H
#define PAGELAB_FS_FLOCK_H

#include <stdint.h>

struct file;
struct files;

/* Linux's struct flock (x86-64, 32 bytes). */
struct flock_linux {
    int16_t l_type, l_whence;
    int64_t l_start, l_len;
    int32_t l_pid;
};

/* fcntl's F_GETLK, F_SETLK, F_SETLKW on f for the calling process:
   0 or -errno (EINVAL, EBADF, EAGAIN, EDEADLK, EINTR, EOVERFLOW). */
int posix_lock_fcntl(struct file *f, int cmd, struct flock_linux *fl);
/* flock(2) on f: 0 or -errno (EINVAL, EWOULDBLOCK, EINTR). */
int flock_file(struct file *f, int op);

/* Descriptor table t is closing one descriptor of f: its POSIX locks on
   f's inode go. */
void locks_fd_closing(struct files *t, struct file *f);
/* f's last reference is going: its flock lock goes. */
void locks_file_released(struct file *f);

#endif
