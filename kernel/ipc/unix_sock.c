/*
 * kernel/ipc/unix_sock.c: Unix sockets as objects and open files (see
 * unix_sock.h and unix_internal.h): creating, pairing, tearing down and
 * freeing sockets; read/write/poll/ioctl on their files; options, names,
 * shutdown; and sendmsg/recvmsg, which hand over to the queue of the
 * socket's type (unix_stream.c, unix_dgram.c).
 */
#include "kernel/copy/uaccess.h"
#include "kernel/fs/permission.h"
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "libc/include/pagelab/ioctl_values.h" /* FIONREAD */

#define SOCKFS_DEV_ID 0x0f /* st_dev of sockets (Linux: sockfs); no disk uses it */
#define SOCK_INT_MAX  0x7fffffff

static struct super_block sockfs;
static uint64_t next_ino = 1;
static const struct file_ops unix_fops;
static const struct inode_ops unix_iops;

/* --- life cycle --- */

struct unix_sock *unix_sock_alloc(int type)
{
    struct unix_sock *s = kzalloc(sizeof *s);
    if (!s)
        return NULL;
    inode_init(&s->inode, &sockfs, next_ino++);
    s->inode.mode = S_IFSOCK | 0777; /* Linux's socket inode mode */
    inode_init_owner(&s->inode, NULL);
    s->inode.atime = s->inode.mtime = s->inode.ctime = vfs_now();
    s->inode.iops = &unix_iops;
    s->inode.fops = &unix_fops;
    s->type = type;
    s->state = UNIX_UNCONNECTED;
    s->sndbuf = UNIX_SNDBUF_DEFAULT;
    s->rcvbuf = UNIX_RCVBUF_DEFAULT;
    waitqueue_init(&s->wq);
    waitqueue_init(&s->wwq);
    list_init(&s->name_link);
    list_init(&s->segs);
    list_init(&s->msgs);
    list_init(&s->accept_q);
    list_init(&s->accept_link);
    list_init(&s->inflight_link);
    list_init(&s->gc_link);
    return s;
}

void unix_wake_all(struct unix_sock *s)
{
    wake_up(&s->wq);
    wake_up(&s->wwq);
}

void unix_sock_get(struct unix_sock *s) { inode_get(&s->inode); }
void unix_sock_put(struct unix_sock *s) { inode_put(&s->inode); }

/* The last reference is gone: everything it still owns goes too. */
static void unix_sock_evict(struct inode *ino)
{
    struct unix_sock *s = (struct unix_sock *)ino;
    if (!s->released)
        unix_release_sock(s, false);
    unix_stream_free(s);
    if (s->addr)
        unix_addr_put(s->addr);
    kfree(s);
}

static const struct inode_ops unix_iops = {
    .evict = unix_sock_evict,
};

/* Gives s its open file; the socket's reference becomes the file's. */
static struct file *unix_file(struct unix_sock *s, int fflags)
{
    struct file *f = file_alloc(&s->inode, O_RDWR | (fflags & O_NONBLOCK), &unix_fops);
    if (!f)
        return NULL;
    f->private = s;
    s->file = f;
    return f;
}

int unix_sock_attach_file(struct unix_sock *s, int fflags, struct file **out)
{
    return (*out = unix_file(s, fflags)) ? 0 : -ENOMEM;
}

struct unix_sock *unix_sock_of(const struct file *f)
{
    return f && f->fops == &unix_fops ? f->private : NULL;
}

bool unix_epipe_signals(const struct unix_sock *s) { return s->type == SOCK_STREAM; }

static bool type_ok(int type)
{
    return type == SOCK_STREAM || type == SOCK_DGRAM || type == SOCK_SEQPACKET;
}

int unix_create(int type, int fflags, struct file **out)
{
    if (!type_ok(type))
        return -ESOCKTNOSUPPORT;
    struct unix_sock *s = unix_sock_alloc(type);
    if (!s)
        return -ENOMEM;
    if (!(*out = unix_file(s, fflags))) {
        unix_sock_put(s);
        return -ENOMEM;
    }
    return 0;
}

int unix_socketpair(int type, int fflags, struct file **a, struct file **b)
{
    int err = unix_create(type, fflags, a);
    if (err)
        return err;
    if ((err = unix_create(type, fflags, b))) {
        file_put(*a);
        return err;
    }
    struct unix_sock *sa = (*a)->private, *sb = (*b)->private;
    struct task_cred me;
    task_current_cred(&me);
    unix_sock_get(sb);
    sa->peer = sb;
    unix_sock_get(sa);
    sb->peer = sa;
    sa->state = sb->state = UNIX_CONNECTED;
    sa->peercred = sb->peercred = me;
    sa->has_peercred = sb->has_peercred = true;
    return 0;
}

static bool has_data(const struct unix_sock *s)
{
    return s->type == SOCK_STREAM ? unix_stream_has_data(s) : unix_dgram_has_data(s);
}

/*
 * Linux's unix_release_sock: no more I/O on s; a connected peer sees end of
 * file (and ECONNRESET if s leaves data unread, or if s was a connection
 * its listener dropped); a listener's pending connections are reset; the
 * queue is emptied (its descriptors closed, its senders' buffer space
 * given back); the name is given up.  Then the garbage collector gets a
 * chance, since s may have held the last outside reference to sockets in
 * flight.
 */
void unix_release_sock(struct unix_sock *s, bool embryo)
{
    if (s->released)
        return;
    s->released = true;
    s->file = NULL;
    s->shutdown = SHUTDOWN_MASK;
    unix_unbind(s);
    bool unread = has_data(s);
    if (s->state == UNIX_LISTENING)
        unix_listener_drop_queue(s);
    if (s->type == SOCK_STREAM)
        unix_stream_purge(s);
    else
        unix_dgram_purge(s);
    struct unix_sock *peer = s->peer;
    if (peer) {
        if (unix_connection_oriented(s)) {
            peer->shutdown = SHUTDOWN_MASK;
            if (unread || embryo)
                peer->err = ECONNRESET;
            unix_wake_all(peer);
        }
        /* A stream peer keeps its pointer to s (it may still read what s
           wrote, and gives s the space back); s lets go of the peer. */
        s->peer = NULL;
        unix_sock_put(peer);
    }
    s->state = UNIX_UNCONNECTED;
    unix_wake_all(s);
    unix_gc();
}

/* --- buffer space --- */

bool unix_writable(const struct unix_sock *s)
{
    if (s->state == UNIX_LISTENING)
        return false;
    if (s->wmem * 4 > s->sndbuf)
        return false;
    const struct unix_sock *r = s->peer;
    if (s->type == SOCK_STREAM && r && r->ring.buf && pipe_ring_free(&r->ring) == 0)
        return false;
    return true;
}

void unix_uncharge(struct unix_sock *from, uint64_t bytes)
{
    from->wmem -= bytes;
    /* Linux wakes writers only once a quarter of the buffer is left in use:
       fewer, larger wake-ups for a writer that keeps the buffer full. */
    if (unix_writable(from) && !list_empty(&from->wwq.entries))
        wake_up(&from->wwq);
}

/* --- the open file --- */

static long unix_file_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    if (n == 0)
        return 0; /* Linux: a read of nothing returns at once */
    struct iovec_linux seg = { (uint64_t)buf->ptr, n };
    struct iov_iter it;
    iov_iter_init(&it, buf->segs ? buf->segs : &seg, buf->segs ? buf->nsegs : 1, n, buf->user,
                  MECH_SOCKET); /* readv: the vector as recvmsg's */
    struct unix_recv m = { .data = &it, .flags = f->flags & O_NONBLOCK ? MSG_DONTWAIT : 0 };
    return unix_recvmsg(f->private, NULL, &m);
}

static long unix_file_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct iovec_linux seg = { (uint64_t)buf->ptr, n };
    struct iov_iter it;
    iov_iter_init(&it, buf->segs ? buf->segs : &seg, buf->segs ? buf->nsegs : 1, n, buf->user,
                  MECH_SOCKET); /* writev: one message, as sendmsg's */
    struct unix_send m = { .data = &it, .flags = f->flags & O_NONBLOCK ? MSG_DONTWAIT : 0 };
    return unix_sendmsg(f->private, NULL, &m);
}

/* Linux's unix_poll and unix_dgram_poll, in one. */
static uint32_t unix_poll(struct file *f, struct poll_table *pt)
{
    struct unix_sock *s = f->private;
    poll_wait(pt, &s->wq);
    poll_wait(pt, &s->wwq);
    uint32_t mask = 0;
    if (s->err)
        mask |= POLLERR;
    if (s->shutdown == SHUTDOWN_MASK)
        mask |= POLLHUP;
    if (s->shutdown & RCV_SHUTDOWN)
        mask |= POLLRDHUP | POLLIN | POLLRDNORM;
    if (has_data(s) || !list_empty(&s->accept_q))
        mask |= POLLIN | POLLRDNORM;
    if (unix_connection_oriented(s) && s->state == UNIX_UNCONNECTED)
        mask |= POLLHUP;
    if (unix_writable(s))
        mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
    return mask;
}

/* FIONREAD (Linux's SIOCINQ): bytes queued; a datagram socket says how long
   its next message is. */
static long unix_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
    struct unix_sock *s = f->private;
    if (cmd != FIONREAD)
        return -ENOTTY;
    if (s->state == UNIX_LISTENING)
        return -EINVAL;
    int n;
    if (s->type == SOCK_STREAM)
        n = s->ring.buf ? (int)pipe_ring_used(&s->ring) : 0;
    else
        n = (int)unix_dgram_queued(s, s->type == SOCK_SEQPACKET);
    return copy_to_user((void *)arg, &n, sizeof n, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static void unix_file_release(struct file *f) { unix_release_sock(f->private, false); }

static const struct file_ops unix_fops = {
    .read = unix_file_read,
    .write = unix_file_write,
    .poll = unix_poll,
    .ioctl = unix_ioctl,
    .release = unix_file_release,
};

/* --- names, shutdown, options --- */

int unix_getname(struct unix_sock *s, bool peer, void *addr, uint32_t *len)
{
    struct unix_sock *t = s;
    if (peer) {
        if (s->state != UNIX_CONNECTED || !s->peer)
            return -ENOTCONN;
        t = s->peer;
    }
    if (t->addr) {
        *len = unix_addr_copy(t->addr, addr);
    } else {
        *(uint16_t *)addr = AF_UNIX;
        *len = sizeof(uint16_t); /* unnamed: only the family (unix(7)) */
    }
    return 0;
}

int unix_shutdown(struct unix_sock *s, int how)
{
    if (how < SHUT_RD || how > SHUT_RDWR)
        return -EINVAL;
    uint8_t mode = (uint8_t)(how + 1); /* SHUT_RD -> RCV_SHUTDOWN ... */
    s->shutdown |= mode;
    unix_wake_all(s);
    struct unix_sock *peer = s->peer;
    if (peer && unix_connection_oriented(s)) {
        uint8_t peer_mode = 0;
        if (mode & RCV_SHUTDOWN)
            peer_mode |= SEND_SHUTDOWN;
        if (mode & SEND_SHUTDOWN)
            peer_mode |= RCV_SHUTDOWN;
        peer->shutdown |= peer_mode;
        unix_wake_all(peer);
    }
    return 0;
}

static void put_int(void *val, uint32_t *len, int v)
{
    *(int *)val = v;
    *len = sizeof v;
}

/* A timeout as struct timeval (0: none, {0, 0}). */
static void put_timeval(void *val, uint32_t *len, uint64_t ns)
{
    int64_t *tv = val;
    tv[0] = (int64_t)(ns / NSEC_PER_SEC);
    tv[1] = (int64_t)(ns % NSEC_PER_SEC / 1000);
    *len = 2 * sizeof *tv;
}

/* Linux's sock_set_timeout: usec outside [0, 1e6) is EDOM; {0, 0} waits
   for ever; a negative time does not wait at all (1 ns); the rest is
   rounded up to the tick (1 ms, Linux with HZ=1000). */
static int set_timeout(uint64_t *timeo_ns, const void *val)
{
    const int64_t *tv = val;
    if (tv[1] < 0 || tv[1] >= 1000000)
        return -EDOM;
    if (tv[0] < 0) {
        *timeo_ns = 1;
        return 0;
    }
    uint64_t max_sec = UINT64_MAX / NSEC_PER_SEC - 1;
    uint64_t ms = (uint64_t)(tv[1] + 999) / 1000;
    *timeo_ns = (uint64_t)tv[0] >= max_sec ? 0 : (uint64_t)tv[0] * NSEC_PER_SEC + ms * 1000000;
    return 0;
}

uint32_t unix_setsockopt_len(int name)
{
    bool timeo = name == SO_RCVTIMEO || name == SO_SNDTIMEO || name == SO_RCVTIMEO_NEW ||
                 name == SO_SNDTIMEO_NEW;
    return timeo ? 2 * sizeof(int64_t) : sizeof(int);
}

int unix_getsockopt(struct unix_sock *s, int level, int name, void *val, uint32_t *len)
{
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;
    switch (name) {
    case SO_TYPE:
        put_int(val, len, s->type);
        return 0;
    case SO_ERROR:
        put_int(val, len, s->err);
        s->err = 0;
        return 0;
    case SO_SNDBUF:
        put_int(val, len, (int)s->sndbuf);
        return 0;
    case SO_RCVBUF:
        put_int(val, len, (int)s->rcvbuf);
        return 0;
    case SO_PASSCRED:
        put_int(val, len, s->passcred);
        return 0;
    case SO_ACCEPTCONN:
        put_int(val, len, s->state == UNIX_LISTENING);
        return 0;
    case SO_DOMAIN:
        put_int(val, len, AF_UNIX);
        return 0;
    case SO_PROTOCOL:
        put_int(val, len, 0);
        return 0;
    case SO_RCVTIMEO:
    case SO_RCVTIMEO_NEW:
        put_timeval(val, len, s->rcvtimeo_ns);
        return 0;
    case SO_SNDTIMEO:
    case SO_SNDTIMEO_NEW:
        put_timeval(val, len, s->sndtimeo_ns);
        return 0;
    case SO_PEERCRED: {
        /* Not connected: pid 0 and the "no such id" uid and gid (-1). */
        struct task_cred c = { 0, (uint32_t)-1, (uint32_t)-1 };
        if (s->has_peercred)
            c = s->peercred;
        *(struct task_cred *)val = c;
        *len = sizeof c;
        return 0;
    }
    default:
        return -ENOPROTOOPT;
    }
}

/* socket(7): the kernel doubles the value (room for its bookkeeping), up to
   twice the ceiling unless forced, and not below the floor. */
static uint32_t buf_size(int v, uint32_t floor, bool force)
{
    uint64_t want = (uint32_t)v; /* Linux compares as unsigned: -1 is huge */
    if (!force && want > UNIX_BUF_MAX)
        want = UNIX_BUF_MAX;
    if (want > SOCK_INT_MAX / 2)
        want = SOCK_INT_MAX / 2;
    want *= 2;
    return want < floor ? floor : (uint32_t)want;
}

int unix_setsockopt(struct unix_sock *s, int level, int name, const void *val, uint32_t len)
{
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;
    if (len < unix_setsockopt_len(name))
        return -EINVAL;
    switch (name) {
    case SO_RCVTIMEO:
    case SO_RCVTIMEO_NEW:
        return set_timeout(&s->rcvtimeo_ns, val);
    case SO_SNDTIMEO:
    case SO_SNDTIMEO_NEW:
        return set_timeout(&s->sndtimeo_ns, val);
    }
    int v = *(const int *)val;
    switch (name) {
    case SO_SNDBUF:
    case SO_SNDBUFFORCE:
        s->sndbuf = buf_size(v, UNIX_SNDBUF_MIN, name == SO_SNDBUFFORCE);
        wake_up(&s->wwq); /* a writer may fit now */
        return 0;
    case SO_RCVBUF:
    case SO_RCVBUFFORCE:
        s->rcvbuf = buf_size(v, UNIX_RCVBUF_MIN, name == SO_RCVBUFFORCE);
        return 0;
    case SO_PASSCRED:
        s->passcred = v != 0;
        return 0;
    default:
        return -ENOPROTOOPT;
    }
}

/* --- sending and receiving --- */

long unix_sendmsg(struct unix_sock *s, struct files *files, struct unix_send *m)
{
    if (m->flags & MSG_OOB)
        return -EOPNOTSUPP;
    if (s->type == SOCK_SEQPACKET) {
        /* Linux's unix_seqpacket_sendmsg: a pending error first, only
           connected, and any destination is ignored. */
        if (s->err) {
            int e = s->err;
            s->err = 0;
            return -e;
        }
        if (s->state != UNIX_CONNECTED)
            return -ENOTCONN;
        m->namelen = 0;
    }
    m->deadline = unix_deadline(s->sndtimeo_ns);
    struct unix_scm scm;
    int err = unix_scm_parse(files, m->control, m->controllen, &scm);
    if (err)
        return err;
    long r = s->type == SOCK_STREAM ? unix_stream_sendmsg(s, m, &scm)
                                    : unix_dgram_sendmsg(s, files, m, &scm);
    scm_fds_put(scm.fds); /* not sent (a queued message took them otherwise) */
    return r;
}

long unix_recvmsg(struct unix_sock *s, struct files *files, struct unix_recv *m)
{
    if (m->flags & MSG_OOB)
        return -EOPNOTSUPP;
    m->msg_flags = 0;
    m->namelen = 0;
    m->control_used = 0;
    m->deadline = unix_deadline(s->rcvtimeo_ns);
    return s->type == SOCK_STREAM ? unix_stream_recvmsg(s, files, m)
                                  : unix_dgram_recvmsg(s, files, m);
}

void unix_init(void)
{
    super_init(&sockfs, NULL, "sockfs");
    sockfs.dev_id = SOCKFS_DEV_ID;
}
