/*
 * kernel/ipc/sysv_sem.h: System V semaphores (semget(2), semop(2),
 * semctl(2)), with Linux's numbers, limits and errors.
 *
 * A set holds nsems counters in [0, SEMVMX].  semop applies a list of
 * operations (add, subtract, wait for zero) to one set all at once or not
 * at all: if one cannot proceed (a value would go below zero, or is not
 * zero for a wait-for-zero), nothing changes and the caller sleeps
 * (IPC_NOWAIT: EAGAIN) until the set changes so that the whole list can be
 * applied, the set is removed (EIDRM), a signal arrives (EINTR) or
 * semtimedop's timeout passes (EAGAIN).  Sleepers are retried oldest first
 * after every change.  With SEM_UNDO an operation is recorded per process
 * and set, and undone when the process exits (the value clamped to
 * [0, SEMVMX]); SETVAL and SETALL clear those records.
 *
 * Limits (/proc/sys/kernel/sem: semmsl semmns semopm semmni): at most
 * 32000 semaphores per set, 1024000000 in all, 500 operations per semop,
 * 32000 sets, as Linux 6.1.
 */
#ifndef PAGELAB_IPC_SYSV_SEM_H
#define PAGELAB_IPC_SYSV_SEM_H

#include <stdint.h>
#include "kernel/ipc/sysv_ids.h"

/* Linux's defaults (include/uapi/linux/sem.h). */
#define SEMMSL_DEFAULT 32000
#define SEMMNI_DEFAULT 32000
#define SEMMNS_DEFAULT (SEMMNI_DEFAULT * SEMMSL_DEFAULT)
#define SEMOPM_DEFAULT 500
#define SEMVMX         32767  /* the largest value */
#define SEMAEM         SEMVMX /* the largest adjustment an undo record holds */

/* A process's undo records (one per set it used SEM_UNDO on); the process
   layer keeps a pointer, NULL until the first SEM_UNDO. */
struct sem_undo_list;

/* semtimedop's timeout as the caller gave it (struct timespec). */
struct sem_timeout {
    int64_t sec, nsec;
};

long sysv_semget(int32_t key, int nsems, int flags, const struct ipc_caller *c);
/* semop/semtimedop: timeout NULL waits for ever; *undo is the caller's list. */
long sysv_semop(int id, uint64_t usops, uint64_t nsops, const struct sem_timeout *timeout,
                struct sem_undo_list **undo, const struct ipc_caller *c);
long sysv_semctl(int id, int semnum, int cmd, uint64_t arg, const struct ipc_caller *c);

/* A process exits: its undo records are applied and freed (*undo NULL after). */
void sysv_sem_exit(struct sem_undo_list **undo, int pid);

#endif
