/* kernel/ipc/sysv_shm_internal.h: what sysv_shm.c (get, attach, detach) and
   sysv_shm_ctl.c (shmctl, /proc) share. */
#ifndef PAGELAB_IPC_SYSV_SHM_INTERNAL_H
#define PAGELAB_IPC_SYSV_SHM_INTERNAL_H

#include "kernel/ipc/sysv_ids.h"

struct shm_segment {
    struct ipc_obj perm; /* first: the id table holds &perm */
    uint64_t segsz;      /* bytes asked for; mapped as whole pages */
    int64_t atime, dtime, ctime;
    int cpid, lpid;   /* creator; last shmat/shmdt */
    uint64_t nattch;  /* regions referring to it */
    void *pages;      /* the VM's shared anonymous object */
    int32_t name_key; /* the key at creation: its name in /proc/PID/maps */
};

/* The tunables of /proc/sys/kernel (shmmax, shmall, shmmni). */
struct shm_limits {
    uint64_t max, all;
    int mni;
};
extern struct shm_limits shm_limits;
extern struct ipc_ids shm_ids;
extern uint64_t shm_total_pages; /* pages of every segment (shm_tot) */

static inline struct shm_segment *shm_segment_of(struct ipc_obj *o)
{
    return (struct shm_segment *)o;
}

/* IPC_RMID: destroyed now if nothing is attached, else at the last detach. */
void shm_segment_remove(struct shm_segment *s);

#endif
