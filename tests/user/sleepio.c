/*
 * sleepio: a process waiting for the disk sleeps, and others run meanwhile.
 *
 * A child spins, counting in shared memory.  The parent writes a file,
 * drops it from the page cache, and reads it back in ONE read() call: the
 * whole transfer happens inside the kernel, where pagelab never preempts.
 * If the disk waits slept by halting the CPU, the child could not count
 * during that call; with sleeping waits it runs while each request is in
 * flight.  Prints "ok"/"FAIL" lines (tests/user/check.h).
 */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define FILE_BYTES (8 << 20)
#define PATH "/tmp/sleepio.dat"

static int drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0)
        return -1;
    int r = write(fd, "1\n", 2) == 2 ? 0 : -1;
    close(fd);
    return r;
}

int main(void)
{
    char *buf = malloc(FILE_BYTES);
    volatile unsigned long *count = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                                         MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!buf || count == MAP_FAILED) {
        check("setup", 0, "out of memory");
        return 1;
    }
    memset(buf, 0x5a, FILE_BYTES);
    int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    CHECK("file_written", fd >= 0 && write(fd, buf, FILE_BYTES) == FILE_BYTES && fsync(fd) == 0);
    CHECK("cache_dropped", drop_caches() == 0);

    pid_t spinner = fork();
    if (spinner == 0) {
        for (;;)
            (*count)++;
    }
    /* Let the spinner start, then read the whole file in one system call. */
    while (*count == 0)
        sched_yield();
    memset(buf, 0, FILE_BYTES);
    unsigned long before = *count;
    ssize_t n = pread(fd, buf, FILE_BYTES, 0);
    unsigned long during = *count - before;
    kill(spinner, SIGKILL);
    waitpid(spinner, NULL, 0);

    CHECK("one_read_returns_the_whole_file", n == FILE_BYTES && buf[0] == 0x5a &&
                                                  buf[FILE_BYTES - 1] == 0x5a);
    printf("# the spinner counted %lu while one read() of %d MiB waited for the disk\n",
           during, FILE_BYTES >> 20);
    CHECK("spinner_ran_while_the_reader_waited_for_the_disk", during > 0);
    close(fd);
    unlink(PATH);
    return failures ? 1 : 0;
}
