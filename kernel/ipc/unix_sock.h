/*
 * kernel/ipc/unix_sock.h: Unix domain sockets (unix(7)), what the syscall
 * layer calls (kernel/syscall/sys_socket.c).
 *
 * A socket is an open file (fstat says S_IFSOCK) of one of three types:
 *
 *   SOCK_STREAM     a connected byte stream each way, like two pipes;
 *   SOCK_SEQPACKET  connected, but messages keep their boundaries;
 *   SOCK_DGRAM      messages, to the connected peer or to any named socket.
 *
 * A name is a path (bind makes a socket inode there, S_IFSOCK, that
 * `ls -l` shows as `s`; unlink removes it) or, with a leading NUL byte,
 * a name in Linux's abstract namespace (no file; gone with the socket).
 * Connected sockets come from socketpair, or from connect to a listening
 * socket and accept on it.  Besides data a message can carry open files
 * (SCM_RIGHTS) and its sender's credentials (SCM_CREDENTIALS).
 *
 * Data moves user -> the receiving socket's queue -> user: one ledger-
 * counted copy on each side under MECH_SOCKET, and no other buffer.
 *
 * Addresses and option values cross this interface as kernel copies (the
 * syscall layer moved them); data moves through an iov_iter over the
 * caller's buffers.  Every call returns 0 (or a count) or -errno, Linux's.
 */
#ifndef PAGELAB_IPC_UNIX_SOCK_H
#define PAGELAB_IPC_UNIX_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/copy/iov_iter.h"
#include "kernel/fs/vfs.h"
#include "libc/include/pagelab/socket_values.h"

struct files;
struct unix_sock;

/* Linux's struct sockaddr_un: a family and up to 108 path bytes. */
struct sockaddr_un_linux {
    uint16_t sun_family;
    char sun_path[UNIX_PATH_MAX];
};
#define UNIX_ADDR_MAX ((uint32_t)sizeof(struct sockaddr_un_linux)) /* 110 */
/* A name as getsockname reports it: a path name's length counts its NUL,
   so a 108-byte path makes 111 bytes (Linux does the same). */
#define UNIX_NAME_MAX (UNIX_ADDR_MAX + 1)

/* A new socket of type (SOCK_STREAM/DGRAM/SEQPACKET; -ESOCKTNOSUPPORT
   otherwise) in *out; fflags may hold O_NONBLOCK. */
int unix_create(int type, int fflags, struct file **out);
/* Two sockets connected to each other (socketpair(2)). */
int unix_socketpair(int type, int fflags, struct file **a, struct file **b);
/* The socket behind an open file, or NULL (ENOTSOCK). */
struct unix_sock *unix_sock_of(const struct file *f);
/* Does an EPIPE from this socket raise SIGPIPE?  Stream sockets: yes;
   SOCK_SEQPACKET: no, as on Linux. */
bool unix_epipe_signals(const struct unix_sock *s);

/* addr/len: the sockaddr as the caller gave it (len <= UNIX_ADDR_MAX).
   Paths are resolved from files' current directory. */
int unix_bind(struct unix_sock *s, struct files *files, const void *addr, uint32_t len);
int unix_connect(struct unix_sock *s, struct files *files, const void *addr, uint32_t len,
                 bool nonblock);
int unix_listen(struct unix_sock *s, int backlog);
/* A connection from the queue as a new open file (fflags: O_NONBLOCK). */
int unix_accept(struct unix_sock *s, int fflags, bool nonblock, struct file **out);
/* The socket's own name (peer false) or its peer's: *len bytes at addr,
   which has room for UNIX_NAME_MAX. */
int unix_getname(struct unix_sock *s, bool peer, void *addr, uint32_t *len);
int unix_shutdown(struct unix_sock *s, int how);
/* Option values: at most 16 bytes (SO_PEERCRED's struct ucred is 12, the
   timeouts' struct timeval 16). */
#define UNIX_OPT_MAX 16
int unix_getsockopt(struct unix_sock *s, int level, int name, void *val, uint32_t *len);
/* The bytes setsockopt reads for option name (an int, or a timeval). */
uint32_t unix_setsockopt_len(int name);
int unix_setsockopt(struct unix_sock *s, int level, int name, const void *val, uint32_t len);

/* One sendmsg: data, an optional destination, control messages (a kernel
   copy of msg_control) and MSG_* flags (MSG_DONTWAIT for a non-blocking
   file too). */
struct unix_send {
    struct iov_iter *data;
    const void *name;
    uint32_t namelen;
    const void *control;
    size_t controllen;
    int flags;
    uint64_t deadline; /* set by unix_sendmsg from SO_SNDTIMEO (0: none) */
};
/* Bytes sent or -errno. */
long unix_sendmsg(struct unix_sock *s, struct files *files, struct unix_send *m);

/* One recvmsg: the buffers, where the sender's name goes (name may be NULL)
   and the user's control buffer; msg_flags and the lengths come back. */
struct unix_recv {
    struct iov_iter *data;
    void *name;            /* room for UNIX_NAME_MAX bytes, or NULL */
    uint32_t namelen;      /* out: 0 when the message has no sender name */
    uint64_t ucontrol;     /* user address of the control buffer, or 0 */
    uint64_t controllen;   /* its size */
    uint64_t control_used; /* out: bytes of control messages written */
    int flags;             /* in: MSG_* */
    int msg_flags;         /* out: MSG_TRUNC, MSG_CTRUNC */
    uint64_t deadline;     /* set by unix_recvmsg from SO_RCVTIMEO (0: none) */
};
/* Bytes received (or the message's length with MSG_TRUNC), 0 at end of
   file, or -errno.  Received descriptors are installed in files. */
long unix_recvmsg(struct unix_sock *s, struct files *files, struct unix_recv *m);

/* Sets up the sockets' file system (st_dev of every socket). */
void unix_init(void);

#endif
