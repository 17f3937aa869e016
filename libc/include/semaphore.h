/* semaphore.h (POSIX): counting semaphores over futex(2). */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H
#include <fcntl.h>
#include <limits.h>
#include <sys/types.h>
#include <time.h>

/* musl's layout (value, waiters, private flag, padding: 128 bytes), so a
   named semaphore or one in shared memory works between programs built
   with our libc and with musl. */
typedef struct {
    volatile int __val[4 * sizeof(long)];
} sem_t;

#define SEM_FAILED ((sem_t *)0)

int sem_init(sem_t *sem, int pshared, unsigned value);
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);
int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abstime);
int sem_post(sem_t *sem);
int sem_getvalue(sem_t *restrict sem, int *restrict value);

/* Named semaphores: a file /dev/shm/NAME holding one sem_t, mapped shared. */
sem_t *sem_open(const char *name, int flags, ...);
int sem_close(sem_t *sem);
int sem_unlink(const char *name);

#endif
