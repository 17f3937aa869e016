/*
 * kernel/fs/eventpoll.c: epoll instances (eventpoll.h).
 *
 * Locking: one CPU and no kernel preemption, so the sets change only in
 * process context between sleeps; but a watch's wake function runs inside
 * wake_up(), which a terminal calls from its interrupt handler, and it
 * touches the ready list.  So the ready list and each watch's `ready` flag
 * are changed with interrupts off, everywhere.  Nothing here sleeps while
 * it holds a pointer to a watch: epoll_wait gathers a batch of events with
 * interrupts off, then copies the batch out (a copy may fault and sleep;
 * by then the batch is plain data).
 */
#include "kernel/fs/eventpoll.h"
#include "kernel/fs/anon_inode.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/vfs.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/wait.h"
#include "kernel/mm/kmalloc.h"

#define EP_BATCH        32 /* events gathered before each copy to user memory */
/* Bits a watch keeps when EPOLLONESHOT disables it (it reports nothing). */
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
/* The events EPOLLEXCLUSIVE may be combined with (epoll_ctl(2)). */
#define EP_EXCLUSIVE_OK \
    (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)

struct eventpoll {
    struct inode inode;       /* first: evict gets from it to the instance */
    struct list_head watches; /* struct epitem.link */
    struct list_head ready;   /* struct epitem.ready_link; interrupts off */
    struct waitqueue waiters; /* tasks in epoll_wait */
    struct waitqueue pollers; /* poll/select/epoll watching this epoll file */
};

/* One entry of a watch on one of its file's wait queues. */
struct ep_wait {
    struct wait_entry wait;
    struct epitem *item;
    struct ep_wait *next;
};

/* A watch: (file, fd) in one instance. */
struct epitem {
    struct list_head link;       /* eventpoll.watches */
    struct list_head ready_link; /* eventpoll.ready (or a batch being reported) */
    struct list_head file_link;  /* file.epoll_links */
    bool ready;                  /* on ready_link's list */
    struct eventpoll *ep;
    struct file *file; /* not referenced: file_put removes the watch */
    int fd;
    uint32_t events; /* wanted, plus EPOLLERR | EPOLLHUP and the private bits */
    uint64_t data;
    struct poll_table table; /* registers ep_waits (first pass only) */
    struct ep_wait *waits;
    int error; /* -ENOMEM while registering */
};

static const struct file_ops eventpoll_fops;

bool file_is_eventpoll(const struct file *f) { return f->fops == &eventpoll_fops; }

static struct eventpoll *ep_of(const struct file *f) { return f->private; }

/* Interrupts off.  Puts a watch on the ready list and wakes the instance's
   waiters and pollers. */
static void ep_mark_ready(struct epitem *it)
{
    if (!it->ready) {
        it->ready = true;
        list_add_tail(&it->ready_link, &it->ep->ready);
    }
    wake_up(&it->ep->waiters);
    wake_up(&it->ep->pollers);
}

/* The wake function of a watch's entries (inside wake_up, interrupts off). */
static void ep_item_wake(struct wait_entry *e)
{
    struct epitem *it = ((struct ep_wait *)e)->item;
    if (it->events & ~EP_PRIVATE_BITS) /* a fired EPOLLONESHOT watch waits for MOD */
        ep_mark_ready(it);
}

static void ep_table_queue(struct poll_table *pt, struct waitqueue *wq)
{
    struct epitem *it = container_of(pt, struct epitem, table);
    struct ep_wait *w = kmalloc(sizeof *w);
    if (!w) {
        it->error = -ENOMEM;
        return;
    }
    wait_entry_init(&w->wait, ep_item_wake, it);
    w->item = it;
    w->next = it->waits;
    it->waits = w;
    waitqueue_add(wq, &w->wait);
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
    struct list_head *l;
    list_for_each(l, &ep->watches)
    {
        struct epitem *it = list_entry(l, struct epitem, link);
        if (it->file == f && it->fd == fd)
            return it;
    }
    return NULL;
}

static void ep_remove(struct epitem *it)
{
    while (it->waits) {
        struct ep_wait *w = it->waits;
        it->waits = w->next;
        waitqueue_remove(&w->wait);
        kfree(w);
    }
    uint64_t flags = irq_save();
    if (it->ready)
        list_del(&it->ready_link);
    irq_restore(flags);
    list_del(&it->file_link);
    list_del(&it->link);
    kfree(it);
}

/* Does following epoll files down from ep reach target, or go deeper than
   EP_MAX_NESTS levels?  (Then adding ep to target would make a loop or too
   deep a nest: ELOOP.) */
static bool ep_reaches(struct eventpoll *ep, struct eventpoll *target, int depth)
{
    if (ep == target || depth > EP_MAX_NESTS)
        return true;
    struct list_head *l;
    list_for_each(l, &ep->watches)
    {
        struct epitem *it = list_entry(l, struct epitem, link);
        if (file_is_eventpoll(it->file) && ep_reaches(ep_of(it->file), target, depth + 1))
            return true;
    }
    return false;
}

static int ep_insert(struct eventpoll *ep, int fd, struct file *f, uint32_t events, uint64_t data)
{
    struct epitem *it = kzalloc(sizeof *it);
    if (!it)
        return -ENOMEM;
    it->ep = ep;
    it->file = f;
    it->fd = fd;
    it->events = events;
    it->data = data;
    it->table.queue = ep_table_queue;
    list_add_tail(&it->link, &ep->watches);
    list_add_tail(&it->file_link, &f->epoll_links);
    uint32_t now = vfs_poll(f, &it->table);
    it->table.queue = NULL;
    if (it->error) {
        int err = it->error;
        ep_remove(it);
        return err;
    }
    if (now & events) {
        uint64_t flags = irq_save();
        ep_mark_ready(it);
        irq_restore(flags);
    }
    return 0;
}

static int ep_modify(struct epitem *it, uint32_t events, uint64_t data)
{
    uint64_t flags = irq_save();
    it->events = events;
    it->data = data;
    irq_restore(flags);
    /* Re-arms a fired EPOLLONESHOT watch: report it now if it is ready. */
    if (vfs_poll(it->file, NULL) & events) {
        flags = irq_save();
        ep_mark_ready(it);
        irq_restore(flags);
    }
    return 0;
}

int eventpoll_ctl(struct file *epf, int op, int fd, struct file *f,
                  const struct epoll_event_linux *ev)
{
    struct eventpoll *ep = ep_of(epf);
    if (f == epf)
        return -EINVAL;
    if (!vfs_can_poll(f))
        return -EPERM;
    uint32_t events = 0;
    if (op != EPOLL_CTL_DEL) {
        events = ev->events | EPOLLERR | EPOLLHUP; /* always reported (epoll_ctl(2)) */
        if ((events & EPOLLEXCLUSIVE) &&
            (op == EPOLL_CTL_MOD || file_is_eventpoll(f) || (events & ~EP_EXCLUSIVE_OK)))
            return -EINVAL;
    }
    struct epitem *it = ep_find(ep, f, fd);
    switch (op) {
    case EPOLL_CTL_ADD:
        if (it)
            return -EEXIST;
        if (file_is_eventpoll(f) && ep_reaches(ep_of(f), ep, 1))
            return -ELOOP;
        return ep_insert(ep, fd, f, events, ev->data);
    case EPOLL_CTL_MOD:
        if (!it)
            return -ENOENT;
        if (it->events & EPOLLEXCLUSIVE)
            return -EINVAL;
        return ep_modify(it, events, ev->data);
    case EPOLL_CTL_DEL:
        if (!it)
            return -ENOENT;
        ep_remove(it);
        return 0;
    default:
        return -EINVAL;
    }
}

/* Moves up to `room` events off the ready list into out[] (interrupts off:
   the wake functions add to the list from interrupt handlers).
   Level-triggered watches that reported go on `again`, to return to the
   ready list after the whole epoll_wait, so one call reports each at most
   once. */
static int ep_gather(struct eventpoll *ep, struct epoll_event_linux *out, int room,
                     struct list_head *again)
{
    int n = 0;
    uint64_t flags = irq_save();
    while (n < room && !list_empty(&ep->ready)) {
        struct epitem *it = list_first_entry(&ep->ready, struct epitem, ready_link);
        list_del(&it->ready_link);
        it->ready = false;
        uint32_t revents = vfs_poll(it->file, NULL) & it->events;
        if (!revents)
            continue; /* woken, but not (or no longer) ready */
        out[n].events = revents;
        out[n].data = it->data;
        n++;
        if (it->events & EPOLLONESHOT) {
            it->events &= EP_PRIVATE_BITS;
        } else if (!(it->events & EPOLLET)) {
            it->ready = true;
            list_add_tail(&it->ready_link, again);
        }
    }
    irq_restore(flags);
    return n;
}

static void ep_requeue(struct eventpoll *ep, struct list_head *again)
{
    uint64_t flags = irq_save();
    while (!list_empty(again)) {
        struct list_head *l = again->next;
        list_del(l);
        list_add_tail(l, &ep->ready);
    }
    if (!list_empty(&ep->ready))
        wake_up(&ep->waiters); /* a level-triggered watch is still ready for others */
    irq_restore(flags);
}

static long ep_send_events(struct eventpoll *ep, uint64_t uevents, int maxevents)
{
    struct epoll_event_linux batch[EP_BATCH];
    struct list_head again;
    list_init(&again);
    long done = 0;
    while (done < maxevents) {
        int room = maxevents - done < EP_BATCH ? (int)(maxevents - done) : EP_BATCH;
        int n = ep_gather(ep, batch, room, &again);
        if (n == 0)
            break;
        void *dst = (void *)(uevents + (uint64_t)done * sizeof batch[0]);
        if (copy_to_user(dst, batch, (size_t)n * sizeof batch[0], MECH_SYSCALL_ARGS)) {
            if (!done)
                done = -EFAULT;
            break;
        }
        done += n;
    }
    ep_requeue(ep, &again);
    return done;
}

long eventpoll_wait(struct file *epf, uint64_t uevents, int maxevents, uint64_t deadline_ns,
                    bool nowait)
{
    struct eventpoll *ep = ep_of(epf);
    for (;;) {
        long n = ep_send_events(ep, uevents, maxevents);
        if (n || nowait)
            return n;
        int r = wait_event_deadline(&ep->waiters, !list_empty(&ep->ready), deadline_ns);
        if (r == -ETIMEDOUT)
            return 0;
        if (r)
            return r;
    }
}

void eventpoll_release_file(struct file *f)
{
    while (!list_empty(&f->epoll_links))
        ep_remove(list_first_entry(&f->epoll_links, struct epitem, file_link));
}

/* An epoll file is readable when one of its ready watches really is. */
static uint32_t eventpoll_poll(struct file *f, struct poll_table *pt)
{
    struct eventpoll *ep = ep_of(f);
    poll_wait(pt, &ep->pollers);
    uint32_t mask = 0;
    uint64_t flags = irq_save();
    struct list_head *l;
    list_for_each(l, &ep->ready)
    {
        struct epitem *it = list_entry(l, struct epitem, ready_link);
        if (vfs_poll(it->file, NULL) & it->events) {
            mask = EPOLLIN | EPOLLRDNORM;
            break;
        }
    }
    irq_restore(flags);
    return mask;
}

static void eventpoll_release(struct file *f)
{
    struct eventpoll *ep = ep_of(f);
    while (!list_empty(&ep->watches))
        ep_remove(list_first_entry(&ep->watches, struct epitem, link));
}

static const struct file_ops eventpoll_fops = {
    .poll = eventpoll_poll,
    .release = eventpoll_release,
};

static const struct inode_ops eventpoll_iops = {
    .evict = anon_inode_kfree, /* the inode is the instance's first member */
};

int eventpoll_create(struct file **out)
{
    struct eventpoll *ep = kzalloc(sizeof *ep);
    if (!ep)
        return -ENOMEM;
    anon_inode_init(&ep->inode, &eventpoll_iops, &eventpoll_fops);
    list_init(&ep->watches);
    list_init(&ep->ready);
    waitqueue_init(&ep->waiters);
    waitqueue_init(&ep->pollers);
    return anon_inode_file(&ep->inode, 0, ep, out);
}
