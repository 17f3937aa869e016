/*
 * tests/user/pipes.c: pipe semantics (pipe(7), write(2), pipe2(2)).  One
 * line per check ("ok NAME" or "FAIL NAME: what happened"); the exit status
 * is the number of failures.  The same binary passes on Linux (the suite
 * runs it there first: the expectations are Linux's), then on pagelab.
 *
 * Waiting is by timing: the side that must block gets 150 ms to get there
 * before the other side acts, and the check asks that it waited >= 100 ms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define CAPACITY  65536      /* Linux's default pipe size */
#define ATOMIC    4096       /* PIPE_BUF */

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

/* The raw system call, so that bad pointers reach the kernel untouched. */
static long raw(long nr, long a, long b, long c)
{
    return syscall(nr, a, b, c);
}

static int child_status(pid_t pid)
{
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

static void ends_and_types(void)
{
    int p[2];
    CHECK("pipe_returns_0", pipe(p) == 0);
    CHECK("read_end_is_o_rdonly", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
    CHECK("write_end_is_o_wronly", (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
    struct stat a, b;
    CHECK("fstat_says_s_ififo", fstat(p[0], &a) == 0 && fstat(p[1], &b) == 0 &&
                                    S_ISFIFO(a.st_mode) && S_ISFIFO(b.st_mode));
    CHECK("both_ends_are_one_inode", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    CHECK("lseek_is_espipe", lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
    CHECK("not_a_tty", !isatty(p[0]) && errno == ENOTTY);
    close(p[0]);
    close(p[1]);
}

static void data_order(void)
{
    int p[2];
    pipe(p);
    char buf[100];
    CHECK("write_returns_count", write(p[1], "0123456789", 10) == 10);
    int avail = -1;
    CHECK("fionread_counts_bytes", ioctl(p[0], FIONREAD, &avail) == 0 && avail == 10);
    CHECK("short_read_returns_what_was_asked", read(p[0], buf, 4) == 4 && memcmp(buf, "0123", 4) == 0);
    CHECK("read_returns_what_is_there", read(p[0], buf, sizeof buf) == 6 && memcmp(buf, "456789", 6) == 0);
    CHECK("zero_byte_read_and_write", read(p[0], buf, 0) == 0 && write(p[1], buf, 0) == 0);
    close(p[0]);
    close(p[1]);
}

static void blocking_read_and_eof(void)
{
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        sleep_ms(150);
        write(p[1], "late", 4);
        sleep_ms(100);
        _exit(0);         /* closes the last write end */
    }
    close(p[1]);
    char buf[8];
    uint64_t t0 = now_ms();
    ssize_t n = read(p[0], buf, sizeof buf);
    uint64_t waited = now_ms() - t0;
    CHECK("read_blocks_until_data_arrives", n == 4 && memcmp(buf, "late", 4) == 0 && waited >= 100);
    t0 = now_ms();
    n = read(p[0], buf, sizeof buf);
    waited = now_ms() - t0;
    CHECK("read_blocks_then_sees_eof_when_the_writer_exits", n == 0 && waited >= 50);
    CHECK("eof_stays", read(p[0], buf, sizeof buf) == 0);
    close(p[0]);
    child_status(pid);

    /* EOF only once every write end is closed (dup'ed ones too). */
    pipe(p);
    int w2 = dup(p[1]);
    close(p[1]);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    CHECK("a_dup_of_the_write_end_keeps_the_pipe_open",
          read(p[0], buf, 1) == -1 && errno == EAGAIN);
    close(w2);
    CHECK("eof_after_the_last_write_end_closes", read(p[0], buf, 1) == 0);
    close(p[0]);
}

static void blocking_write_and_capacity(void)
{
    int p[2];
    pipe2(p, O_NONBLOCK);
    static char big[200000];
    memset(big, 'c', sizeof big);
    CHECK("capacity_is_64_kib", write(p[1], big, sizeof big) == CAPACITY);
    CHECK("full_pipe_nonblocking_write_is_eagain", write(p[1], big, 1) == -1 && errno == EAGAIN);
    /* With 100 bytes of room a PIPE_BUF-sized write must not go in partly. */
    char buf[ATOMIC];
    read(p[0], buf, 100);
    CHECK("atomic_write_that_does_not_fit_is_eagain", write(p[1], big, ATOMIC) == -1 && errno == EAGAIN);
    read(p[0], buf, ATOMIC - 100);
    CHECK("longer_nonblocking_write_fills_the_room", write(p[1], big, 3 * ATOMIC) == ATOMIC);
    fcntl(p[1], F_SETFL, 0);
    CHECK("f_setfl_clears_o_nonblock", !(fcntl(p[1], F_GETFL) & O_NONBLOCK));

    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        char sink[CAPACITY];
        read(p[0], sink, sizeof sink);
        _exit(0);
    }
    uint64_t t0 = now_ms();
    ssize_t n = write(p[1], big, ATOMIC);
    uint64_t waited = now_ms() - t0;
    CHECK("write_to_a_full_pipe_blocks_until_a_reader_makes_room", n == ATOMIC && waited >= 100);
    child_status(pid);
    close(p[0]);
    close(p[1]);

    /* A write much longer than the pipe completes while a reader drains it. */
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (char)(i * 7 + i / 4096);
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[1]);
        static char in[sizeof big];
        size_t got = 0;
        ssize_t k;
        while ((k = read(p[0], in + got, sizeof in - got)) > 0)
            got += (size_t)k;
        _exit(got == sizeof big && memcmp(in, big, sizeof big) == 0 ? 0 : 1);
    }
    close(p[0]);
    CHECK("long_blocking_write_completes", write(p[1], big, sizeof big) == (ssize_t)sizeof big);
    close(p[1]);
    int st = child_status(pid);
    CHECK("reader_got_every_byte_in_order", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int sig) { sigpipes++; }

static void epipe_and_sigpipe(void)
{
    int p[2];
    pipe(p);
    close(p[0]);
    pid_t pid = fork();
    if (pid == 0) {
        write(p[1], "x", 1);
        _exit(0);
    }
    int st = child_status(pid);
    CHECK("write_without_reader_kills_with_sigpipe", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);

    signal(SIGPIPE, SIG_IGN);
    CHECK("ignored_sigpipe_gives_epipe", write(p[1], "x", 1) == -1 && errno == EPIPE);
    struct sigaction sa = { .sa_handler = on_sigpipe };
    sigaction(SIGPIPE, &sa, NULL);
    CHECK("handled_sigpipe_runs_the_handler_and_gives_epipe",
          write(p[1], "x", 1) == -1 && errno == EPIPE && sigpipes == 1);
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);

    /* A writer blocked on a full pipe wakes with EPIPE when the last reader goes. */
    pipe(p);
    pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_IGN);
        close(p[0]);
        static char fill[CAPACITY];
        write(p[1], fill, sizeof fill);
        errno = 0;
        ssize_t n = write(p[1], fill, ATOMIC);
        _exit(n == -1 && errno == EPIPE ? 0 : 1);
    }
    close(p[1]);
    sleep_ms(150);
    close(p[0]);
    st = child_status(pid);
    CHECK("blocked_writer_gets_epipe_when_the_reader_closes", WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void nonblocking(void)
{
    int p[2];
    char c;
    CHECK("pipe2_o_nonblock", pipe2(p, O_NONBLOCK) == 0 && (fcntl(p[0], F_GETFL) & O_NONBLOCK) &&
                                  (fcntl(p[1], F_GETFL) & O_NONBLOCK));
    CHECK("empty_nonblocking_read_is_eagain", read(p[0], &c, 1) == -1 && errno == EAGAIN);
    close(p[0]);
    close(p[1]);
    pipe(p);
    CHECK("plain_pipe_is_blocking", !(fcntl(p[0], F_GETFL) & O_NONBLOCK));
    CHECK("f_setfl_sets_o_nonblock", fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 &&
                                         (fcntl(p[0], F_GETFL) & O_NONBLOCK));
    CHECK("then_read_is_eagain", read(p[0], &c, 1) == -1 && errno == EAGAIN);
    close(p[0]);
    close(p[1]);
}

static void on_usr1(int sig) { (void)sig; }

static void interrupted_read(void)
{
    int p[2];
    pipe(p);
    struct sigaction sa = { .sa_handler = on_usr1 };   /* no SA_RESTART */
    sigaction(SIGUSR1, &sa, NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    char c;
    CHECK("signal_interrupts_a_blocked_read_with_eintr", read(p[0], &c, 1) == -1 && errno == EINTR);
    child_status(pid);
    signal(SIGUSR1, SIG_DFL);
    close(p[0]);
    close(p[1]);
}

/* Two writers, PIPE_BUF-sized messages of their own letter; a reader with an
 * odd read size keeps leaving odd amounts of room.  Every message must come
 * out whole: the stream is made of uniform 4096-byte blocks. */
static void atomic_writes(void)
{
    enum { MESSAGES = 100 };
    int p[2];
    pipe(p);
    pid_t w[2];
    for (int k = 0; k < 2; k++) {
        w[k] = fork();
        if (w[k] == 0) {
            close(p[0]);
            char m[ATOMIC];
            memset(m, k ? 'B' : 'A', sizeof m);
            for (int i = 0; i < MESSAGES; i++) {
                if (write(p[1], m, sizeof m) != (ssize_t)sizeof m)
                    _exit(1);
                sched_yield();    /* lets the other writer in at every message boundary */
            }
            _exit(0);
        }
    }
    close(p[1]);
    static char all[2 * MESSAGES * ATOMIC];
    size_t got = 0;
    ssize_t n;
    /* Yielding after each read lets a writer run while the room is small. */
    while (got < sizeof all && (n = read(p[0], all + got, 1000 < sizeof all - got ? 1000 : sizeof all - got)) > 0) {
        got += (size_t)n;
        sched_yield();
    }
    int whole = got == sizeof all, a = 0, b = 0;
    for (size_t blk = 0; whole && blk < sizeof all / ATOMIC; blk++) {
        char first = all[blk * ATOMIC];
        a += first == 'A';
        b += first == 'B';
        for (size_t i = 1; i < ATOMIC; i++)
            whole &= all[blk * ATOMIC + i] == first;
    }
    CHECK("pipe_buf_writes_from_two_writers_never_interleave", whole && a == MESSAGES && b == MESSAGES);
    int s0 = child_status(w[0]), s1 = child_status(w[1]);
    CHECK("both_writers_wrote_everything", WIFEXITED(s0) && !WEXITSTATUS(s0) && WIFEXITED(s1) && !WEXITSTATUS(s1));
    close(p[0]);
}

static void flags_pointers_and_fds(void)
{
    int p[2];
    CHECK("pipe2_o_cloexec_sets_fd_cloexec_on_both",
          pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC);
    close(p[0]);
    close(p[1]);
    pipe(p);
    CHECK("pipe_without_flags_is_not_cloexec", fcntl(p[0], F_GETFD) == 0 && fcntl(p[1], F_GETFD) == 0);
    close(p[0]);
    close(p[1]);
    CHECK("pipe2_unknown_flag_is_einval", pipe2(p, O_APPEND) == -1 && errno == EINVAL);

    int next = dup(0);
    close(next);
    CHECK("pipe_bad_pointer_is_efault", raw(SYS_pipe, 1, 0, 0) == -1 && errno == EFAULT);
    CHECK("pipe2_kernel_pointer_is_efault",
          raw(SYS_pipe2, (long)0xffff800000000000ul, 0, 0) == -1 && errno == EFAULT);
    int after = dup(0);
    close(after);
    CHECK("failed_pipe_leaks_no_descriptor", after == next);

    pipe(p);
    CHECK("write_from_bad_pointer_is_efault", raw(SYS_write, p[1], 16, 10) == -1 && errno == EFAULT);
    write(p[1], "kept", 4);
    CHECK("read_into_bad_pointer_is_efault", raw(SYS_read, p[0], 16, 4) == -1 && errno == EFAULT);
    char buf[8] = {0};
    CHECK("data_survives_a_failed_read", read(p[0], buf, sizeof buf) == 4 && memcmp(buf, "kept", 4) == 0);

    CHECK("read_on_the_write_end_is_ebadf", read(p[1], buf, 1) == -1 && errno == EBADF);
    CHECK("write_on_the_read_end_is_ebadf", write(p[0], "x", 1) == -1 && errno == EBADF);
    close(p[0]);
    close(p[1]);
    CHECK("read_of_a_closed_fd_is_ebadf", read(p[0], buf, 1) == -1 && errno == EBADF);
    CHECK("write_of_a_bad_fd_is_ebadf", write(999, "x", 1) == -1 && errno == EBADF);
    CHECK("negative_fd_is_ebadf", write(-1, "x", 1) == -1 && errno == EBADF);
}

/* The ends survive fork and exec as ordinary descriptors: a child writes through its copy. */
static void across_fork(void)
{
    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        execl("/bin/echo", "echo", "from", "echo", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char buf[64] = {0};
    size_t got = 0;
    ssize_t n;
    while ((n = read(p[0], buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    int st = child_status(pid);
    CHECK("exec_child_writes_into_an_inherited_pipe",
          WIFEXITED(st) && WEXITSTATUS(st) == 0 && strcmp(buf, "from echo\n") == 0);
    close(p[0]);
}

int main(void)
{
    ends_and_types();
    data_order();
    blocking_read_and_eof();
    blocking_write_and_capacity();
    epipe_and_sigpipe();
    nonblocking();
    interrupted_read();
    atomic_writes();
    flags_pointers_and_fds();
    across_fork();
    printf("%d failed\n", failures);
    return failures;
}
