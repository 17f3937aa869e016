/*
 * shmdemo: the shared-memory article's claims (docs/claims.md) step by
 * step: two processes share memory, take turns
 * through semaphores, and the copy ledger shows that the shared data is
 * never copied; then the same bytes through a pipe, copied twice.
 *
 *     shmdemo [--memfd] [--kib N]    the walk-through (default: shm_open, 64 KiB)
 *     shmdemo persist write          files in /dev/shm and on the disk (/data)
 *     shmdemo persist check          after a reboot: which one survived?
 *
 * The writer creates the object (shm_open + ftruncate + mmap MAP_SHARED, or
 * memfd_create whose descriptor the reader inherits), forks the reader, and
 * the two hand the turn over with named POSIX semaphores (sem_open; each
 * side opens them by name).  Every step prints what it cost the process
 * that did it, from two counters a program can read:
 *
 *   faults   getrusage(): page faults of this process (minor, major)
 *   ledger   pagelab's copy ledger (pagelab/syscalls.h): bytes the CPU
 *            copied (syscall arguments left out), pages zero-filled, pages
 *            of memory mapped as they were (no copy).  "n/a" on Linux.
 *
 * The article also says shared memory lives only in memory: /dev/shm is the
 * memory file system, so `persist write`, a reboot, and `persist check`
 * show its file gone while the file on the ext2 disk is still there.
 */
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <pagelab/syscalls.h>

#define PAGE         4096
#define MEMORY_FILE  "/dev/shm/shmdemo-persist"
#define DISK_FILE    "/data/shmdemo-persist.txt"

struct cost {
    struct rusage ru;
    struct ledger_counts lg;
    int have_ledger;
};

static const char *who = "writer";
static char shm_name[64], full_name[64], empty_name[64];

static void take(struct cost *c)
{
    getrusage(RUSAGE_SELF, &c->ru);
    c->have_ledger = pagelab_ledger_get(LEDGER_SELF, &c->lg) == 0;
}

static uint64_t cpu_bytes(const struct ledger_counts *c)
{
    uint64_t n = 0;
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        if (k != COPY_DEVICE_TO_MEMORY && k != COPY_MEMORY_TO_DEVICE)
            for (int m = 0; m < MECH_COUNT; m++)
                if (m != MECH_SYSCALL_ARGS)
                    n += c->bytes[k][m];
    return n;
}

static uint64_t sum(const uint64_t *v)
{
    uint64_t n = 0;
    for (int m = 0; m < MECH_COUNT; m++)
        n += v[m];
    return n;
}

/* One step: what it did, and what it cost since *since (then restarted). */
static void step(const char *what, struct cost *since)
{
    struct cost now;
    take(&now);
    printf("  %-6s %-46s faults %2ld | ", who, what, now.ru.ru_minflt - since->ru.ru_minflt +
                                                     now.ru.ru_majflt - since->ru.ru_majflt);
    if (now.have_ledger && since->have_ledger) {
        uint64_t cow = sum(now.lg.bytes[COPY_COW_PAGE]) - sum(since->lg.bytes[COPY_COW_PAGE]);
        printf("CPU copied %6llu B, zero-filled %6llu B, mapped %3llu pages",
               (unsigned long long)(cpu_bytes(&now.lg) - cpu_bytes(&since->lg) - cow),
               (unsigned long long)(sum(now.lg.zero_fill_bytes) - sum(since->lg.zero_fill_bytes)),
               (unsigned long long)(sum(now.lg.mapped_pages) - sum(since->lg.mapped_pages)));
        /* fork() left this process's own pages copy-on-write: its first
           store to one (its stack, say) copies it; that is not the data. */
        if (cow)
            printf(" (+%llu B copy-on-write after fork)", (unsigned long long)cow);
        printf("\n");
    } else {
        printf("ledger n/a\n");
    }
    fflush(stdout);
    take(since);
}

static void die(const char *what)
{
    fprintf(stderr, "shmdemo: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* The reader: opens the object and the semaphores by their names (or uses
   the inherited memfd), waits for the data, reads it, hands the turn back. */
static int reader(int memfd, size_t bytes)
{
    who = "reader";
    struct cost c;
    take(&c);
    int fd = memfd >= 0 ? memfd : shm_open(shm_name, O_RDWR, 0);
    if (fd < 0)
        die("reader: shm_open");
    unsigned char *m = mmap(NULL, bytes, PROT_READ, MAP_SHARED, fd, 0);
    sem_t *full = sem_open(full_name, 0), *empty = sem_open(empty_name, 0);
    if (m == MAP_FAILED || full == SEM_FAILED || empty == SEM_FAILED)
        die("reader: mmap/sem_open");
    step(memfd >= 0 ? "mmap(inherited memfd, MAP_SHARED)" : "shm_open(name) + mmap(MAP_SHARED)",
         &c);
    sem_wait(full); /* asleep in FUTEX_WAIT until the writer posts */
    take(&c);
    unsigned long sumv = 0;
    for (size_t i = 0; i < bytes; i++)
        sumv += m[i];
    char what[64];
    snprintf(what, sizeof what, "loads %zu KiB from the mapping", bytes / 1024);
    step(what, &c);
    printf("  %-6s read \"%s\", byte sum %lu\n", who, (const char *)m, sumv);
    fflush(stdout);
    sem_post(empty);
    return 0;
}

/* The same bytes through a pipe: each side pays one CPU copy. */
static void pipe_contrast(const unsigned char *data, size_t bytes)
{
    int p[2];
    if (pipe(p) != 0)
        die("pipe");
    printf("\n  The same %zu KiB through a pipe:\n", bytes / 1024);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        who = "reader";
        close(p[1]);
        unsigned char *buf = malloc(bytes);
        memset(buf, 1, bytes); /* touched now: no fault is charged to read() */
        struct cost c;
        take(&c);
        size_t got = 0;
        ssize_t r;
        while (got < bytes && (r = read(p[0], buf + got, bytes - got)) > 0)
            got += (size_t)r;
        step("read() from the pipe", &c);
        _exit(got == bytes ? 0 : 1);
    }
    close(p[0]);
    struct cost c;
    take(&c);
    size_t put = 0;
    ssize_t r;
    while (put < bytes && (r = write(p[1], data + put, bytes - put)) > 0)
        put += (size_t)r;
    step("write() into the pipe", &c);
    close(p[1]);
    waitpid(pid, NULL, 0);
}

static int walk(int use_memfd, size_t bytes)
{
    pid_t me = getpid();
    snprintf(shm_name, sizeof shm_name, "/shmdemo-%d", (int)me);
    snprintf(full_name, sizeof full_name, "/shmdemo-%d-full", (int)me);
    snprintf(empty_name, sizeof empty_name, "/shmdemo-%d-empty", (int)me);
    printf("shmdemo: shared memory between two processes (%zu KiB, %s)\n\n", bytes / 1024,
           use_memfd ? "memfd_create" : "shm_open");
    struct cost c;
    take(&c);
    int fd = use_memfd ? memfd_create("shmdemo", 0)
                       : shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0)
        die("shm_open/memfd_create + ftruncate");
    unsigned char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        die("mmap");
    step(use_memfd ? "memfd_create + ftruncate + mmap(MAP_SHARED)"
                   : "shm_open + ftruncate + mmap(MAP_SHARED)",
         &c);
    sem_t *full = sem_open(full_name, O_CREAT | O_EXCL, 0600, 0);
    sem_t *empty = sem_open(empty_name, O_CREAT | O_EXCL, 0600, 0);
    if (full == SEM_FAILED || empty == SEM_FAILED)
        die("sem_open");
    step("sem_open(full) + sem_open(empty)", &c);
    printf("  (a semaphore is a file of /dev/shm holding one sem_t: creating it writes its\n"
           "   initial value, 128 B, into the file; after that, waits and posts copy nothing)\n");
    fflush(stdout);

    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0)
        _exit(reader(use_memfd ? fd : -1, bytes));
    take(&c);
    snprintf((char *)m, 64, "hello from pid %d through shared memory", (int)me);
    for (size_t i = 64; i < bytes; i++)
        m[i] = (unsigned char)(i * 7);
    char what[64];
    snprintf(what, sizeof what, "stores %zu KiB into the mapping", bytes / 1024);
    step(what, &c);
    sem_post(full);
    sem_wait(empty); /* the reader's turn: it prints its own lines */
    step("sem_post(full), sem_wait(empty): turn is back", &c);
    int status;
    waitpid(pid, &status, 0);

    pipe_contrast(m, bytes);

    if (!use_memfd)
        shm_unlink(shm_name);
    sem_close(full);
    sem_close(empty);
    sem_unlink(full_name);
    sem_unlink(empty_name);
    munmap(m, bytes);
    close(fd);
    printf("\n  Shared memory: the writer's stores are the reader's loads, the same frames in\n"
           "  both page tables: 0 CPU copies.  The first touch of each page zero-fills it (the\n"
           "  writer's faults); the reader's faults only map those frames.  The pipe copies\n"
           "  every byte twice: user -> kernel (write), kernel -> user (read).\n"
           "  The article's other claim, memory only: `shmdemo persist write`, reboot,\n"
           "  `shmdemo persist check`.\n");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text) && fsync(fd) == 0;
    close(fd);
    return ok ? 0 : -1;
}

static int persist(const char *mode)
{
    if (strcmp(mode, "write") == 0) {
        char text[96];
        snprintf(text, sizeof text, "shmdemo: written at %ld\n", (long)time(NULL));
        if (write_file(MEMORY_FILE, text) != 0 || write_file(DISK_FILE, text) != 0)
            die("persist write");
        printf("wrote %s (memory file system) and %s (ext2 disk, fsync'd).\n"
               "Now reboot and run: shmdemo persist check\n",
               MEMORY_FILE, DISK_FILE);
        return 0;
    }
    if (strcmp(mode, "check") != 0)
        return 2;
    struct stat st;
    int in_memory = stat(MEMORY_FILE, &st) == 0;
    int on_disk = stat(DISK_FILE, &st) == 0;
    printf("%s: %s\n", MEMORY_FILE, in_memory ? "still there" : "gone (it lived only in memory)");
    printf("%s: %s\n", DISK_FILE, on_disk ? "still there (it is on the disk)" : "gone");
    if (on_disk) {
        char text[96] = { 0 };
        int fd = open(DISK_FILE, O_RDONLY);
        if (fd >= 0 && read(fd, text, sizeof text - 1) > 0)
            printf("  it says: %s", text);
        if (fd >= 0)
            close(fd);
    }
    return !in_memory && on_disk ? 0 : 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: shmdemo [--memfd] [--kib N] | shmdemo persist write|check\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int use_memfd = 0;
    size_t kib = 64;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "persist") == 0 && i + 1 < argc)
            return persist(argv[i + 1]);
        else if (strcmp(argv[i], "--memfd") == 0)
            use_memfd = 1;
        else if (strcmp(argv[i], "--kib") == 0 && i + 1 < argc)
            kib = (size_t)atoi(argv[++i]);
        else
            usage();
    }
    if (kib == 0)
        usage();
    return walk(use_memfd, kib * 1024);
}
