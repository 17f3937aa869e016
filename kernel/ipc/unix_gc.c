/*
 * kernel/ipc/unix_gc.c: sockets in flight, and freeing the ones nobody can
 * reach (Linux's net/unix/garbage.c, simplified).
 *
 * A socket's file sent with SCM_RIGHTS is referenced by the message until
 * it is received.  If the message sits in a queue that nobody will ever
 * read, the file is never closed: the classic case is a socket sent over
 * itself (a's file queued at a's peer b, b's file queued at a) and then
 * both descriptors closed.  Closing the last descriptor of a socket empties
 * its queue (unix_release_sock), which frees what it held; but here each
 * socket's file is kept open by the other's queue, so neither is ever
 * released.
 *
 * The collector (run when any Unix socket is released and files are in
 * flight) finds them by counting:
 *   1. candidates: sockets in flight whose file has no reference except
 *      from queued messages (file refcount == inflight count);
 *   2. for each candidate, subtract the references that come from the
 *      queues of other candidates;
 *   3. a candidate with references left is reachable from outside (a
 *      process can still receive it); so is everything queued at it,
 *      transitively;
 *   4. the others are garbage: their queues' descriptor lists are taken
 *      and dropped, which closes their files and so releases them.
 * It never sleeps while it counts, so nothing changes under it.
 */
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/errno.h"

enum { GC_NONE, GC_CANDIDATE, GC_ALIVE };

static struct list_head inflight = LIST_HEAD_INIT(inflight);
static bool gc_running;

void unix_inflight_add(struct file *f)
{
    struct unix_sock *s = unix_sock_of(f);
    if (s && s->inflight++ == 0)
        list_add_tail(&s->inflight_link, &inflight);
}

void unix_inflight_del(struct file *f)
{
    struct unix_sock *s = unix_sock_of(f);
    if (s && --s->inflight == 0)
        list_del(&s->inflight_link);
}

void unix_queue_for_each_fds(struct unix_sock *s, unix_fds_fn fn, void *arg)
{
    if (s->type == SOCK_STREAM)
        unix_stream_for_each_fds(s, fn, arg);
    else
        unix_dgram_for_each_fds(s, fn, arg);
    struct list_head *l;
    list_for_each(l, &s->accept_q)
    {
        struct unix_sock *n = list_entry(l, struct unix_sock, accept_link);
        unix_queue_for_each_fds(n, fn, arg);
    }
}

/* The candidate a file is, or NULL. */
static struct unix_sock *candidate_of(struct file *f)
{
    struct unix_sock *s = unix_sock_of(f);
    return s && s->gc_mark != GC_NONE ? s : NULL;
}

static void count_internal(struct scm_fds **fds, void *arg)
{
    for (int i = 0; i < (*fds)->count; i++) {
        struct unix_sock *t = candidate_of((*fds)->files[i]);
        if (t)
            t->gc_refs--;
    }
}

static void mark_alive(struct scm_fds **fds, void *todo)
{
    for (int i = 0; i < (*fds)->count; i++) {
        struct unix_sock *t = candidate_of((*fds)->files[i]);
        if (t && t->gc_mark == GC_CANDIDATE) {
            t->gc_mark = GC_ALIVE;
            list_del(&t->gc_link);
            list_add_tail(&t->gc_link, todo);
        }
    }
}

static void take_fds(struct scm_fds **fds, void *hitlist)
{
    struct scm_fds **head = hitlist;
    (*fds)->next = *head;
    *head = *fds;
    *fds = NULL;
}

void unix_gc(void)
{
    if (gc_running || list_empty(&inflight))
        return;
    gc_running = true;
    struct list_head candidates, todo, alive;
    list_init(&candidates);
    list_init(&todo);
    list_init(&alive);
    struct list_head *l, *tmp;
    list_for_each(l, &inflight)
    {
        struct unix_sock *s = list_entry(l, struct unix_sock, inflight_link);
        if (s->file && s->file->refcount == s->inflight) {
            s->gc_mark = GC_CANDIDATE;
            s->gc_refs = s->inflight;
            list_add_tail(&s->gc_link, &candidates);
        }
    }
    list_for_each(l, &candidates)
    {
        unix_queue_for_each_fds(list_entry(l, struct unix_sock, gc_link), count_internal, NULL);
    }
    list_for_each_safe(l, tmp, &candidates)
    {
        struct unix_sock *s = list_entry(l, struct unix_sock, gc_link);
        if (s->gc_refs > 0) {
            s->gc_mark = GC_ALIVE;
            list_del(&s->gc_link);
            list_add_tail(&s->gc_link, &todo);
        }
    }
    while (!list_empty(&todo)) {
        struct unix_sock *s = list_first_entry(&todo, struct unix_sock, gc_link);
        list_del(&s->gc_link);
        list_add_tail(&s->gc_link, &alive);
        unix_queue_for_each_fds(s, mark_alive, &todo);
    }
    /* What is left on candidates is garbage. */
    struct scm_fds *hitlist = NULL;
    list_for_each(l, &candidates)
    {
        unix_queue_for_each_fds(list_entry(l, struct unix_sock, gc_link), take_fds, &hitlist);
    }
    while (!list_empty(&candidates) || !list_empty(&alive)) {
        struct list_head *from = list_empty(&candidates) ? &alive : &candidates;
        struct unix_sock *s = list_first_entry(from, struct unix_sock, gc_link);
        s->gc_mark = GC_NONE;
        list_del(&s->gc_link);
    }
    /* Closing the garbage's files releases the garbage (their releases
       call unix_gc, which returns at once: gc_running). */
    while (hitlist) {
        struct scm_fds *fds = hitlist;
        hitlist = fds->next;
        scm_fds_put(fds);
    }
    gc_running = false;
}
