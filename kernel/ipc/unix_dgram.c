/*
 * kernel/ipc/unix_dgram.c: the receive queue of SOCK_DGRAM and
 * SOCK_SEQPACKET sockets: a list of whole messages.
 *
 * A send copies the caller's data once into a new message (header and
 * bytes in one allocation) and queues it at the receiver; a receive copies
 * it once out and frees it.  A message keeps its boundaries: a short
 * buffer gets the start and MSG_TRUNC, and the rest is gone.  Each message
 * is charged to its sender's SO_SNDBUF until it is received (its header
 * and bytes, as Linux charges an sk_buff's true size), so a sender that
 * outruns its receiver waits (or gets EAGAIN).  A message remembers its
 * sender's name (recvfrom) and credentials, and carries descriptors.
 *
 * Not done as Linux: Linux also stops a datagram sender when the
 * receiver's queue is longer than net.unix.max_dgram_qlen (10) and the
 * receiver is not connected back to it; here only the sender's own buffer
 * limits it.
 */
#include "kernel/copy/iov_iter.h"
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

struct unix_msg {
    struct list_head link;    /* unix_sock.msgs, oldest first */
    struct unix_sock *sender; /* referenced; charged `charge` bytes */
    struct unix_addr *from;   /* the sender's name when it sent (referenced), or NULL */
    struct task_cred cred;
    struct scm_fds *fds;
    size_t len;
    size_t charge;
    uint8_t data[];
};

bool unix_dgram_has_data(const struct unix_sock *s) { return !list_empty(&s->msgs); }

size_t unix_dgram_queued(const struct unix_sock *s, bool all)
{
    size_t n = 0;
    struct list_head *l;
    list_for_each(l, &s->msgs)
    {
        n += list_entry(l, struct unix_msg, link)->len;
        if (!all)
            break;
    }
    return n;
}

/* The destination: the named socket, or the connected peer; referenced. */
static int destination(struct unix_sock *s, struct files *files, struct unix_send *m,
                       struct unix_sock **out)
{
    if (s->type == SOCK_DGRAM && m->namelen) {
        struct unix_addr *a;
        int err = unix_addr_make(m->name, m->namelen, &a);
        if (err)
            return err;
        err = unix_find(files, a, s->type, out);
        unix_addr_put(a);
        return err;
    }
    if (!s->peer)
        return -ENOTCONN;
    unix_sock_get(s->peer);
    *out = s->peer;
    return 0;
}

static void msg_free(struct unix_msg *msg)
{
    unix_uncharge(msg->sender, msg->charge);
    unix_sock_put(msg->sender);
    if (msg->from)
        unix_addr_put(msg->from);
    scm_fds_put(msg->fds);
    kfree(msg);
}

static bool can_send(const struct unix_sock *s, const struct unix_sock *other)
{
    return s->wmem < s->sndbuf || other->released || (s->shutdown & SEND_SHUTDOWN);
}

/* Why s cannot send to other now (-errno), or 0.  A datagram socket whose
   connected peer has gone forgets it and says ECONNREFUSED once (then
   ENOTCONN), as Linux does; seqpacket says EPIPE. */
static int refused(struct unix_sock *s, struct unix_sock *other)
{
    if (other->released) {
        if (s->type == SOCK_SEQPACKET)
            return -EPIPE;
        if (s->peer == other) {
            s->peer = NULL;
            s->state = UNIX_UNCONNECTED;
            unix_sock_put(other);
        }
        return -ECONNREFUSED;
    }
    if (!unix_may_send(s, other))
        return -EPERM;
    if ((other->shutdown & RCV_SHUTDOWN) || (s->shutdown & SEND_SHUTDOWN))
        return -EPIPE;
    return 0;
}

long unix_dgram_sendmsg(struct unix_sock *s, struct files *files, struct unix_send *m,
                        struct unix_scm *scm)
{
    size_t len = m->data->left;
    if (len > s->sndbuf - UNIX_DGRAM_SLACK)
        return -EMSGSIZE;
    if (s->passcred && !s->addr && unix_autobind(s))
        return -ENOMEM;
    struct unix_sock *other;
    int err = destination(s, files, m, &other);
    if (err)
        return err;
    struct unix_msg *msg = kmalloc(sizeof *msg + len);
    if (!msg) {
        unix_sock_put(other);
        return -ENOBUFS;
    }
    if (iov_iter_copy_in(m->data, msg->data, len)) {
        kfree(msg);
        unix_sock_put(other);
        return -EFAULT;
    }
    while (!(err = refused(s, other)) && s->wmem >= s->sndbuf) {
        if (unix_nonblock(m->flags))
            err = -EAGAIN;
        else
            err = unix_wait_result(wait_event_deadline(&s->wwq, can_send(s, other), m->deadline),
                                   m->deadline);
        if (err)
            break;
    }
    if (err) {
        kfree(msg);
        unix_sock_put(other);
        return err;
    }
    unix_sock_get(s);
    msg->sender = s;
    msg->from = s->addr;
    if (msg->from)
        unix_addr_get(msg->from);
    msg->cred = scm->cred;
    msg->fds = scm->fds;
    scm->fds = NULL;
    msg->len = len;
    msg->charge = sizeof *msg + len;
    s->wmem += msg->charge;
    list_add_tail(&msg->link, &other->msgs);
    wake_up(&other->wq);
    unix_sock_put(other);
    return (long)len;
}

static bool readable_or_done(const struct unix_sock *s)
{
    return !list_empty(&s->msgs) || s->err || (s->shutdown & RCV_SHUTDOWN);
}

long unix_dgram_recvmsg(struct unix_sock *s, struct files *files, struct unix_recv *m)
{
    if (s->type == SOCK_SEQPACKET && s->state != UNIX_CONNECTED)
        return -ENOTCONN;
    while (list_empty(&s->msgs)) {
        if (s->err) {
            int e = s->err;
            s->err = 0;
            return -e;
        }
        if (s->shutdown & RCV_SHUTDOWN)
            return 0;
        if (unix_nonblock(m->flags))
            return -EAGAIN;
        int err = unix_wait_result(wait_event_deadline(&s->wq, readable_or_done(s), m->deadline),
                                   m->deadline);
        if (err)
            return err;
    }
    struct unix_msg *msg = list_first_entry(&s->msgs, struct unix_msg, link);
    bool peek = m->flags & MSG_PEEK;
    size_t len = m->data->left, n = msg->len < len ? msg->len : len;
    if (!peek)
        list_del(&msg->link);
    long r = iov_iter_copy_out(m->data, msg->data, n) ? -EFAULT : (long)n;
    if (r >= 0) {
        if (msg->len > len)
            m->msg_flags |= MSG_TRUNC;
        if (m->flags & MSG_TRUNC)
            r = (long)msg->len; /* the real length, as Linux gives it */
        if (m->name && msg->from) {
            m->namelen = unix_addr_copy(msg->from, m->name);
        }
        struct scm_fds *fds = msg->fds;
        if (peek)
            fds = fds ? scm_fds_dup(fds) : NULL;
        else
            msg->fds = NULL;
        if (fds || s->passcred)
            unix_scm_deliver(m, files, &msg->cred, s->passcred, fds);
    }
    if (!peek)
        msg_free(msg); /* also when the copy failed: Linux drops it too */
    return r;
}

void unix_dgram_purge(struct unix_sock *s)
{
    while (!list_empty(&s->msgs)) {
        struct unix_msg *msg = list_first_entry(&s->msgs, struct unix_msg, link);
        list_del(&msg->link);
        msg_free(msg);
    }
}

void unix_dgram_for_each_fds(struct unix_sock *s, unix_fds_fn fn, void *arg)
{
    struct list_head *l;
    list_for_each(l, &s->msgs)
    {
        struct unix_msg *msg = list_entry(l, struct unix_msg, link);
        if (msg->fds)
            fn(&msg->fds, arg);
    }
}
