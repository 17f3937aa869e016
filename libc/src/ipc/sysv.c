/* ipc/sysv.c: System V IPC (sys/ipc.h, sys/msg.h, sys/shm.h, sys/sem.h):
   ftok and thin wrappers over Linux x86-64's own syscalls for each call
   (no ipc() multiplexer on x86-64, and no IPC_64 flag: the structures are
   always the 64-bit ones). */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <stdarg.h>
#include "../libc_internal.h"

#define RET(x) return __syscall_ret(x)

key_t ftok(const char *path, int id)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    return (key_t)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) |
                   ((unsigned long)(id & 0xff) << 24));
}

int msgget(key_t key, int flags) { RET(__sys2(SYS_msgget, key, flags)); }

int msgsnd(int id, const void *msgp, size_t size, int flags)
{
    RET(__sys4(SYS_msgsnd, id, msgp, size, flags));
}

ssize_t msgrcv(int id, void *msgp, size_t size, long type, int flags)
{
    RET(__sys6(SYS_msgrcv, id, (long)msgp, (long)size, type, flags, 0));
}

int msgctl(int id, int cmd, struct msqid_ds *buf) { RET(__sys3(SYS_msgctl, id, cmd, buf)); }

int shmget(key_t key, size_t size, int flags) { RET(__sys3(SYS_shmget, key, size, flags)); }

void *shmat(int id, const void *addr, int flags)
{
    return (void *)__syscall_ret(__sys3(SYS_shmat, id, addr, flags));
}

int shmdt(const void *addr) { RET(__sys1(SYS_shmdt, addr)); }

int shmctl(int id, int cmd, struct shmid_ds *buf) { RET(__sys3(SYS_shmctl, id, cmd, buf)); }

int semget(key_t key, int nsems, int flags) { RET(__sys3(SYS_semget, key, nsems, flags)); }

int semop(int id, struct sembuf *sops, size_t nsops) { RET(__sys3(SYS_semop, id, sops, nsops)); }

int semtimedop(int id, struct sembuf *sops, size_t nsops, const struct timespec *timeout)
{
    RET(__sys4(SYS_semtimedop, id, sops, nsops, timeout));
}

/* The caller's union semun travels by value in one register: an int for
   SETVAL, a pointer for the commands that take a buffer. */
union semun_arg {
    int val;
    void *ptr;
    unsigned long raw;
};

int semctl(int id, int semnum, int cmd, ...)
{
    union semun_arg arg = { .raw = 0 };
    switch (cmd) {
    case SETVAL:
    case GETALL:
    case SETALL:
    case IPC_STAT:
    case IPC_SET:
    case IPC_INFO:
    case SEM_INFO:
    case SEM_STAT:
    case SEM_STAT_ANY: {
        va_list ap;
        va_start(ap, cmd);
        arg = va_arg(ap, union semun_arg);
        va_end(ap);
        break;
    }
    }
    RET(__sys4(SYS_semctl, id, semnum, cmd, arg.raw));
}
