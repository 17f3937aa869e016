/*
 * kernel/ipc/sysv_abi.h: the structures System V IPC calls exchange with
 * user space, in Linux's x86-64 layouts (include/uapi/asm-generic/ipcbuf.h,
 * msgbuf.h, shmbuf.h, arch/x86/include/uapi/asm/sembuf.h; linux/msg.h,
 * linux/shm.h, linux/sem.h).  x86-64 has only the "64" forms: *ctl takes
 * no IPC_64 flag and a command with it is EINVAL, as on Linux.
 */
#ifndef PAGELAB_IPC_SYSV_ABI_H
#define PAGELAB_IPC_SYSV_ABI_H

#include <stdint.h>
#include "libc/include/pagelab/ipc_values.h"

struct ipc64_perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode;
    uint16_t seq;
    uint16_t pad2;
    uint64_t unused1, unused2;
};

struct msqid64_ds {
    struct ipc64_perm msg_perm;
    int64_t msg_stime, msg_rtime, msg_ctime; /* seconds since the epoch */
    uint64_t msg_cbytes;                     /* bytes queued now */
    uint64_t msg_qnum;                       /* messages queued now */
    uint64_t msg_qbytes;                     /* the most bytes the queue may hold */
    int32_t msg_lspid, msg_lrpid;            /* last msgsnd, last msgrcv */
    uint64_t unused4, unused5;
};

/* IPC_INFO (limits) and MSG_INFO (use) of msgctl. */
struct msginfo {
    int32_t msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
    uint16_t msgseg;
};

struct shmid64_ds {
    struct ipc64_perm shm_perm;
    uint64_t shm_segsz;
    int64_t shm_atime, shm_dtime, shm_ctime;
    int32_t shm_cpid, shm_lpid; /* creator, last shmat/shmdt */
    uint64_t shm_nattch;
    uint64_t unused4, unused5;
};

/* shmctl IPC_INFO. */
struct shminfo64 {
    uint64_t shmmax, shmmin, shmmni, shmseg, shmall;
    uint64_t unused1, unused2, unused3, unused4;
};

/* shmctl SHM_INFO: use, in pages. */
struct shm_info {
    int32_t used_ids;
    uint64_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

struct semid64_ds {
    struct ipc64_perm sem_perm;
    int64_t sem_otime;
    uint64_t unused1;
    int64_t sem_ctime;
    uint64_t unused2;
    uint64_t sem_nsems;
    uint64_t unused3, unused4;
};

/* semctl IPC_INFO and SEM_INFO. */
struct seminfo {
    int32_t semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};

/* One operation of semop. */
struct sembuf {
    uint16_t sem_num;
    int16_t sem_op;
    int16_t sem_flg;
};

_Static_assert(sizeof(struct ipc64_perm) == 48, "ipc64_perm is 48 bytes on x86-64");
_Static_assert(sizeof(struct msqid64_ds) == 120, "msqid64_ds is 120 bytes on x86-64");
_Static_assert(sizeof(struct msginfo) == 32, "msginfo is 32 bytes");
_Static_assert(sizeof(struct shmid64_ds) == 112, "shmid64_ds is 112 bytes on x86-64");
_Static_assert(sizeof(struct shminfo64) == 72, "shminfo64 is 72 bytes on x86-64");
_Static_assert(sizeof(struct shm_info) == 48, "shm_info is 48 bytes on x86-64");
_Static_assert(sizeof(struct semid64_ds) == 104, "semid64_ds is 104 bytes on x86-64");
_Static_assert(sizeof(struct seminfo) == 40, "seminfo is 40 bytes");
_Static_assert(sizeof(struct sembuf) == 6, "sembuf is 6 bytes");

#endif
