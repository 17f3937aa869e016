/* sys/shm.h (POSIX, shmop(2), shmctl(2)): System V shared memory, with
   Linux x86-64's struct shmid64_ds. */
#ifndef _SYS_SHM_H
#define _SYS_SHM_H
#include <sys/ipc.h>
#include <time.h>

#define SHMLBA 4096 /* attach addresses: page aligned on x86-64 */

typedef unsigned long shmatt_t;

struct shmid_ds {
    struct ipc_perm shm_perm;
    size_t shm_segsz;
    time_t shm_atime;
    time_t shm_dtime;
    time_t shm_ctime;
    pid_t shm_cpid;
    pid_t shm_lpid;
    shmatt_t shm_nattch;
    unsigned long __unused4;
    unsigned long __unused5;
};

/* shmctl IPC_INFO. */
struct shminfo {
    unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
    unsigned long __unused[4];
};

/* shmctl SHM_INFO (pages). */
struct shm_info {
    int used_ids;
    unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

int shmget(key_t key, size_t size, int flags);
void *shmat(int id, const void *addr, int flags);
int shmdt(const void *addr);
int shmctl(int id, int cmd, struct shmid_ds *buf);

#endif
