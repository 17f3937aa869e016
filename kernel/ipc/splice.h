/*
 * kernel/ipc/splice.h: moving data between pipes, files and sockets inside
 * the kernel (splice(2), tee(2), vmsplice(2), sendfile(2),
 * copy_file_range(2)), with page references where Linux uses them.
 *
 * What each path costs the CPU per byte (docs/zero-copy.md has the
 * measured figures):
 *   file -> pipe (splice, sendfile)   0: the pipe references the file's
 *                                      page-cache pages (a file without
 *                                      splice_read, a socket: 1, its read)
 *   pipe -> pipe (splice), tee        0: buffers move or are shared
 *   user -> pipe (vmsplice)           0: the pipe references the caller's pages
 *   pipe -> file or socket (splice)   1: the page's bytes into the file's
 *                                      page or the socket's buffer
 *   pipe -> user (vmsplice, read)     1
 *   file -> file or socket (sendfile, copy_file_range)  1: through a
 *                                      private set of buffers, as Linux's
 *                                      do_splice_direct
 *
 * The syscall layer (kernel/syscall/sys_splice.c) checks descriptors,
 * access modes and offsets as Linux does; these functions take open files
 * it has checked and hold references on, and a position to move (the
 * file's own f->pos or the caller's copy of *off).  A pipe end is any file
 * for which splice_is_pipe is true.  Every function returns the bytes
 * moved or a negative errno: -EAGAIN (SPLICE_F_NONBLOCK or an O_NONBLOCK
 * pipe, nothing to do now), -EPIPE (a pipe with no reader: the caller
 * raises SIGPIPE), -EINTR, -EFAULT, -ENOMEM, or what a file's read or
 * write said.
 *
 * Locking: a pipe is locked (pipe_internal.h) while a transfer that may
 * sleep half-way (a disk read, a socket that is full, a page fault) works
 * on it, so that its reader and writers see each transfer whole.
 */
#ifndef PAGELAB_IPC_SPLICE_H
#define PAGELAB_IPC_SPLICE_H

#include <stdbool.h>
#include "kernel/copy/iov_iter.h" /* struct iovec_linux */
#include "kernel/fs/vfs.h"
#include "libc/include/pagelab/splice_values.h"

struct vm_space;

bool splice_is_pipe(struct file *f);

/* At most len bytes of in from *pos into the pipe out: no more than the
   pipe has free slots for; waits (unless nonblocking) for one free slot. */
long splice_file_to_pipe(struct file *in, uint64_t *pos, struct file *out, size_t len,
                         unsigned flags);
/* At most len bytes from the pipe in to out at *pos: waits (unless
   nonblocking) until the pipe has data or no writer, then writes what is
   there. */
long splice_pipe_to_file(struct file *in, struct file *out, uint64_t *pos, size_t len,
                         unsigned flags);
/* Moves at most len bytes' buffers from pipe in to pipe out (splice). */
long splice_pipe_to_pipe(struct file *in, struct file *out, size_t len, unsigned flags);
/* Shares at most len bytes' buffers of pipe in with pipe out, leaving them
   in (tee). */
long splice_tee(struct file *in, struct file *out, size_t len, unsigned flags);
/* vmsplice: references the pages of the n user segments iov (in vm) in the
   pipe's write end out / copies from the pipe's read end in into them. */
long splice_vmsplice_to_pipe(struct vm_space *vm, struct file *out, const struct iovec_linux *iov,
                             int n, unsigned flags);
long splice_vmsplice_to_user(struct file *in, const struct iovec_linux *iov, int n, unsigned flags);
/* Up to len bytes from in at *inpos to out (not a pipe) at *outpos, until
   done, the end of in, or a short write (sendfile, copy_file_range). */
long splice_direct(struct file *in, uint64_t *inpos, struct file *out, uint64_t *outpos,
                   size_t len);

#endif
