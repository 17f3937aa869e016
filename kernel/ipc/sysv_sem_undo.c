/*
 * kernel/ipc/sysv_sem_undo.c: SEM_UNDO (semop(2)).  Each process keeps one
 * record per set it used SEM_UNDO on: for each semaphore, the opposite of
 * what its SEM_UNDO operations added.  At exit the records are added back,
 * each value clamped to [0, SEMVMX] as Linux does.  A record is on two
 * lists, its process's and its set's, so that removing the set drops it and
 * the process's exit finds only live sets.  Fork starts the child with no
 * records (Linux without CLONE_SYSVSEM); exec keeps them.
 */
#include "kernel/ipc/sysv_sem.h"
#include "kernel/ipc/sysv_sem_internal.h"
#include "kernel/mm/kmalloc.h"

struct sem_undo *sem_undo_find_alloc(struct sem_undo_list **list, struct sem_array *s)
{
    if (!*list) {
        if (!(*list = kzalloc(sizeof **list)))
            return NULL;
        list_init(&(*list)->undos);
    }
    struct list_head *l;
    list_for_each(l, &(*list)->undos)
    {
        struct sem_undo *u = list_entry(l, struct sem_undo, proc_link);
        if (u->set == s)
            return u;
    }
    struct sem_undo *u = kzalloc(sizeof *u + sizeof u->adj[0] * (size_t)s->nsems);
    if (!u)
        return NULL;
    u->set = s;
    list_add(&u->proc_link, &(*list)->undos);
    list_add(&u->set_link, &s->undos);
    return u;
}

void sem_undo_clear(struct sem_array *s, int num)
{
    struct list_head *l;
    list_for_each(l, &s->undos)
    {
        struct sem_undo *u = list_entry(l, struct sem_undo, set_link);
        for (int i = 0; i < s->nsems; i++)
            if (num < 0 || i == num)
                u->adj[i] = 0;
    }
}

static void unlink_free(struct sem_undo *u)
{
    list_del(&u->proc_link);
    list_del(&u->set_link);
    kfree(u);
}

void sem_undo_drop_set(struct sem_array *s)
{
    while (!list_empty(&s->undos))
        unlink_free(list_first_entry(&s->undos, struct sem_undo, set_link));
}

/* Adds u's adjustments back to its set, as process pid. */
static void apply(struct sem_undo *u, int pid)
{
    struct sem_array *s = u->set;
    for (int i = 0; i < s->nsems; i++) {
        if (!u->adj[i])
            continue;
        int v = s->sems[i].val + u->adj[i];
        s->sems[i].val = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
        s->sems[i].pid = pid;
    }
    /* Linux counts the exit as an operation on the set (sem_otime). */
    s->otime = ipc_now();
    sem_update_queue(s);
}

void sysv_sem_exit(struct sem_undo_list **list, int pid)
{
    if (!*list)
        return;
    while (!list_empty(&(*list)->undos)) {
        struct sem_undo *u = list_first_entry(&(*list)->undos, struct sem_undo, proc_link);
        apply(u, pid);
        unlink_free(u);
    }
    kfree(*list);
    *list = NULL;
}
