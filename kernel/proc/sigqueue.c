/*
 * kernel/proc/sigqueue.c: the instances of pending signals with their
 * siginfo (siginfo.h).  Callers hold interrupts off: signals are sent from
 * interrupt handlers too (timers).
 */
#include "kernel/proc/siginfo.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

struct sigq_entry {
    struct list_head link;
    struct ksiginfo info;
};

static inline uint64_t bit(int sig) { return 1ull << (sig - 1); }

void sigpending_init(struct sigpending *sp)
{
    sp->set = 0;
    list_init(&sp->queue);
}

void sigpending_add_bare(struct sigpending *sp, int sig) { sp->set |= bit(sig); }

int sigpending_add(struct sigpending *sp, const struct ksiginfo *info, int *count, uint64_t limit)
{
    int sig = info->si_signo;
    bool rt = sig >= SIGRTMIN_KERNEL;
    if (!rt && (sp->set & bit(sig)))
        return 0; /* standard signals do not queue: merged with the one waiting */
    if (rt && (uint64_t)*count >= limit)
        return -EAGAIN;
    struct sigq_entry *e = kmalloc(sizeof *e);
    if (!e)
        return -EAGAIN;
    e->info = *info;
    list_add_tail(&e->link, &sp->queue);
    if (rt)
        ++*count;
    sp->set |= bit(sig);
    return 0;
}

bool sigpending_take(struct sigpending *sp, int sig, struct ksiginfo *info, int *count)
{
    if (!(sp->set & bit(sig)))
        return false;
    struct sigq_entry *found = NULL;
    bool more = false;
    struct list_head *l;
    list_for_each(l, &sp->queue)
    {
        struct sigq_entry *e = list_entry(l, struct sigq_entry, link);
        if (e->info.si_signo != sig)
            continue;
        if (found) {
            more = true;
            break;
        }
        found = e;
    }
    if (found) {
        *info = found->info;
        list_del(&found->link);
        kfree(found);
        if (sig >= SIGRTMIN_KERNEL)
            --*count;
    } else {
        *info = (struct ksiginfo){ .si_signo = sig, .si_code = SI_USER };
    }
    if (!more)
        sp->set &= ~bit(sig);
    return true;
}

struct ksiginfo *sigpending_find_timer(struct sigpending *sp, int sig, int timerid)
{
    if (!(sp->set & bit(sig)))
        return NULL;
    struct list_head *l;
    list_for_each(l, &sp->queue)
    {
        struct sigq_entry *e = list_entry(l, struct sigq_entry, link);
        if (e->info.si_signo == sig && e->info.si_code == SI_TIMER && e->info.timer.tid == timerid)
            return &e->info;
    }
    return NULL;
}

void sigpending_remove_timer(struct sigpending *sp, int sig, int timerid, int *count)
{
    struct ksiginfo *info = sigpending_find_timer(sp, sig, timerid);
    if (!info)
        return;
    struct sigq_entry *e = container_of(info, struct sigq_entry, info);
    list_del(&e->link);
    kfree(e);
    if (sig >= SIGRTMIN_KERNEL)
        --*count;
    /* The bit stays while another instance of sig waits.  A standard
       signal sent while this one waited was merged into it, and goes too. */
    struct list_head *l;
    list_for_each(l, &sp->queue)
    {
        if (list_entry(l, struct sigq_entry, link)->info.si_signo == sig)
            return;
    }
    sp->set &= ~bit(sig);
}

void sigpending_flush(struct sigpending *sp, uint64_t mask, int *count)
{
    struct list_head *l, *tmp;
    list_for_each_safe(l, tmp, &sp->queue)
    {
        struct sigq_entry *e = list_entry(l, struct sigq_entry, link);
        if (!(mask & bit(e->info.si_signo)))
            continue;
        if (e->info.si_signo >= SIGRTMIN_KERNEL)
            --*count;
        list_del(&e->link);
        kfree(e);
    }
    sp->set &= ~mask;
}
