/* kernel/ipc/sysv_sem_internal.h: what sysv_sem.c (semget, semop),
   sysv_sem_undo.c (SEM_UNDO records) and sysv_sem_ctl.c (semctl, /proc) share. */
#ifndef PAGELAB_IPC_SYSV_SEM_INTERNAL_H
#define PAGELAB_IPC_SYSV_SEM_INTERNAL_H

#include "kernel/ipc/sysv_ids.h"
#include "kernel/lib/list.h"
#include "kernel/lib/wait.h"

struct sem {
    int val;
    int pid; /* the last process that changed it (GETPID) */
};

struct sem_array {
    struct ipc_obj perm; /* first: the id table holds &perm */
    int64_t otime, ctime;
    int nsems;
    struct list_head pending; /* struct sem_waiter, oldest first */
    struct list_head undos;   /* struct sem_undo of every process, for this set */
    struct sem sems[];
};

/* One sleeping semop (on the sleeper's kernel stack). */
struct sem_waiter {
    struct list_head link; /* on sem_array.pending */
    const struct sembuf *sops;
    int nsops;
    struct sem_undo *undo; /* the caller's record for this set, if SEM_UNDO */
    int pid;
    int blocking;        /* the operation it waits on (GETNCNT, GETZCNT) */
    int status;          /* SEM_WAITING, then 0 (done) or -errno */
    struct waitqueue wq; /* the sleeper alone */
};
#define SEM_WAITING 1

/* One process's adjustments for one set. */
struct sem_undo {
    struct list_head proc_link; /* on its process's sem_undo_list */
    struct list_head set_link;  /* on sem_array.undos */
    struct sem_array *set;
    int16_t adj[]; /* nsems of them: what exit adds back */
};

struct sem_undo_list {
    struct list_head undos;
};

/* The tunables of /proc/sys/kernel/sem. */
struct sem_limits {
    int msl, mns, opm, mni;
};
extern struct sem_limits sem_limits;
extern struct ipc_ids sem_ids;
extern int sem_used; /* semaphores in every set (SEM_INFO's semaem) */

static inline struct sem_array *sem_array_of(struct ipc_obj *o) { return (struct sem_array *)o; }

/* Retries the sleepers of s after a change, waking those that are done. */
void sem_update_queue(struct sem_array *s);
/* IPC_RMID: sleepers get EIDRM, undo records are dropped, s is freed. */
void sem_array_remove(struct sem_array *s);

/* The caller's record for set s (made on first use): the record, or NULL
   when out of memory. */
struct sem_undo *sem_undo_find_alloc(struct sem_undo_list **list, struct sem_array *s);
/* SETVAL / SETALL: every process's adjustment of semaphore num (-1: all) is 0. */
void sem_undo_clear(struct sem_array *s, int num);
/* The set is gone: its records are unlinked from their processes and freed. */
void sem_undo_drop_set(struct sem_array *s);

#endif
