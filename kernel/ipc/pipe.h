/*
 * kernel/ipc/pipe.h: pipes (pipe(2), pipe(7)).
 *
 * A pipe holds up to 16 buffers (by default; F_SETPIPE_SZ) of at most a page each (64 KiB of written
 * bytes; pipe_buf.h) with a read end and a write end, each an open file.  Reads block while it is empty and a writer is left, and then
 * return what is there (at most what was asked); reading an empty pipe
 * whose writers have all closed returns 0 (end of file).  A write of at most
 * PIPE_BUF bytes goes in whole or not at all, so writes of that size from
 * several writers never interleave; a longer write may be split.  Writing
 * when no reader is left fails with EPIPE (and the write syscall raises
 * SIGPIPE, kernel/syscall/sys_file.c).  O_NONBLOCK
 * (pipe2 or F_SETFL) turns every wait into EAGAIN.  fstat says S_IFIFO.
 * pipe2 takes O_CLOEXEC, O_NONBLOCK and O_DIRECT (packet mode, on the write
 * end: each write of up to PIPE_BUF bytes is a packet, and a read takes at
 * most one packet, dropping what it did not take); any other flag is
 * EINVAL.  F_GETPIPE_SZ and F_SETPIPE_SZ read and change the capacity
 * (a power of two pages, up to PIPE_MAX_SIZE but for root).  A wait interrupted by a signal returns
 * EINTR (or the bytes moved so far); it is never restarted.
 *
 * Written bytes move user -> pipe page -> user through copy_from_user and
 * copy_to_user under MECH_PIPE: two CPU copies per byte, counted by the copy
 * ledger, and nothing else.  A buffer may also be a page the pipe did not
 * fill: a page-cache page that splice() or sendfile() referenced (no copy
 * in), or a process's page that vmsplice() referenced; read() then makes
 * the one copy out (kernel/ipc/splice.c, docs/zero-copy.md).
 */
#ifndef PAGELAB_IPC_PIPE_H
#define PAGELAB_IPC_PIPE_H

#include "kernel/fs/vfs.h"

#define PIPE_CAPACITY (64 * 1024) /* Linux's default pipe size (pipe(7), "Pipe capacity") */
#define PIPE_BUF      4096        /* POSIX write(2) atomicity limit; Linux's value (limits.h) */

#define PIPE_MAX_SIZE \
    (1024 * 1024) /* /proc/sys/fs/pipe-max-size: F_SETPIPE_SZ's limit but for root */

/* Makes a pipe: *rd and *wr get its two open files (flags may hold
   O_NONBLOCK, and O_DIRECT for the write end).  0 or -ENOMEM. */
int pipe_create(int flags, struct file **rd, struct file **wr);

/* fcntl's F_GETPIPE_SZ and F_SETPIPE_SZ on f: the size, or -EBADF (f is
   no pipe or FIFO), -EINVAL, -EPERM, -EBUSY, -ENOMEM. */
long pipe_fcntl(struct file *f, int cmd, unsigned long arg);
/* Is f an end of a pipe or an open FIFO (F_SETFL may change O_DIRECT)? */
bool pipe_file_is(struct file *f);

/* Sets up the pipes' file system (st_dev of every pipe). */
void pipe_init(void);

#endif
