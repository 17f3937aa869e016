/*
 * kernel/ipc/unix_conn.c: connections (listen(2), connect(2), accept(2)).
 *
 * Stream and seqpacket: connect makes the server's end of the connection
 * at once (Linux's "embryo") and queues it on the listener; the client is
 * connected from then on and may send before the server accepts.  A
 * listener takes backlog + 1 connections before connect waits for room
 * (or fails with EAGAIN when non-blocking), as Linux counts.  accept hands
 * out the oldest queued connection as a new open file.  SO_PEERCRED is the
 * listener's credentials from listen() for the client, the client's from
 * connect() for the server.
 *
 * Datagram: connect only sets the default destination (and then only that
 * socket may send to this one while it is connected to it); AF_UNSPEC
 * dissolves it.
 */
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/errno.h"

#define FAMILY_LEN 2

int unix_listen(struct unix_sock *s, int backlog)
{
    if (!unix_connection_oriented(s))
        return -EOPNOTSUPP;
    if (s->state == UNIX_CONNECTED || !s->addr)
        return -EINVAL;             /* only an unconnected, bound socket listens */
    unsigned b = (unsigned)backlog; /* Linux: negative is huge, then SOMAXCONN */
    if (b > SOMAXCONN)
        b = SOMAXCONN;
    if ((int)b > s->backlog)
        wake_up(&s->wwq); /* connectors waiting for room may fit now */
    s->backlog = (int)b;
    s->state = UNIX_LISTENING;
    task_current_cred(&s->peercred);
    s->has_peercred = true;
    return 0;
}

static bool listener_full(const struct unix_sock *l) { return l->pending > l->backlog; }

/* Joins client c and the new server end n (which the listener l queues). */
static void join(struct unix_sock *c, struct unix_sock *n, struct unix_sock *l)
{
    n->state = UNIX_CONNECTED;
    unix_sock_get(c);
    n->peer = c;
    task_current_cred(&n->peercred);
    n->has_peercred = true;
    if (l->addr) { /* the server end answers getsockname with the listener's name */
        unix_addr_get(l->addr);
        n->addr = l->addr;
    }
    unix_sock_get(n);
    c->peer = n;
    c->state = UNIX_CONNECTED;
    c->peercred = l->peercred;
    c->has_peercred = l->has_peercred;
    list_add_tail(&n->accept_link, &l->accept_q); /* n's first reference is the queue's */
    l->pending++;
    wake_up(&l->wq);
}

/* Linux's order: the listener first (ECONNREFUSED, a full backlog), only
   then this socket's own state (EISCONN, EINVAL). */
static int connect_stream(struct unix_sock *s, struct files *files, struct unix_addr *a,
                          bool nonblock)
{
    if (s->passcred && !s->addr && unix_autobind(s))
        return -ENOMEM;
    struct unix_sock *n = unix_sock_alloc(s->type);
    if (!n)
        return -ENOMEM;
    uint64_t deadline = unix_deadline(s->sndtimeo_ns);
    for (;;) {
        struct unix_sock *l;
        int err = unix_find(files, a, s->type, &l);
        if (err) {
            unix_sock_put(n);
            return err;
        }
        if (l->released || l->state != UNIX_LISTENING || (l->shutdown & RCV_SHUTDOWN))
            err = -ECONNREFUSED;
        else if (listener_full(l) && nonblock)
            err = -EAGAIN;
        else if (listener_full(l))
            err = unix_wait_result(
                wait_event_deadline(&l->wwq,
                                    !listener_full(l) || l->released || l->state != UNIX_LISTENING,
                                    deadline),
                deadline);
        else if (s->state != UNIX_UNCONNECTED)
            err = s->state == UNIX_CONNECTED ? -EISCONN : -EINVAL;
        else {
            join(s, n, l);
            unix_sock_put(l);
            return 0;
        }
        unix_sock_put(l);
        if (err) {
            unix_sock_put(n);
            return err;
        }
        /* Woken: look the name up again, the listener may be gone. */
    }
}

static void dgram_disconnect(struct unix_sock *s)
{
    if (s->peer) {
        unix_sock_put(s->peer);
        s->peer = NULL;
    }
    s->state = UNIX_UNCONNECTED;
}

static int connect_dgram(struct unix_sock *s, struct files *files, struct unix_addr *a)
{
    if (s->passcred && !s->addr && unix_autobind(s))
        return -ENOMEM;
    struct unix_sock *other;
    int err = unix_find(files, a, s->type, &other);
    if (err)
        return err;
    if (!unix_may_send(s, other)) {
        unix_sock_put(other);
        return -EPERM;
    }
    dgram_disconnect(s);
    s->peer = other; /* find's reference */
    s->state = UNIX_CONNECTED;
    return 0;
}

int unix_connect(struct unix_sock *s, struct files *files, const void *addr, uint32_t len,
                 bool nonblock)
{
    const uint16_t *family = addr;
    if (s->type == SOCK_DGRAM && len >= FAMILY_LEN && *family == AF_UNSPEC) {
        dgram_disconnect(s);
        return 0;
    }
    struct unix_addr *a;
    int err = unix_addr_make(addr, len, &a);
    if (err)
        return err;
    err =
        s->type == SOCK_DGRAM ? connect_dgram(s, files, a) : connect_stream(s, files, a, nonblock);
    unix_addr_put(a);
    return err;
}

int unix_accept(struct unix_sock *s, int fflags, bool nonblock, struct file **out)
{
    if (!unix_connection_oriented(s))
        return -EOPNOTSUPP;
    if (s->state != UNIX_LISTENING)
        return -EINVAL;
    uint64_t deadline = unix_deadline(s->rcvtimeo_ns);
    while (list_empty(&s->accept_q)) {
        if (nonblock)
            return -EAGAIN;
        int err = unix_wait_result(
            wait_event_deadline(&s->wq, !list_empty(&s->accept_q) || s->state != UNIX_LISTENING,
                                deadline),
            deadline);
        if (err)
            return err;
        if (s->state != UNIX_LISTENING)
            return -EINVAL;
    }
    struct unix_sock *n = list_first_entry(&s->accept_q, struct unix_sock, accept_link);
    int err = unix_sock_attach_file(n, fflags, out);
    if (err)
        return err;
    list_del(&n->accept_link);
    s->pending--;
    wake_up(&s->wwq); /* a connector waiting for room */
    return 0;
}

void unix_listener_drop_queue(struct unix_sock *s)
{
    while (!list_empty(&s->accept_q)) {
        struct unix_sock *n = list_first_entry(&s->accept_q, struct unix_sock, accept_link);
        list_del(&n->accept_link);
        s->pending--;
        unix_release_sock(n, true);
        unix_sock_put(n);
    }
}
