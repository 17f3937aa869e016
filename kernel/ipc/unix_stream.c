/*
 * kernel/ipc/unix_stream.c: the receive queue of a SOCK_STREAM socket.
 *
 * The bytes sit in a ring (the pipe's, pipe_ring.h): the sender copies
 * from its buffers straight into the receiver's ring and the receiver
 * copies straight out, one ledger-counted copy each under MECH_SOCKET, with
 * no bounce buffer; the ring is allocated at the first send (a power of two
 * at least the sender's SO_SNDBUF) and grows, when empty, if SO_SNDBUF
 * grows.  How much may wait in it is the sender's SO_SNDBUF (its `wmem`
 * counts its bytes in the ring); a reader that frees space wakes the
 * sender once no more than a quarter of SO_SNDBUF is left in use, as Linux
 * does.
 *
 * Beside the bytes, a list of segments says who wrote which range: the
 * writer's credentials (SCM_CREDENTIALS) and the descriptors a sendmsg
 * carried (SCM_RIGHTS, attached to the first bytes of that call).  Linux
 * keeps these per sk_buff; the reads below stop where Linux's stop: after
 * the bytes that carried descriptors (one set of descriptors per read), and,
 * for a reader with SO_PASSCRED, where the writer changes.  Consecutive
 * writes by one writer without descriptors extend one segment, and the
 * last segment is kept when emptied, so a stream between two processes
 * allocates nothing per message.
 */
#include "kernel/copy/iov_iter.h"
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

#define RING_MIN 4096
#define RING_MAX (1024 * 1024)

/* A run of bytes from one writer, or the bytes one sendmsg sent with
   descriptors: [end of the previous segment, end). */
struct unix_seg {
    struct list_head link; /* unix_sock.segs, oldest first */
    uint64_t end;          /* ring position one past its last byte */
    struct task_cred cred;
    struct scm_fds *fds; /* delivered with the first read of these bytes */
};

static bool cred_eq(const struct task_cred *a, const struct task_cred *b)
{
    return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

static long copy_in(void *ctx, uint8_t *part, size_t off, size_t len)
{
    return iov_iter_copy_in(ctx, part, len); /* the ring asks for parts in order */
}

static long copy_out(void *ctx, uint8_t *part, size_t off, size_t len)
{
    return iov_iter_copy_out(ctx, part, len);
}

bool unix_stream_has_data(const struct unix_sock *s)
{
    return s->ring.buf && pipe_ring_used(&s->ring) > 0;
}

/* The receiver r's ring, big enough for a sender with this SO_SNDBUF when it
   can be (re)made: 0, or -ENOMEM when there is none at all. */
static int ring_ready(struct unix_sock *r, uint32_t sndbuf)
{
    if (r->ring.buf && (r->ring.size >= sndbuf || pipe_ring_used(&r->ring)))
        return 0;
    size_t size = RING_MIN;
    while (size < sndbuf && size < RING_MAX)
        size *= 2;
    if (r->ring.buf && size <= r->ring.size)
        return 0;
    uint8_t *buf;
    while (!(buf = kmalloc(size)) && size > RING_MIN)
        size /= 2; /* memory is short: a smaller ring still works */
    if (!buf)
        return r->ring.buf ? 0 : -ENOMEM;
    if (r->ring.buf && size <= r->ring.size) {
        kfree(buf);
        return 0;
    }
    kfree(r->ring.buf);
    /* head and tail keep counting (the segments hold positions): an empty
       ring can take any size. */
    r->ring.buf = buf;
    r->ring.size = size;
    return 0;
}

static bool can_send(const struct unix_sock *s, const struct unix_sock *r)
{
    if ((s->shutdown & SEND_SHUTDOWN) || r->released || (r->shutdown & RCV_SHUTDOWN))
        return true; /* not "room", but the waiting is over */
    return s->wmem < s->sndbuf && (!r->ring.buf || pipe_ring_free(&r->ring) > 0);
}

static struct unix_seg *last_seg(struct unix_sock *r)
{
    return list_empty(&r->segs) ? NULL : list_entry(r->segs.prev, struct unix_seg, link);
}

/* Puts n bytes of m's data into r's ring under a segment: the last one if
   the same writer wrote it without descriptors, else a new one, which takes
   scm's descriptors.  The bytes put, or -EFAULT/-ENOMEM. */
static long put_bytes(struct unix_sock *r, struct unix_send *m, size_t n, struct unix_scm *scm)
{
    struct unix_seg *last = last_seg(r), *seg = NULL;
    bool extend = last && !last->fds && !scm->fds && cred_eq(&last->cred, &scm->cred);
    if (!extend && !(seg = kmalloc(sizeof *seg)))
        return -ENOMEM;
    long k = pipe_ring_write(&r->ring, n, copy_in, m->data);
    if (k <= 0) {
        kfree(seg);
        return -EFAULT;
    }
    if (extend) {
        last->end = r->ring.head;
        return k;
    }
    seg->end = r->ring.head;
    seg->cred = scm->cred;
    seg->fds = scm->fds;
    scm->fds = NULL;
    list_add_tail(&seg->link, &r->segs);
    return k;
}

long unix_stream_sendmsg(struct unix_sock *s, struct unix_send *m, struct unix_scm *scm)
{
    if (m->namelen)
        return s->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
    struct unix_sock *r = s->peer;
    if (!r || s->state != UNIX_CONNECTED)
        return -ENOTCONN;
    if (s->shutdown & SEND_SHUTDOWN)
        return -EPIPE;
    size_t len = m->data->left, sent = 0;
    long err = 0;
    while (sent < len) {
        if ((s->shutdown & SEND_SHUTDOWN) || r->released || (r->shutdown & RCV_SHUTDOWN)) {
            err = -EPIPE;
            break;
        }
        if ((err = ring_ready(r, s->sndbuf)))
            break;
        size_t room = s->wmem < s->sndbuf ? s->sndbuf - s->wmem : 0;
        if (room > pipe_ring_free(&r->ring))
            room = pipe_ring_free(&r->ring);
        if (room == 0) {
            if (unix_nonblock(m->flags)) {
                err = -EAGAIN;
                break;
            }
            if ((err = unix_wait_result(wait_event_deadline(&s->wwq, can_send(s, r), m->deadline),
                                        m->deadline)))
                break;
            continue;
        }
        size_t n = len - sent < room ? len - sent : room;
        long k = put_bytes(r, m, n, scm);
        if (k < 0) {
            err = k;
            break;
        }
        s->wmem += (uint64_t)k;
        sent += (size_t)k;
        if (!list_empty(&r->wq.entries))
            wake_up(&r->wq);
        if ((size_t)k < n) {
            err = -EFAULT; /* a bad pointer part-way */
            break;
        }
    }
    return sent ? (long)sent : err;
}

/* The segment holding stream position pos. */
static struct unix_seg *seg_at(struct unix_sock *s, uint64_t pos)
{
    struct list_head *l;
    list_for_each(l, &s->segs)
    {
        struct unix_seg *seg = list_entry(l, struct unix_seg, link);
        if (seg->end > pos)
            return seg;
    }
    return NULL; /* not reached: every byte in the ring is in a segment */
}

/* Frees the segments read to their end, but keeps the last one (without
   descriptors) for the writer's next bytes. */
static void drop_read_segs(struct unix_sock *s)
{
    while (!list_empty(&s->segs)) {
        struct unix_seg *seg = list_first_entry(&s->segs, struct unix_seg, link);
        if (seg->end > s->ring.tail || (seg->link.next == &s->segs && !seg->fds))
            break;
        list_del(&seg->link);
        scm_fds_put(seg->fds);
        kfree(seg);
    }
}

static bool readable_or_done(const struct unix_sock *s, uint64_t at)
{
    return (s->ring.buf && s->ring.head > at) || s->err || (s->shutdown & RCV_SHUTDOWN);
}

/* Nothing to read at `at`: 1 to look again (after waiting), 0 to stop with
   what was read, or -errno.  A pending error (ECONNRESET) is reported
   before end of file, once. */
static long wait_for_bytes(struct unix_sock *s, const struct unix_recv *m, uint64_t at, bool enough)
{
    if (enough)
        return 0;
    if (s->err) {
        long e = -s->err;
        s->err = 0;
        return e;
    }
    if (s->shutdown & RCV_SHUTDOWN)
        return 0;
    if (unix_nonblock(m->flags))
        return -EAGAIN;
    long err = unix_wait_result(wait_event_deadline(&s->wq, readable_or_done(s, at), m->deadline),
                                m->deadline);
    return err ? err : 1;
}

/* k bytes of seg were read (not peeked): the sender gets the space back,
   the segment's descriptors go with this read.  Must the read stop here
   (the segment is not finished, or it carried descriptors)? */
static bool consumed(struct unix_sock *s, struct unix_seg *seg, long k, struct scm_fds **fds)
{
    if (s->peer)
        unix_uncharge(s->peer, (uint64_t)k);
    bool seg_left = seg->end > s->ring.tail;
    if (seg->fds) {
        *fds = seg->fds;
        seg->fds = NULL;
    }
    drop_read_segs(s); /* may free seg */
    return seg_left || *fds;
}

/*
 * Linux's unix_stream_read_generic: waits for at least one byte (all that
 * was asked with MSG_WAITALL), then takes what is there, stopping after the
 * bytes that carried descriptors or, with SO_PASSCRED, where the writer
 * changes.
 */
long unix_stream_recvmsg(struct unix_sock *s, struct files *files, struct unix_recv *m)
{
    if (s->state != UNIX_CONNECTED)
        return -EINVAL; /* Linux: EINVAL, not ENOTCONN, for a stream socket */
    size_t len = m->data->left, copied = 0;
    /* Linux waits for one byte even when asked for none (sock_rcvlowat). */
    size_t target = (m->flags & MSG_WAITALL) && len ? len : 1;
    bool peek = m->flags & MSG_PEEK;
    struct scm_fds *fds = NULL;
    struct task_cred cred = { 0, 0, 0 };
    bool have_cred = false;
    long err = 0;
    for (;;) {
        uint64_t at = s->ring.tail + (peek ? copied : 0);
        if (!s->ring.buf || s->ring.head <= at) {
            long w = wait_for_bytes(s, m, at, copied >= target);
            if (w == 1)
                continue;
            err = w;
            break;
        }
        struct unix_seg *seg = seg_at(s, at);
        if (s->passcred && have_cred && !cred_eq(&cred, &seg->cred))
            break; /* never glue two writers' bytes together */
        if (s->passcred && !have_cred) {
            cred = seg->cred;
            have_cred = true;
        }
        size_t chunk = (size_t)(seg->end - at);
        if (chunk > len - copied)
            chunk = len - copied;
        if (chunk == 0)
            break; /* asked for no bytes: there is one, that is all */
        long k = peek ? pipe_ring_peek(&s->ring, copied, chunk, copy_out, m->data)
                      : pipe_ring_read(&s->ring, chunk, copy_out, m->data);
        if (k <= 0) {
            err = -EFAULT;
            break;
        }
        if (copied == 0 && m->name && s->peer && s->peer->addr)
            m->namelen = unix_addr_copy(s->peer->addr, m->name); /* the sender (recvfrom) */
        copied += (size_t)k;
        if (peek && seg->fds) {
            fds = scm_fds_dup(seg->fds); /* copies, as Linux's unix_peek_fds */
            break;
        }
        if (!peek && consumed(s, seg, k, &fds))
            break;
        if ((size_t)k < chunk || copied == len)
            break;
    }
    if (fds || have_cred)
        unix_scm_deliver(m, files, &cred, have_cred, fds);
    return copied ? (long)copied : err;
}

/* Release: the bytes nobody will read, their descriptors and the sender's
   space go; so does the ring. */
void unix_stream_purge(struct unix_sock *s)
{
    if (s->ring.buf) {
        size_t used = pipe_ring_used(&s->ring);
        s->ring.tail = s->ring.head;
        if (used && s->peer)
            unix_uncharge(s->peer, used);
    }
    while (!list_empty(&s->segs)) {
        struct unix_seg *seg = list_first_entry(&s->segs, struct unix_seg, link);
        list_del(&seg->link);
        scm_fds_put(seg->fds);
        kfree(seg);
    }
    unix_stream_free(s);
}

void unix_stream_free(struct unix_sock *s)
{
    kfree(s->ring.buf);
    s->ring.buf = NULL;
    s->ring.size = 0;
}

void unix_stream_for_each_fds(struct unix_sock *s, unix_fds_fn fn, void *arg)
{
    struct list_head *l;
    list_for_each(l, &s->segs)
    {
        struct unix_seg *seg = list_entry(l, struct unix_seg, link);
        if (seg->fds)
            fn(&seg->fds, arg);
    }
}
