/*
 * kernel/ipc/unix_internal.h: what the files of the Unix socket
 * implementation share (unix_sock.c: life cycle, files and options;
 * unix_addr.c: names; unix_conn.c: listen/connect/accept; unix_stream.c
 * and unix_dgram.c: the two kinds of receive queue; unix_scm.c: control
 * messages; unix_gc.c: sockets in flight).
 *
 * Locking: one CPU and no kernel preemption (as for pipes, kernel/ipc/
 * pipe.c): a socket changes only in process context, between sleeps, and
 * every sleep re-checks the state it waited for, since peers may have
 * closed meanwhile.  The sleeps use wait_event_interruptible and friends.
 *
 * References: a socket is an inode (sockfs); its refcount counts the open
 * file, a connected peer's `peer` pointer, a listener's queue (for a
 * connection not accepted yet) and each message a datagram socket has
 * queued somewhere (message.sender).  The last reference frees it
 * (unix_sock_evict).  Closing the file (unix_release) is separate: it
 * tells the peer, empties the queue and leaves the name table.
 */
#ifndef PAGELAB_IPC_UNIX_INTERNAL_H
#define PAGELAB_IPC_UNIX_INTERNAL_H

#include "kernel/ipc/pipe_ring.h"
#include "kernel/ipc/unix_sock.h"
#include "kernel/lib/list.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/task.h"
#include "kernel/lib/time.h"
#include "kernel/lib/wait.h"

#define RCV_SHUTDOWN  1 /* no more reading: the peer may not send */
#define SEND_SHUTDOWN 2 /* no more sending */
#define SHUTDOWN_MASK 3

/* Buffer sizes (socket(7)): Linux's defaults (net.core.wmem_default,
   rmem_default), the floor setsockopt keeps, and the ceiling (wmem_max,
   rmem_max); setsockopt doubles what it is given, as Linux does. */
#define UNIX_SNDBUF_DEFAULT 212992
#define UNIX_RCVBUF_DEFAULT 212992
#define UNIX_SNDBUF_MIN     4608
#define UNIX_RCVBUF_MIN     2304
#define UNIX_BUF_MAX        212992
/* A datagram may be at most the send buffer less this (Linux: EMSGSIZE). */
#define UNIX_DGRAM_SLACK    32

enum unix_state {
    UNIX_UNCONNECTED, /* Linux's TCP_CLOSE */
    UNIX_LISTENING,
    UNIX_CONNECTED, /* TCP_ESTABLISHED: has a peer */
};

/* A name: sockaddr_un as bound, shared (referenced) by the bound socket,
   the sockets accept made from it and the messages it sent. */
struct unix_addr {
    int refcount;
    uint32_t len; /* bytes of the name, the family included */
    bool abstract;
    unsigned hash;
    /* The sockaddr_un bytes: family, then the NUL-ended path or the
       abstract name (leading NUL, any bytes). */
    uint8_t name[UNIX_NAME_MAX + 1];
};

/* Open files carried by one message (SCM_RIGHTS); each referenced. */
struct scm_fds {
    int count;
    struct scm_fds *next; /* on the garbage collector's list (unix_gc.c) */
    struct file *files[];
};

/* What one message carries besides data. */
struct unix_scm {
    struct scm_fds *fds; /* NULL if none */
    struct task_cred cred;
};

struct unix_sock {
    struct inode inode; /* first: the inode's refcount is the socket's */
    int type;           /* SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET */
    enum unix_state state;
    bool released;          /* its file is closed (or, for a connection never
                          accepted, its listener is) */
    struct file *file;      /* the open file (not referenced); NULL before accept
                          and after release */
    struct unix_sock *peer; /* referenced */

    /* Name (unix_addr.c). */
    struct unix_addr *addr;   /* referenced; NULL: unnamed */
    struct inode *path_inode; /* the S_IFSOCK inode of a path name (referenced) */
    bool named;               /* in the name table (bind/autobind, not accept) */
    struct list_head name_link;

    uint8_t shutdown; /* RCV_SHUTDOWN | SEND_SHUTDOWN */
    int err;          /* pending error for SO_ERROR (positive errno), or 0 */
    bool passcred;    /* SO_PASSCRED */
    uint32_t sndbuf, rcvbuf;
    /* SO_SNDTIMEO, SO_RCVTIMEO: how long one blocking send (or connect)
       and one receive (or accept) may wait, in ns; 0: for ever. */
    uint64_t sndtimeo_ns, rcvtimeo_ns;
    uint64_t wmem; /* bytes of this socket's data queued at receivers */
    struct task_cred peercred;
    bool has_peercred;
    /* Two queues, as a pipe has, so that a reader that frees space does not
       wake a task waiting to read on the other end (a round trip would
       pay a useless switch).  wq: readers and accept (data or a connection
       arrived, the peer shut down, an error); wwq: senders and connectors
       (its queued data was consumed, a listener's queue has room).  State
       changes wake both; poll waits on both. */
    struct waitqueue wq;
    struct waitqueue wwq;

    /* Receive queue: a byte ring with segments (stream, unix_stream.c) or
       a list of messages (datagram and seqpacket, unix_dgram.c). */
    struct pipe_ring ring;
    struct list_head segs;
    struct list_head msgs;

    /* Listening (unix_conn.c): connections not accepted yet. */
    struct list_head accept_q;
    struct list_head accept_link;
    int backlog, pending;

    /* In flight (unix_gc.c): how many queued messages hold its file. */
    int inflight;
    struct list_head inflight_link;
    int gc_refs;
    int gc_mark;
    struct list_head gc_link;
};

/* The monotonic deadline of a call that may wait timeo_ns (0: none). */
static inline uint64_t unix_deadline(uint64_t timeo_ns)
{
    return timeo_ns ? clock_monotonic_ns() + timeo_ns : 0;
}

/* A wait that ran out of SO_RCVTIMEO or SO_SNDTIMEO is EAGAIN (socket(7));
   one that a signal interrupted while such a timeout was set (deadline)
   is not restarted by SA_RESTART (signal(7)). */
static inline int unix_wait_result(int err, uint64_t deadline)
{
    if (err == -EINTR && deadline)
        task_no_restart();
    return err == -ETIMEDOUT ? -EAGAIN : err;
}

static inline bool unix_connection_oriented(const struct unix_sock *s)
{
    return s->type != SOCK_DGRAM;
}

/* A datagram socket may send to `other` unless other is connected to some
   third socket (Linux's unix_may_send). */
static inline bool unix_may_send(const struct unix_sock *s, const struct unix_sock *other)
{
    return !other->peer || other->peer == s;
}

/* unix_sock.c */
struct unix_sock *unix_sock_alloc(int type);
/* Gives s (holding one reference, which becomes the file's) its open file. */
int unix_sock_attach_file(struct unix_sock *s, int fflags, struct file **out);
void unix_sock_get(struct unix_sock *s);
/* Wakes readers and writers (a change of state or shutdown). */
void unix_wake_all(struct unix_sock *s);
void unix_sock_put(struct unix_sock *s);
/* Is the socket writable by Linux's rule (queued data at most a quarter of
   the send buffer)?  Waking writers and poll use it. */
bool unix_writable(const struct unix_sock *s);
/* Data of `from` left a queue: less is charged to it; wakes its writers. */
void unix_uncharge(struct unix_sock *from, uint64_t bytes);
/* Tears a socket down: its file was closed, or it was a connection its
   listener dropped (embryo: the client is told of a reset). */
void unix_release_sock(struct unix_sock *s, bool embryo);
/* Sleep flags for a call: may it wait? */
static inline bool unix_nonblock(int msg_flags) { return msg_flags & MSG_DONTWAIT; }

/* unix_addr.c */
void unix_addr_get(struct unix_addr *a);
void unix_addr_put(struct unix_addr *a);
/* Checks a sockaddr_un and makes a name of it: 0, -EINVAL. */
int unix_addr_make(const void *addr, uint32_t len, struct unix_addr **out);
/* Copies the name's bytes to out (room for UNIX_NAME_MAX): its length. */
uint32_t unix_addr_copy(const struct unix_addr *a, void *out);
/* Gives s a fresh abstract name ("\0" and 5 hex digits) if it has none. */
int unix_autobind(struct unix_sock *s);
/* The socket of type `type` bound to the name (referenced): -ENOENT
   (no such path), -ECONNREFUSED (nobody bound there), -EPROTOTYPE. */
int unix_find(struct files *files, const struct unix_addr *a, int type, struct unix_sock **out);
/* Leaves the name table (release). */
void unix_unbind(struct unix_sock *s);

/* unix_conn.c */
/* Drops every connection a closing listener had not accepted. */
void unix_listener_drop_queue(struct unix_sock *s);

/* unix_stream.c */
int unix_stream_init(struct unix_sock *s);
long unix_stream_sendmsg(struct unix_sock *s, struct unix_send *m, struct unix_scm *scm);
long unix_stream_recvmsg(struct unix_sock *s, struct files *files, struct unix_recv *m);
bool unix_stream_has_data(const struct unix_sock *s);
void unix_stream_purge(struct unix_sock *s);
void unix_stream_free(struct unix_sock *s);

/* unix_dgram.c (datagram and seqpacket) */
long unix_dgram_sendmsg(struct unix_sock *s, struct files *files, struct unix_send *m,
                        struct unix_scm *scm);
long unix_dgram_recvmsg(struct unix_sock *s, struct files *files, struct unix_recv *m);
bool unix_dgram_has_data(const struct unix_sock *s);
/* Bytes of the first queued message, or of all of them. */
size_t unix_dgram_queued(const struct unix_sock *s, bool all);
void unix_dgram_purge(struct unix_sock *s);

/* unix_scm.c */
/* Parses msg_control (a kernel copy): descriptors from files, credentials
   (the caller's unless SCM_CREDENTIALS names valid ones).  0, -EINVAL,
   -EBADF, -ENOMEM, -EPERM. */
int unix_scm_parse(struct files *files, const void *control, size_t len, struct unix_scm *out);
/* Drops the descriptors not delivered. */
void scm_fds_put(struct scm_fds *fds);
/* Another reference to each file (MSG_PEEK delivers copies). */
struct scm_fds *scm_fds_dup(const struct scm_fds *fds);
/* Writes the control messages of a received message into m's control
   buffer: credentials if asked for (SO_PASSCRED), then the descriptors,
   installed in files (consumed: installed or dropped; MSG_CTRUNC when
   they do not all fit, or when the buffer cannot be written: Linux loses
   the control messages then, not the data). */
void unix_scm_deliver(struct unix_recv *m, struct files *files, const struct task_cred *cred,
                      bool want_cred, struct scm_fds *fds);

/* unix_gc.c */
/* A socket's file was put into / taken out of a message in flight. */
void unix_inflight_add(struct file *f);
void unix_inflight_del(struct file *f);
/* Frees sockets reachable only from the queues of other such sockets
   (sockets sent over themselves): run when a socket is released. */
void unix_gc(void);
/* Calls fn with a pointer to each descriptor list queued at s, its
   unaccepted connections' included (fn may take the list: *fds = NULL). */
typedef void (*unix_fds_fn)(struct scm_fds **fds, void *arg);
void unix_queue_for_each_fds(struct unix_sock *s, unix_fds_fn fn, void *arg);
void unix_stream_for_each_fds(struct unix_sock *s, unix_fds_fn fn, void *arg);
void unix_dgram_for_each_fds(struct unix_sock *s, unix_fds_fn fn, void *arg);

#endif
