/*
 * pagelab/ipc_values.h: Linux's x86-64 values for System V IPC (svipc(7),
 * include/uapi/linux/ipc.h, msg.h, shm.h, sem.h) and POSIX message queues
 * (mq_overview(7), include/uapi/linux/mqueue.h), shared by the kernel and
 * our libc.  The structures themselves are in the kernel's
 * kernel/ipc/sysv_abi.h and in libc's sys/msg.h, sys/shm.h, sys/sem.h and
 * mqueue.h, with the same layouts.
 */
#ifndef PAGELAB_UAPI_IPC_VALUES_H
#define PAGELAB_UAPI_IPC_VALUES_H

/* Keys and flags of msgget, shmget, semget and the *ctl commands every
   kind takes. */
#define IPC_PRIVATE 0
#define IPC_CREAT   001000
#define IPC_EXCL    002000
#define IPC_NOWAIT  004000
#define IPC_RMID    0
#define IPC_SET     1
#define IPC_STAT    2
#define IPC_INFO    3

/* msgrcv flags and msgctl commands. */
#define MSG_NOERROR  010000
#define MSG_EXCEPT   020000
#define MSG_COPY     040000
#define MSG_STAT     11
#define MSG_INFO     12
#define MSG_STAT_ANY 13

/* shmat flags, shm_perm.mode bits and shmctl commands. */
#define SHM_RDONLY   010000
#define SHM_RND      020000
#define SHM_REMAP    040000
#define SHM_EXEC     0100000
#define SHM_DEST     01000 /* marked for removal: goes with the last detach */
#define SHM_LOCKED   02000
#define SHM_LOCK     11
#define SHM_UNLOCK   12
#define SHM_STAT     13
#define SHM_INFO     14
#define SHM_STAT_ANY 15

/* semop flags and semctl commands. */
#define SEM_UNDO     0x1000
#define GETPID       11
#define GETVAL       12
#define GETALL       13
#define GETNCNT      14
#define GETZCNT      15
#define SETVAL       16
#define SETALL       17
#define SEM_STAT     18
#define SEM_INFO     19
#define SEM_STAT_ANY 20

/* POSIX message queues: the highest priority + 1 (Linux's MQ_PRIO_MAX). */
#define MQ_PRIO_MAX 32768

/* mq_notify's struct sigevent notify values (include/uapi/asm-generic/siginfo.h). */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE   1
#define SIGEV_THREAD 2

#endif
