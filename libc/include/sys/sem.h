/* sys/sem.h (POSIX, semop(2), semctl(2)): System V semaphores, with Linux
   x86-64's struct semid64_ds.  union semun is the caller's to declare, as
   POSIX says. */
#ifndef _SYS_SEM_H
#define _SYS_SEM_H
#include <sys/ipc.h>
#include <time.h>

struct semid_ds {
    struct ipc_perm sem_perm;
    time_t sem_otime;
    unsigned long __unused1;
    time_t sem_ctime;
    unsigned long __unused2;
    unsigned long sem_nsems;
    unsigned long __unused3;
    unsigned long __unused4;
};

struct sembuf {
    unsigned short sem_num;
    short sem_op;
    short sem_flg;
};

/* semctl IPC_INFO / SEM_INFO. */
struct seminfo {
    int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};

int semget(key_t key, int nsems, int flags);
int semop(int id, struct sembuf *sops, size_t nsops);
int semtimedop(int id, struct sembuf *sops, size_t nsops, const struct timespec *timeout);
/* The fourth argument, when cmd takes one, is a union semun. */
int semctl(int id, int semnum, int cmd, ...);

#endif
