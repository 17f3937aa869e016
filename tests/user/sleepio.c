/*
 * tests/user/sleepio.c: a process waiting for the disk sleeps, and a
 * CPU-bound process makes progress meanwhile (issue 14, item 1).
 *
 * A child spins, counting iterations in a shared anonymous page; the parent
 * reads a file from a cold cache (drop_caches, or posix_fadvise DONTNEED
 * when that is not allowed) in ONE read() call, and checks that the
 * spinner's count moved during that call.  On pagelab, with one CPU and a
 * kernel that is never preempted, the only way the spinner runs during a
 * single system call is the reader sleeping for its disk reads; on Linux
 * (the expectations are checked there first) it runs alongside anyway.
 * Then the whole file is streamed in 64 KiB reads while the spinner runs,
 * and the data must be intact.  Usage: sleepio DIR [MiB]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"

static uint32_t word_at(uint64_t off) { return (uint32_t)(off / 4 * 2654435761u); }

static int make_file(const char *p, size_t size)
{
    int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    enum { CHUNK = 1 << 16 };
    static uint32_t buf[CHUNK / 4];
    for (size_t off = 0; off < size; off += CHUNK) {
        for (size_t i = 0; i < CHUNK / 4; i++)
            buf[i] = word_at(off + i * 4);
        if (write(fd, buf, CHUNK) != CHUNK)
            return -1;
    }
    if (fsync(fd) != 0)
        return -1;
    return fd;
}

/* Drops the file's pages from the cache: drop_caches as root (pagelab),
   else fadvise (Linux, unprivileged). */
static int make_cold(int fd)
{
    int dc = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (dc >= 0) {
        int ok = write(dc, "1\n", 2) == 2;
        close(dc);
        if (ok)
            return 0;
    }
    return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
}

static int data_ok(const uint32_t *buf, uint64_t off, size_t len)
{
    for (size_t i = 0; i < len / 4; i++)
        if (buf[i] != word_at(off + i * 4))
            return 0;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sleepio DIR [MiB]\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s", argv[1]);
    size_t size = (size_t)(argc > 2 ? atoi(argv[2]) : 8) << 20;
    char *file = path("sleepio.data");
    int fd = make_file(file, size);
    CHECK("test_file_written", fd >= 0);
    if (fd < 0)
        return failures;

    volatile uint64_t *count =
        mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("shared_counter_mapped", count != MAP_FAILED);
    if (count == MAP_FAILED)
        return failures;
    pid_t spinner = fork();
    if (spinner == 0) {
        for (;;)
            (*count)++;
    }
    CHECK("spinner_forked", spinner > 0);
    /* The spinner has run once it has counted. */
    while (*count == 0)
        sched_yield();

    uint32_t *buf = malloc(size);
    CHECK("cache_made_cold", make_cold(fd) == 0);
    uint64_t before = *count;
    ssize_t n = pread(fd, buf, size, 0);
    uint64_t after = *count;
    CHECK("one_cold_read_returns_the_whole_file", n == (ssize_t)size);
    CHECK("spinner_ran_during_one_cold_read", after > before);
    CHECK("cold_read_data_intact", n == (ssize_t)size && data_ok(buf, 0, size));
    printf("# spinner: %llu iterations during one cold read() of %zu MiB\n",
           (unsigned long long)(after - before), size >> 20);

    /* Streaming in 64 KiB pieces while the spinner keeps the CPU busy. */
    make_cold(fd);
    before = *count;
    int all_ok = 1;
    for (uint64_t off = 0; off < size; off += 65536) {
        if (pread(fd, buf, 65536, (off_t)off) != 65536 || !data_ok(buf, off, 65536))
            all_ok = 0;
    }
    after = *count;
    CHECK("streamed_data_intact_while_the_spinner_runs", all_ok);
    CHECK("spinner_ran_during_the_stream", after > before);

    kill(spinner, SIGKILL);
    int st;
    CHECK("spinner_reaped", waitpid(spinner, &st, 0) == spinner && WIFSIGNALED(st));
    free(buf);
    close(fd);
    CHECK("test_file_removed", unlink(file) == 0);
    return failures;
}
