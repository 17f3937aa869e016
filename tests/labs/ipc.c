/*
 * tests/labs/ipc.c: the grader of lab 06-ipc (docs/labs/06-ipc.md): System
 * V semaphores apply a set of operations all at once or not at all and
 * sleep until they can; a shared memory segment's pages are the same
 * frames in every process that attaches it, so nothing is copied.
 */
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "lab.h"

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static int sem_set(int n)
{
    return semget(IPC_PRIVATE, n, IPC_CREAT | 0600);
}

static int op(int id, unsigned short num, short delta, short flags)
{
    struct sembuf s = { num, delta, flags };
    return semop(id, &s, 1);
}

static int all_or_nothing(void)
{
    int id = sem_set(2);
    if (id < 0)
        return fail("semget: %s", strerror(errno));
    struct sembuf two[2] = { { 0, 1, 0 }, { 1, -1, IPC_NOWAIT } };
    int r = semop(id, two, 2);
    int e = errno;
    int v0 = semctl(id, 0, GETVAL), v1 = semctl(id, 1, GETVAL);
    struct sembuf up[2] = { { 0, 2, 0 }, { 1, 1, 0 } };
    int r2 = semop(id, up, 2);
    int w0 = semctl(id, 0, GETVAL), w1 = semctl(id, 1, GETVAL);
    semctl(id, 0, IPC_RMID);
    if (r != -1 || e != EAGAIN || v0 != 0 || v1 != 0)
        return fail("{+1 on 0, -1 on 0-valued 1 with IPC_NOWAIT}: %d errno %d, values %d %d "
                    "(want -1 EAGAIN, 0 0)", r, e, v0, v1);
    if (r2 != 0 || w0 != 2 || w1 != 1)
        return fail("{+2, +1}: %d, values %d %d (want 0, 2 1)", r2, w0, w1);
    return 1;
}

static int sleeps_until(void)
{
    int id = sem_set(1);
    if (id < 0)
        return fail("semget: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0)
        _exit(op(id, 0, -3, 0) == 0 ? 0 : 1);
    usleep(100 * 1000);
    int waiting = semctl(id, 0, GETNCNT);
    int early = waitpid(pid, NULL, WNOHANG);
    for (int i = 0; i < 3; i++)
        op(id, 0, 1, 0);
    int st = -1;
    waitpid(pid, &st, 0);
    int left = semctl(id, 0, GETVAL);
    semctl(id, 0, IPC_RMID);
    if (early != 0 || waiting != 1)
        return fail("a semop that must wait did not (done early %d, GETNCNT %d)", early, waiting);
    if (!WIFEXITED(st) || WEXITSTATUS(st) || left != 0)
        return fail("the waiter did not go on after three posts (status %#x, value %d)", st, left);
    return 1;
}

static int shm_shared(void)
{
    int id = shmget(IPC_PRIVATE, 16 * PAGE, IPC_CREAT | 0600);
    if (id < 0)
        return fail("shmget: %s", strerror(errno));
    char *m = shmat(id, NULL, 0);
    shmctl(id, IPC_RMID, NULL);
    if (m == (void *)-1)
        return fail("shmat: %s", strerror(errno));
    ledger_warm();
    ledger(&ledger_a);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 16; i++)
            memset(m + i * PAGE, 'a' + i, PAGE);
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    int wrong = 0;
    for (int i = 0; i < 16; i++)
        wrong += m[i * PAGE + 77] != 'a' + i;
    ledger(&ledger_b);
    if (!WIFEXITED(st) || WEXITSTATUS(st))
        return fail("the child could not write the segment (status %#x)", st);
    if (wrong)
        return fail("%d pages do not show the child's bytes", wrong);
    if (cpu_bytes(MECH_SHM))
        return fail("sharing 16 pages copied %llu bytes (want 0)",
                    (unsigned long long)cpu_bytes(MECH_SHM));
    return 1;
}

/* A ring of 8 slots in shared memory: semaphore 0 counts free slots,
   1 full ones; the child produces 200 numbers, we consume them. */
static int ring(void)
{
    int shm = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600);
    int sem = sem_set(2);
    if (shm < 0 || sem < 0)
        return fail("shmget/semget: %s", strerror(errno));
    int *slot = shmat(shm, NULL, 0);
    shmctl(shm, IPC_RMID, NULL);
    if (slot == (void *)-1)
        return fail("shmat: %s", strerror(errno));
    union semun arg = { .val = 8 };
    semctl(sem, 0, SETVAL, arg);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 200; i++) {
            if (op(sem, 0, -1, 0) < 0)
                _exit(1);
            slot[i % 8] = i * i;
            if (op(sem, 1, 1, 0) < 0)
                _exit(1);
        }
        _exit(0);
    }
    long sum = 0, want = 0;
    for (int i = 0; i < 200; i++) {
        if (op(sem, 1, -1, 0) < 0)
            break;
        sum += slot[i % 8];
        want += (long)i * i;
        op(sem, 0, 1, 0);
    }
    int st;
    waitpid(pid, &st, 0);
    semctl(sem, 0, IPC_RMID);
    if (!WIFEXITED(st) || WEXITSTATUS(st) || sum != want)
        return fail("the consumer summed %ld, want %ld (producer status %#x)", sum, want, st);
    return 1;
}

int main(void)
{
    run_check("semop_applies_all_or_nothing", all_or_nothing);
    run_check("semop_sleeps_until_it_can_go", sleeps_until);
    run_check("shm_pages_are_shared_not_copied", shm_shared);
    run_check("shm_ring_with_semaphores", ring);
    return failures;
}
