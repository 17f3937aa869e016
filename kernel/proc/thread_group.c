/* kernel/proc/thread_group.c: the shared parts of a process (thread_group.h). */
#include "kernel/proc/thread_group.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/itimer.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/ptimer.h"

/* Linux's fork_init: threads-max = RAM pages / (8 * THREAD_SIZE / PAGE_SIZE),
   at least 20, so the kernel stacks can take at most an eighth of memory. */
#define THREADS_MIN 20

int tasks_count;

int tasks_max(void)
{
    struct frame_stats st;
    frame_stats(&st);
    uint64_t max = st.total / (8 * KSTACK_SIZE / PAGE_SIZE);
    return max < THREADS_MIN ? THREADS_MIN : (int)max;
}

struct thread_group *tgroup_create(struct proc *leader, const struct thread_group *limits_from)
{
    struct thread_group *g = kzalloc(sizeof *g);
    if (!g)
        return NULL;
    g->refs = 0; /* the leader's proc_alloc takes the first */
    g->tgid = leader->pid;
    g->leader = leader;
    list_init(&g->threads);
    itimer_init(g);
    list_init(&g->ptimers);
    waitqueue_init(&g->exec_waiters);
    waitqueue_init(&g->stop_waiters);
    sigpending_init(&g->shared_pending);
    if (limits_from) {
        memcpy(g->rlim, limits_from->rlim, sizeof g->rlim);
        g->cred = limits_from->cred; /* fork: the child is who its parent is */
    } else {
        rlimit_defaults(g->rlim); /* kzalloc made the credentials root's */
    }
    return g;
}

void tgroup_put(struct thread_group *g)
{
    if (--g->refs > 0)
        return;
    ledger_forget_owner(&g->ledger); /* disk transfers still in flight for it */
    sigpending_flush(&g->shared_pending, ~0ull, &g->sigq_count);
    itimer_disarm(g);
    ptimer_delete_all(g); /* normally done at exit already */
    kfree(g);
}

struct sighand *sighand_create(const struct sighand *from)
{
    struct sighand *h = from ? kmalloc(sizeof *h) : kzalloc(sizeof *h);
    if (!h)
        return NULL;
    if (from)
        memcpy(h->action, from->action, sizeof h->action);
    h->refs = 1;
    return h;
}

void sighand_put(struct sighand *h)
{
    if (h && --h->refs == 0)
        kfree(h);
}

/* /proc/sys/kernel/threads-max (read-only here: the limit follows memory). */
static long show_threads_max(void *arg, char *buf, size_t size)
{
    (void)arg;
    return snprintf(buf, size, "%d\n", tasks_max());
}
PROC_FILE(threads_max, "sys/kernel/threads-max", show_threads_max, NULL);
