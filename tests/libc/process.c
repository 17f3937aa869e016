/* process.c: fork, exit statuses, exec, pipes, signals, memory mappings and clocks.
 * Run as "process" (the tests); it re-executes itself as "process child ..." for exec. */
#define _GNU_SOURCE   /* pipe2 in glibc */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "check.h"

static char *self;

static void fork_and_wait_report_exit_status(void)
{
    int shared = 5;
    pid_t pid = fork();
    if (pid == 0) {
        shared = 99;   /* the child's own copy */
        _exit(42);
    }
    CHECK(pid > 0);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42 && !WIFSIGNALED(st));
    CHECK(shared == 5);
    CHECK(wait(&st) == -1 && errno == ECHILD);
    CHECK(waitpid(pid, &st, WNOHANG) == -1 && errno == ECHILD);

    pid_t kids[20];
    for (int i = 0; i < 20; i++) {
        kids[i] = fork();
        if (kids[i] == 0)
            exit(i);
    }
    int seen = 0;
    for (int i = 0; i < 20; i++) {
        pid_t r = wait(&st);
        for (int k = 0; k < 20; k++)
            if (r == kids[k] && WEXITSTATUS(st) == k)
                seen++;
    }
    CHECK(seen == 20);
}

static void child_killed_by_signal_is_reported(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        int *volatile bad = (int *)16;
        *bad = 1;   /* SIGSEGV */
        _exit(0);
    }
    int st;
    CHECK(waitpid(pid, &st, 0) == pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && !WIFEXITED(st));

    pid = fork();
    if (pid == 0) {
        for (;;)
            sleep(1);
    }
    CHECK(kill(pid, SIGTERM) == 0);
    CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);

    pid = fork();
    if (pid == 0)
        abort();
    CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
}

static void exec_replaces_the_program(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        setenv("EXEC_TEST", "inherited", 1);
        char *argv[] = { self, "child", "arg with spaces", NULL };
        execv(self, argv);
        _exit(127);
    }
    close(p[1]);
    char buf[256] = { 0 };
    read_until_eof(p[0], buf, sizeof(buf) - 1);
    close(p[0]);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 7);
    CHECK_STR(buf, "argc=3 argv[2]=arg with spaces env=inherited\n");

    char *argv[] = { "/nonexistent/program", NULL };
    CHECK(execv(argv[0], argv) == -1 && errno == ENOENT);
    char *argv2[] = { "no-such-program-anywhere", NULL };
    CHECK(execvp(argv2[0], argv2) == -1 && errno == ENOENT);
}

static void pipe_carries_data_between_processes(void)
{
    int p[2];
    CHECK(pipe(p) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        char block[1000];
        for (int i = 0; i < 200; i++) {
            memset(block, 'a' + i % 26, sizeof(block));
            if (write(p[1], block, sizeof(block)) != (ssize_t)sizeof(block))
                _exit(1);
        }
        _exit(0);
    }
    close(p[1]);
    static char all[200000];
    size_t total = read_until_eof(p[0], all, sizeof(all));
    CHECK(total == 200000);
    int ok = 1;
    for (int i = 0; i < 200000; i++)
        ok &= all[i] == 'a' + (i / 1000) % 26;
    CHECK(ok);
    CHECK(read(p[0], all, 1) == 0);   /* writer gone: end of file */
    close(p[0]);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0);

    /* Writing to a pipe nobody reads: SIGPIPE, or EPIPE when it is ignored. */
    CHECK(pipe(p) == 0);
    close(p[0]);
    signal(SIGPIPE, SIG_IGN);
    CHECK(write(p[1], "x", 1) == -1 && errno == EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(p[1]);
    CHECK(pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC);
    close(p[0]);
    close(p[1]);
}

static volatile sig_atomic_t got_signal, got_info_pid;

static void on_usr1(int sig) { got_signal = sig; }
static void on_usr2_info(int sig, siginfo_t *info, void *ctx)
{
    got_signal = sig;
    got_info_pid = info->si_pid;
}

static void signals_run_handlers_and_honour_masks(void)
{
    got_signal = 0;
    CHECK(signal(SIGUSR1, on_usr1) == SIG_DFL);
    CHECK(raise(SIGUSR1) == 0);
    CHECK(got_signal == SIGUSR1);

    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr2_info;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGUSR2, &sa, &old) == 0);
    got_signal = 0;
    kill(getpid(), SIGUSR2);
    CHECK(got_signal == SIGUSR2 && got_info_pid == getpid());
    CHECK(sigaction(SIGUSR2, NULL, &old) == 0 && (old.sa_flags & SA_SIGINFO));

    sigset_t block, prev, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    CHECK(sigismember(&block, SIGUSR1) == 1 && sigismember(&block, SIGUSR2) == 0);
    CHECK(sigprocmask(SIG_BLOCK, &block, &prev) == 0);
    got_signal = 0;
    raise(SIGUSR1);
    CHECK(got_signal == 0);            /* held while blocked */
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
    CHECK(sigprocmask(SIG_SETMASK, &prev, NULL) == 0);
    CHECK(got_signal == SIGUSR1);      /* delivered on unblocking */

    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);                    /* ignored: nothing happens */
    signal(SIGUSR1, SIG_DFL);
    CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
    CHECK(kill(getpid(), 0) == 0);
    CHECK(kill(999999999, 0) == -1 && errno == ESRCH);

    /* A handler interrupting sleep in a child, then the child exits normally. */
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGUSR1, on_usr1);
        struct timespec ts = { 5, 0 };
        while (!got_signal)
            nanosleep(&ts, NULL);
        _exit(got_signal == SIGUSR1 ? 3 : 4);
    }
    struct timespec settle = { 0, 50 * 1000 * 1000 };
    nanosleep(&settle, NULL);
    kill(pid, SIGUSR1);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

static void anonymous_mmap_munmap_mprotect(void)
{
    size_t len = 16 * 4096;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    CHECK(p[0] == 0 && p[len - 1] == 0);   /* zero-filled */
    memset(p, 0x5a, len);
    CHECK(madvise(p, 4096, MADV_DONTNEED) == 0 && p[0] == 0 && p[4096] == 0x5a);
    CHECK(mprotect(p, 4096, PROT_READ) == 0);
    CHECK(munmap(p, len) == 0);
    CHECK(mmap(NULL, len, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF);
    CHECK(sysconf(_SC_PAGESIZE) == 4096);

    /* A private anonymous mapping is copied on fork: the child's write stays its own. */
    p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    pid_t pid = fork();
    if (pid == 0) {
        p[0] = 2;
        _exit(p[0]);
    }
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 2 && p[0] == 1);
    munmap(p, 4096);
}

static void clocks_advance_and_sleep_sleeps(void)
{
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    struct timespec req = { 0, 20 * 1000 * 1000 };
    CHECK(nanosleep(&req, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    long ns = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
    CHECK(ns >= 20 * 1000 * 1000);
    CHECK(usleep(1000) == 0);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000 && tv.tv_usec < 1000000);
    time_t t = time(NULL);
    CHECK(t >= tv.tv_sec && t - tv.tv_sec < 5);
    struct utsname u;
    CHECK(uname(&u) == 0 && u.sysname[0] && !strcmp(u.machine, "x86_64"));
    CHECK(getppid() > 0 && getpid() != getppid());
}

int main(int argc, char **argv)
{
    self = argv[0];
    if (argc > 1 && !strcmp(argv[1], "child")) {
        const char *e = getenv("EXEC_TEST");
        printf("argc=%d argv[2]=%s env=%s\n", argc, argc > 2 ? argv[2] : "", e ? e : "(none)");
        return 7;
    }
    RUN(fork_and_wait_report_exit_status);
    RUN(child_killed_by_signal_is_reported);
    RUN(exec_replaces_the_program);
    RUN(pipe_carries_data_between_processes);
    RUN(signals_run_handlers_and_honour_masks);
    RUN(anonymous_mmap_munmap_mprotect);
    RUN(clocks_advance_and_sleep_sleeps);
    return check_total_failed != 0;
}
