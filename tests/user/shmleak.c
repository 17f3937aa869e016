/*
 * tests/user/shmleak.c: nothing leaks.  Creates and removes thousands of
 * memfds, POSIX shared memory objects, named semaphores and /dev/shm
 * directories, and kills hundreds of processes while they sleep in
 * FUTEX_WAIT (shared and private keys, with and without a timeout) and in
 * sem_wait; then checks that free memory, shared memory and the kernel heap
 * are back where they started (/proc/meminfo: MemFree, Shmem, and pagelab's
 * KernelHeap, which counts what kmalloc has handed out).
 *
 * Linux has no KernelHeap line and other activity moves its MemFree, so
 * there the figures are printed but only the operations are checked.
 *
 *     shmleak [ROUNDS]     (default 2000 objects of each kind, ROUNDS/10 kills)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define FUTEX_WAIT         0
#define FUTEX_PRIVATE_FLAG 128
#define PAGE               4096

/* Slack for what the runs may legitimately leave behind: page tables and
   slab pages kept for reuse, the pid counter's growth. */
#define FREE_SLACK_KB 256
#define HEAP_SLACK_KB 16

struct meminfo {
    long free_kb, shmem_kb, heap_kb; /* -1: not reported */
};

static long field(const char *text, const char *name)
{
    const char *p = strstr(text, name);
    return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

static struct meminfo read_meminfo(void)
{
    struct meminfo m = { -1, -1, -1 };
    char text[4096];
    int fd = open("/proc/meminfo", O_RDONLY);
    if (fd < 0)
        return m;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return m;
    text[n] = '\0';
    m.free_kb = field(text, "MemFree:");
    m.shmem_kb = field(text, "Shmem:");
    m.heap_kb = field(text, "KernelHeap:");
    return m;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

static int memfds(int n)
{
    for (int i = 0; i < n; i++) {
        int fd = memfd_create("leak", MFD_CLOEXEC | (i & 1 ? MFD_ALLOW_SEALING : 0));
        if (fd < 0 || ftruncate(fd, 2 * PAGE) != 0)
            return 0;
        char *m = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (m == MAP_FAILED)
            return 0;
        m[0] = 1;
        m[PAGE] = 2;
        if (i & 1)
            fcntl(fd, F_ADD_SEALS, F_SEAL_GROW);
        munmap(m, 2 * PAGE);
        if (pwrite(fd, "x", 1, 100) != 1)
            return 0;
        close(fd);
    }
    return 1;
}

static int shm_objects(int n)
{
    char name[64];
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "/shmleak-%d-%d", (int)getpid(), i % 7);
        int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0 || write(fd, name, 40) != 40 || ftruncate(fd, 3 * PAGE) != 0)
            return 0;
        close(fd);
        if (shm_unlink(name) != 0)
            return 0;
    }
    return 1;
}

static int named_sems(int n)
{
    char name[64];
    snprintf(name, sizeof name, "/shmleak-sem-%d", (int)getpid());
    for (int i = 0; i < n; i++) {
        sem_t *s = sem_open(name, O_CREAT, 0600, 1);
        if (s == SEM_FAILED || sem_wait(s) != 0 || sem_post(s) != 0 || sem_close(s) != 0 ||
            sem_unlink(name) != 0)
            return 0;
    }
    return 1;
}

static int directories(int n)
{
    char dir[64], file[80];
    snprintf(dir, sizeof dir, "/dev/shm/shmleak-dir-%d", (int)getpid());
    snprintf(file, sizeof file, "%s/f", dir);
    for (int i = 0; i < n; i++) {
        if (mkdir(dir, 0700) != 0)
            return 0;
        int fd = open(file, O_RDWR | O_CREAT, 0600);
        if (fd < 0 || write(fd, "y", 1) != 1)
            return 0;
        close(fd);
        if (unlink(file) != 0 || rmdir(dir) != 0)
            return 0;
    }
    return 1;
}

/* Kills n children while they sleep: in FUTEX_WAIT (shared key, private
   key, with a timeout) and in sem_wait, in turn.  All must die by SIGKILL. */
static int kill_sleepers(int n)
{
    struct area {
        int word;
        volatile int ready;
        sem_t sem;
    } *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (a == MAP_FAILED)
        return 0;
    sem_init(&a->sem, 1, 0);
    int killed = 0;
    for (int i = 0; i < n; i++) {
        a->ready = 0;
        pid_t pid = fork();
        if (pid == 0) {
            struct timespec long_time = { 60, 0 };
            a->ready = 1;
            switch (i % 4) {
            case 0:
                syscall(SYS_futex, &a->word, FUTEX_WAIT, 0, NULL, NULL, 0);
                break;
            case 1:
                syscall(SYS_futex, &a->word, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
                break;
            case 2:
                syscall(SYS_futex, &a->word, FUTEX_WAIT, 0, &long_time, NULL, 0);
                break;
            default:
                sem_wait(&a->sem);
            }
            _exit(1);
        }
        while (!a->ready)
            sleep_ms(1);
        sleep_ms(2);
        kill(pid, SIGKILL);
        int st;
        if (waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
            killed++;
    }
    munmap(a, PAGE);
    return killed == n;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 2000;
    /* One round of everything first: what is made once and kept (the
       memfd instance, slab pages of each size) is not a leak. */
    memfds(1);
    shm_objects(1);
    named_sems(1);
    directories(1);
    kill_sleepers(4);
    struct meminfo before = read_meminfo();

    CHECK("memfds_created_and_closed", memfds(rounds));
    CHECK("shm_objects_created_and_unlinked", shm_objects(rounds));
    CHECK("named_semaphores_opened_and_unlinked", named_sems(rounds / 4));
    CHECK("directories_made_and_removed", directories(rounds / 4));
    CHECK("sleepers_killed", kill_sleepers(rounds / 10));

    struct meminfo after = read_meminfo();
    printf("MemFree %ld -> %ld kB, Shmem %ld -> %ld kB, KernelHeap %ld -> %ld kB\n",
           before.free_kb, after.free_kb, before.shmem_kb, after.shmem_kb, before.heap_kb,
           after.heap_kb);
    if (before.heap_kb >= 0) { /* pagelab */
        CHECK("shmem_back_to_start", after.shmem_kb == before.shmem_kb);
        CHECK("kernel_heap_back_to_start", after.heap_kb <= before.heap_kb + HEAP_SLACK_KB);
        CHECK("free_memory_back_to_start", after.free_kb >= before.free_kb - FREE_SLACK_KB);
    } else {
        printf("no KernelHeap line (not pagelab): figures not checked\n");
    }
    printf("%d failures\n", failures);
    return failures;
}
