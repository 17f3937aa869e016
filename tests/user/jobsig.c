/*
 * tests/user/jobsig.c: signals and the process model as POSIX has them,
 * checked on Linux first and then unmodified in pagelab: job control
 * (SIGSTOP, SIGTSTP, SIGTTIN, SIGCONT, waitpid with WUNTRACED and
 * WCONTINUED, SIGCHLD's CLD_* codes, SA_NOCLDSTOP, a stop takes every
 * thread), sigqueue with SA_SIGINFO and si_value, real-time signals
 * queued in order and standard ones merged, sigtimedwait and sigwaitinfo,
 * sigsuspend, SA_NOCLDWAIT and SIGCHLD ignored (children reaped, wait
 * gives ECHILD), SA_RESTART, times and the CPU-time clocks.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include "check.h"

static void nap_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static int readable(int fd, int ms)
{
    struct pollfd p = { fd, POLLIN, 0 };
    return poll(&p, 1, ms) == 1;
}

/* Every signal unblocked and at its default, whatever we inherited. */
static void clean_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void block(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

static void unblock(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
}

/* SIGCHLD's next siginfo (SIGCHLD blocked by the caller), or si_signo 0. */
static siginfo_t next_chld(void)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGCHLD);
    struct timespec t = { 5, 0 };
    siginfo_t si;
    memset(&si, 0, sizeof si);
    if (sigtimedwait(&s, &si, &t) != SIGCHLD)
        si.si_signo = 0;
    return si;
}

/* A child that copies every byte from `in` to `out`.  It leads a process
   group of its own: Linux discards SIGTSTP, SIGTTIN and SIGTTOU sent to an
   orphaned process group, and the group the test runs in may be one (a CI
   runner's, say), while a group whose member's parent (this test) is in
   another group of the session is not. */
static pid_t echo_child(int *to, int *from)
{
    int a[2], b[2];
    if (pipe(a) || pipe(b))
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        close(a[1]);
        close(b[0]);
        char c;
        while (read(a[0], &c, 1) == 1)
            if (write(b[1], &c, 1) != 1)
                _exit(2);
        _exit(0);
    }
    setpgid(pid, pid); /* whichever of the two runs first */
    close(a[0]);
    close(b[1]);
    *to = a[1];
    *from = b[0];
    return pid;
}

/* sig stops pid (its default action); SIGCONT continues it. */
static int stops_and_continues(pid_t pid, int sig)
{
    int ws;
    kill(pid, sig);
    int ok = waitpid(pid, &ws, WUNTRACED) == pid && WIFSTOPPED(ws) && WSTOPSIG(ws) == sig;
    next_chld();
    kill(pid, SIGCONT);
    ok = ok && waitpid(pid, &ws, WCONTINUED) == pid && WIFCONTINUED(ws);
    next_chld();
    return ok;
}

static void stop_and_continue(void)
{
    int to, from, ws;
    char c;
    block(SIGCHLD);
    pid_t pid = echo_child(&to, &from);
    CHECK("echo_child_forks", pid > 0);
    CHECK("echo_child_echoes", write(to, "a", 1) == 1 && readable(from, 5000) && read(from, &c, 1) == 1);

    CHECK("sigstop_sent", kill(pid, SIGSTOP) == 0);
    CHECK("waitpid_wuntraced_reports_the_stop",
          waitpid(pid, &ws, WUNTRACED) == pid && WIFSTOPPED(ws) && WSTOPSIG(ws) == SIGSTOP);
    CHECK("stop_is_reported_once", waitpid(pid, &ws, WUNTRACED | WNOHANG) == 0);
    CHECK("waitpid_without_wuntraced_ignores_the_stop", waitpid(pid, &ws, WNOHANG) == 0);
    siginfo_t si = next_chld();
    CHECK("sigchld_cld_stopped", si.si_signo == SIGCHLD && si.si_code == CLD_STOPPED &&
                                     si.si_pid == pid && si.si_status == SIGSTOP);
    CHECK("stopped_child_does_not_run", write(to, "b", 1) == 1 && !readable(from, 300));

    CHECK("sigcont_sent", kill(pid, SIGCONT) == 0);
    CHECK("continued_child_runs_and_its_read_restarted",
          readable(from, 5000) && read(from, &c, 1) == 1 && c == 'b');
    CHECK("waitpid_wcontinued_reports_the_continue",
          waitpid(pid, &ws, WCONTINUED) == pid && WIFCONTINUED(ws));
    CHECK("continue_is_reported_once", waitpid(pid, &ws, WCONTINUED | WNOHANG) == 0);
    si = next_chld();
    CHECK("sigchld_cld_continued", si.si_signo == SIGCHLD && si.si_code == CLD_CONTINUED &&
                                       si.si_pid == pid && si.si_status == SIGCONT);

    CHECK("sigtstp_stops_by_default", stops_and_continues(pid, SIGTSTP));
    CHECK("sigttin_stops_by_default", stops_and_continues(pid, SIGTTIN));
    CHECK("sigttou_stops_by_default", stops_and_continues(pid, SIGTTOU));

    /* SIGCONT while not stopped is reported nowhere. */
    kill(pid, SIGCONT);
    CHECK("sigcont_to_a_running_child_reports_nothing", waitpid(pid, &ws, WCONTINUED | WNOHANG) == 0);

    kill(pid, SIGSTOP);
    waitpid(pid, &ws, WUNTRACED);
    next_chld();
    CHECK("sigkill_ends_a_stopped_child", kill(pid, SIGKILL) == 0 && waitpid(pid, &ws, 0) == pid &&
                                              WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
    si = next_chld();
    CHECK("sigchld_cld_killed", si.si_signo == SIGCHLD && si.si_code == CLD_KILLED &&
                                    si.si_pid == pid && si.si_status == SIGKILL);
    close(to);
    close(from);

    pid = fork();
    if (pid == 0)
        _exit(7);
    si = next_chld();
    CHECK("sigchld_cld_exited", si.si_signo == SIGCHLD && si.si_code == CLD_EXITED &&
                                    si.si_pid == pid && si.si_status == 7);
    waitpid(pid, &ws, 0);
    unblock(SIGCHLD);
}

static volatile sig_atomic_t chld_seen;
static void on_chld(int sig) { chld_seen++; }

static void nocldstop(void)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    chld_seen = 0;
    int to, from, ws;
    pid_t pid = echo_child(&to, &from);
    kill(pid, SIGSTOP);
    int stopped = waitpid(pid, &ws, WUNTRACED) == pid && WIFSTOPPED(ws);
    nap_ms(50);
    CHECK("sa_nocldstop_no_sigchld_for_a_stop", stopped && chld_seen == 0);
    kill(pid, SIGCONT);
    int cont = waitpid(pid, &ws, WCONTINUED) == pid && WIFCONTINUED(ws);
    nap_ms(50);
    CHECK("sa_nocldstop_no_sigchld_for_a_continue", cont && chld_seen == 0);
    close(to);
    waitpid(pid, &ws, 0);
    CHECK("sa_nocldstop_still_sigchld_at_exit", chld_seen == 1);
    close(from);
    signal(SIGCHLD, SIG_DFL);
}

/* A stop takes every thread of the process. */
static volatile uint64_t *spin_count;

static void *spinner(void *arg)
{
    for (;;)
        (*spin_count)++;
    return arg;
}

static void stop_takes_every_thread(void)
{
    spin_count = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t;
        pthread_create(&t, NULL, spinner, NULL);
        for (;;)
            pause();
    }
    int ws;
    uint64_t start = *spin_count;
    for (int i = 0; i < 500 && *spin_count == start; i++)
        nap_ms(10);
    CHECK("thread_spins", *spin_count != start);
    kill(pid, SIGSTOP);
    int stopped = waitpid(pid, &ws, WUNTRACED) == pid && WIFSTOPPED(ws);
    nap_ms(20);
    uint64_t a = *spin_count;
    nap_ms(200);
    uint64_t b = *spin_count;
    CHECK("sigstop_to_the_process_stops_its_other_thread", stopped && a == b);
    kill(pid, SIGCONT);
    for (int i = 0; i < 500 && *spin_count == b; i++)
        nap_ms(10);
    CHECK("sigcont_resumes_the_other_thread", *spin_count != b);
    kill(pid, SIGKILL);
    CHECK("threaded_child_killed", waitpid(pid, &ws, 0) == pid && WIFSIGNALED(ws));
    munmap((void *)spin_count, 4096);
}

static volatile int info_code, info_pid, info_value, info_signo;
static void on_info(int sig, siginfo_t *si, void *uc)
{
    info_signo = si->si_signo;
    info_code = si->si_code;
    info_pid = si->si_pid;
    info_value = si->si_value.sival_int;
}

static void sigqueue_and_siginfo(void)
{
    struct sigaction sa = { 0 };
    sa.sa_sigaction = on_info;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR2, &sa, NULL);
    CHECK("sigqueue_to_self", sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 77 }) == 0);
    CHECK("sa_siginfo_handler_sees_si_value_and_si_queue",
          info_signo == SIGUSR2 && info_code == SI_QUEUE && info_pid == getpid() && info_value == 77);
    info_code = -100;
    kill(getpid(), SIGUSR2);
    CHECK("kill_gives_si_user_and_the_sender", info_code == SI_USER && info_pid == getpid());
    signal(SIGUSR2, SIG_DFL);

    int rt = SIGRTMIN + 1;
    block(rt);
    block(SIGUSR1);
    for (int i = 1; i <= 3; i++)
        sigqueue(getpid(), rt, (union sigval){ .sival_int = i });
    sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 10 });
    sigqueue(getpid(), SIGUSR1, (union sigval){ .sival_int = 11 });
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, rt);
    int order = 1;
    struct timespec zero = { 0, 0 };
    for (int i = 1; i <= 3; i++) {
        siginfo_t si;
        order = order && sigtimedwait(&s, &si, &zero) == rt && si.si_value.sival_int == i &&
                si.si_code == SI_QUEUE && si.si_pid == getpid();
    }
    CHECK("realtime_signals_queue_in_order_with_their_values", order);
    errno = 0;
    CHECK("sigtimedwait_zero_timeout_eagain", sigtimedwait(&s, NULL, &zero) == -1 && errno == EAGAIN);
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    siginfo_t si;
    CHECK("sigwaitinfo_takes_a_blocked_standard_signal",
          sigwaitinfo(&s, &si) == SIGUSR1 && si.si_value.sival_int == 10);
    CHECK("standard_signals_do_not_queue", sigtimedwait(&s, NULL, &zero) == -1 && errno == EAGAIN);

    struct timespec t0, t1, wait = { 0, 200000000 };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    errno = 0;
    int r = sigtimedwait(&s, NULL, &wait);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    CHECK("sigtimedwait_times_out_with_eagain", r == -1 && errno == EAGAIN && ms >= 190);
    struct timespec bad = { 0, 1000000000 };
    errno = 0;
    CHECK("sigtimedwait_bad_timeout_einval", sigtimedwait(&s, NULL, &bad) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("sigtimedwait_bad_set_efault",
          syscall(SYS_rt_sigtimedwait, (void *)8, NULL, &zero, 8) == -1 && errno == EFAULT);

    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        nap_ms(100);
        sigqueue(parent, SIGUSR1, (union sigval){ .sival_int = 5 });
        _exit(0);
    }
    CHECK("sigwaitinfo_sleeps_until_the_signal_comes",
          sigwaitinfo(&s, &si) == SIGUSR1 && si.si_pid == pid && si.si_value.sival_int == 5);
    waitpid(pid, NULL, 0);

    pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    siginfo_t forged;
    memset(&forged, 0, sizeof forged);
    forged.si_code = SI_USER;
    errno = 0;
    CHECK("rt_sigqueueinfo_si_user_to_another_eperm",
          syscall(SYS_rt_sigqueueinfo, pid, SIGUSR1, &forged) == -1 && errno == EPERM);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    errno = 0;
    CHECK("sigqueue_to_no_process_esrch",
          sigqueue(pid, SIGUSR1, (union sigval){ 0 }) == -1 && errno == ESRCH);
    errno = 0;
    CHECK("sigqueue_bad_signal_einval",
          sigqueue(getpid(), 65, (union sigval){ 0 }) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("rt_sigqueueinfo_bad_pointer_efault",
          syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (void *)8) == -1 && errno == EFAULT);
    unblock(SIGUSR1);
    unblock(rt);
}

static volatile sig_atomic_t usr1_seen;
static void on_usr1(int sig) { usr1_seen++; }

static void sigsuspend_waits(void)
{
    signal(SIGUSR1, on_usr1);
    block(SIGUSR1);
    usr1_seen = 0;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        nap_ms(100);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    sigset_t none, now;
    sigemptyset(&none);
    errno = 0;
    int r = sigsuspend(&none);
    CHECK("sigsuspend_returns_eintr_after_the_handler", r == -1 && errno == EINTR && usr1_seen == 1);
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK("sigsuspend_restores_the_mask", sigismember(&now, SIGUSR1));
    waitpid(pid, NULL, 0);
    unblock(SIGUSR1);
    signal(SIGUSR1, SIG_DFL);
}

static void children_reaped(void)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = SA_NOCLDWAIT;
    sigaction(SIGCHLD, &sa, NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(3);
    errno = 0;
    CHECK("sa_nocldwait_wait_gives_echild", wait(NULL) == -1 && errno == ECHILD);
    errno = 0;
    CHECK("sa_nocldwait_child_is_gone", kill(pid, 0) == -1 && errno == ESRCH);

    signal(SIGCHLD, SIG_IGN);
    pid_t pids[3];
    for (int i = 0; i < 3; i++)
        if ((pids[i] = fork()) == 0) {
            nap_ms(20 * i);
            _exit(0);
        }
    errno = 0;
    CHECK("sigchld_ignored_wait_blocks_then_echild", waitpid(-1, NULL, 0) == -1 && errno == ECHILD);
    int gone = 1;
    for (int i = 0; i < 3; i++)
        gone = gone && kill(pids[i], 0) == -1 && errno == ESRCH;
    CHECK("sigchld_ignored_children_are_reaped", gone);
    signal(SIGCHLD, SIG_DFL);
    pid = fork();
    if (pid == 0)
        _exit(4);
    int ws;
    CHECK("sigchld_default_again_zombie_waits",
          waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 4);
}

/* read() on a pipe interrupted by a handler: restarted with SA_RESTART,
   EINTR without. */
static int interrupted_read(int flags, int *got)
{
    struct sigaction sa = { 0 };
    sa.sa_handler = on_usr1;
    sa.sa_flags = flags;
    sigaction(SIGUSR1, &sa, NULL);
    usr1_seen = 0;
    int p[2];
    if (pipe(p))
        return -2;
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        nap_ms(100);
        kill(parent, SIGUSR1);
        nap_ms(100);
        write(p[1], "x", 1);
        _exit(0);
    }
    char c;
    errno = 0;
    int r = (int)read(p[0], &c, 1);
    *got = usr1_seen;
    waitpid(pid, NULL, 0);
    close(p[0]);
    close(p[1]);
    signal(SIGUSR1, SIG_DFL);
    return r;
}

static void sa_restart(void)
{
    int seen;
    int r = interrupted_read(SA_RESTART, &seen);
    CHECK("sa_restart_read_restarts_after_the_handler", r == 1 && seen == 1);
    r = interrupted_read(0, &seen);
    CHECK("no_sa_restart_read_fails_eintr", r == -1 && errno == EINTR && seen == 1);
}

static uint64_t ns_of(clockid_t id)
{
    struct timespec t;
    if (clock_gettime(id, &t))
        return 0;
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* Runs until this thread has had ms of CPU time (the machine may be busy:
   wall time says nothing). */
static void burn_ms(int ms)
{
    uint64_t start = ns_of(CLOCK_THREAD_CPUTIME_ID);
    volatile unsigned long x = 0;
    do {
        for (int i = 0; i < 100000; i++)
            x += i;
    } while (ns_of(CLOCK_THREAD_CPUTIME_ID) - start < (uint64_t)ms * 1000000ull);
}


static void times_and_cpu_clocks(void)
{
    uint64_t p0 = ns_of(CLOCK_PROCESS_CPUTIME_ID), t0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
    burn_ms(150);
    uint64_t t1 = ns_of(CLOCK_THREAD_CPUTIME_ID), p1 = ns_of(CLOCK_PROCESS_CPUTIME_ID);
    CHECK("thread_cputime_advances_with_work", t1 >= t0 + 150000000ull);
    CHECK("process_cputime_counts_the_thread", p1 - p0 >= t1 - t0 && t1 <= p1);

    clockid_t mine;
    CHECK("clock_getcpuclockid_self", clock_getcpuclockid(0, &mine) == 0);
    uint64_t m = ns_of(mine);
    CHECK("own_cpu_clock_reads_process_time", m >= p1 && m < p1 + 1000000000ull);
    clockid_t th;
    CHECK("pthread_getcpuclockid_self", pthread_getcpuclockid(pthread_self(), &th) == 0 &&
                                            ns_of(th) >= t1);

    struct tms tm;
    clock_t c0 = times(&tm);
    CHECK("times_counts_user_and_system_time",
          c0 != (clock_t)-1 && tm.tms_utime + tm.tms_stime >= 10);

    int p[2];
    pipe(p);
    pid_t pid = fork();
    if (pid == 0) {
        burn_ms(200);
        write(p[1], "x", 1);
        pause();
        _exit(0);
    }
    char c;
    read(p[0], &c, 1);
    clockid_t child;
    CHECK("clock_getcpuclockid_child", clock_getcpuclockid(pid, &child) == 0);
    uint64_t cns = ns_of(child);
    CHECK("child_cpu_clock_reads_its_time", cns >= 150000000ull);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    times(&tm);
    CHECK("times_counts_reaped_children", tm.tms_cutime + tm.tms_cstime >= 1);
    clock_t c1 = times(NULL);
    CHECK("times_return_value_advances", c1 - c0 >= 20);
    struct timespec ts;
    errno = 0;
    CHECK("clock_gettime_gone_process_einval", clock_gettime(child, &ts) == -1 && errno == EINVAL);
    close(p[0]);
    close(p[1]);
}

/* waitid(2): the siginfo it fills for an exit, a kill, a stop and a
   continue; WNOWAIT leaves the child for a later wait; WNOHANG with
   nothing to report zeroes si_pid; P_PGID; its EINVAL and ECHILD. */
static void waitid_reports(void)
{
    siginfo_t si;
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    memset(&si, 0xff, sizeof si);
    CHECK("waitid_wnowait_reports_an_exit",
          waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0 && si.si_signo == SIGCHLD &&
              si.si_code == CLD_EXITED && si.si_pid == pid && si.si_status == 7 &&
              si.si_uid == getuid());
    memset(&si, 0, sizeof si);
    CHECK("waitid_after_wnowait_still_finds_it",
          waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 7);
    CHECK("waitid_then_nothing_is_echild", waitid(P_PID, pid, &si, WEXITED) == -1 && errno == ECHILD);

    pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    memset(&si, 0xff, sizeof si);
    CHECK("waitid_wnohang_nothing_yet_zeroes_pid",
          waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0 && si.si_signo == 0);
    kill(pid, SIGSTOP);
    CHECK("waitid_reports_a_stop", waitid(P_PID, pid, &si, WSTOPPED) == 0 &&
                                       si.si_code == CLD_STOPPED && si.si_status == SIGSTOP);
    kill(pid, SIGCONT);
    CHECK("waitid_reports_a_continue", waitid(P_PGID, 0, &si, WCONTINUED) == 0 &&
                                           si.si_pid == pid && si.si_code == CLD_CONTINUED &&
                                           si.si_status == SIGCONT);
    kill(pid, SIGKILL);
    CHECK("waitid_reports_a_kill", waitid(P_PID, pid, &si, WEXITED) == 0 &&
                                       si.si_code == CLD_KILLED && si.si_status == SIGKILL);
    CHECK("waitid_without_a_state_is_einval",
          waitid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL);
    CHECK("waitid_bad_idtype_is_einval", waitid((idtype_t)42, 0, &si, WEXITED) == -1 && errno == EINVAL);
    CHECK("waitid_no_children_is_echild", waitid(P_ALL, 0, &si, WEXITED) == -1 && errno == ECHILD);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    clean_signals();
    signal(SIGCHLD, SIG_DFL);
    stop_and_continue();
    nocldstop();
    stop_takes_every_thread();
    sigqueue_and_siginfo();
    sigsuspend_waits();
    children_reaped();
    sa_restart();
    times_and_cpu_clocks();
    waitid_reports();
    return failures != 0;
}
