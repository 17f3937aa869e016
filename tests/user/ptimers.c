/*
 * tests/user/ptimers.c: POSIX per-process timers (timer_create(2) and
 * friends), checked on Linux first and then unmodified in pagelab: the
 * siginfo of SIGEV_SIGNAL (SI_TIMER, si_timerid, si_value, si_overrun) in
 * a handler and through sigtimedwait, the NULL sigevent's SIGALRM,
 * SIGEV_NONE, SIGEV_THREAD_ID, libc's SIGEV_THREAD, periodic timers,
 * TIMER_ABSTIME, overruns while the signal waits, timer_gettime, the
 * errors (EINVAL, EOPNOTSUPP, EFAULT, EAGAIN past RLIMIT_SIGPENDING), and
 * the lifetime (not inherited by fork, gone after execve, shared by
 * threads).  Timing is never asserted beyond generous bounds.
 *
 * Run with argument "after-exec ID": the program execve'd itself, and
 * checks that timer ID is gone.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define MS 1000000L

static int kid(timer_t t) { return (int)(intptr_t)t; }

static void nap_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * MS };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void block(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(SIG_BLOCK, &s, NULL);
}

/* sigtimedwait for sig with a generous timeout: the signal, or -1. */
static int wait_for(int sig, siginfo_t *si, int seconds)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    struct timespec ts = { seconds, 0 };
    memset(si, 0, sizeof *si);
    return sigtimedwait(&s, si, &ts);
}

static int arm(timer_t t, long first_ns, long every_ns)
{
    struct itimerspec its = { { every_ns / 1000000000L, every_ns % 1000000000L },
                              { first_ns / 1000000000L, first_ns % 1000000000L } };
    return timer_settime(t, 0, &its, NULL);
}

static void null_sevp_sends_sigalrm(void)
{
    block(SIGALRM);
    timer_t t;
    CHECK("create_with_null_sigevent_succeeds", timer_create(CLOCK_MONOTONIC, NULL, &t) == 0);
    CHECK("null_sigevent_timer_arms", arm(t, 10 * MS, 0) == 0);
    siginfo_t si;
    int sig = wait_for(SIGALRM, &si, 10);
    CHECK("null_sigevent_delivers_sigalrm", sig == SIGALRM);
    CHECK("null_sigevent_si_code_is_si_timer", si.si_code == SI_TIMER);
    CHECK("null_sigevent_si_value_is_timer_id", si.si_value.sival_int == kid(t));
    CHECK("null_sigevent_si_timerid_is_timer_id", si.si_timerid == kid(t));
    CHECK("delete_succeeds", timer_delete(t) == 0);
}

static volatile sig_atomic_t got_sig, got_code, got_int, got_overrun;
static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_code = si->si_code;
    got_int = si->si_value.sival_int;
    got_overrun = si->si_overrun;
    got_sig = sig;
}

static void handler_sees_siginfo(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_value.sival_int = 4242;
    timer_t t;
    CHECK("create_sigev_signal_succeeds", timer_create(CLOCK_REALTIME, &sev, &t) == 0);
    got_sig = 0;
    arm(t, 10 * MS, 0);
    for (int i = 0; i < 1000 && !got_sig; i++)
        nap_ms(10);
    CHECK("sa_siginfo_handler_runs_on_expiry", got_sig == SIGUSR1);
    CHECK("handler_sees_si_code_si_timer", got_code == SI_TIMER);
    CHECK("handler_sees_sigev_value", got_int == 4242);
    CHECK("one_shot_signal_has_no_overrun", got_overrun == 0);
    struct itimerspec cur;
    CHECK("one_shot_timer_reads_disarmed_after_expiry",
          timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    timer_delete(t);
    signal(SIGUSR1, SIG_DFL);
}

static timer_t signal_timer(int clock, int sig, int value)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = sig;
    sev.sigev_value.sival_int = value;
    timer_t t = 0;
    if (timer_create(clock, &sev, &t))
        perror("timer_create");
    return t;
}

static void periodic_and_overrun(void)
{
    block(SIGUSR2);
    timer_t t = signal_timer(CLOCK_MONOTONIC, SIGUSR2, 7);
    arm(t, 20 * MS, 20 * MS);
    int n = 0, all_timer = 1;
    siginfo_t si;
    while (n < 5 && wait_for(SIGUSR2, &si, 10) == SIGUSR2) {
        n++;
        all_timer &= si.si_code == SI_TIMER && si.si_value.sival_int == 7;
    }
    CHECK("periodic_timer_fires_again_and_again", n == 5);
    CHECK("every_periodic_signal_is_si_timer_with_value", all_timer);

    /* The signal stays pending while blocked: 10 ms periods for 300 ms are
       one signal, the other expiries counted in its overrun. */
    arm(t, 10 * MS, 10 * MS);
    nap_ms(300);
    int sig = wait_for(SIGUSR2, &si, 10);
    int overrun = timer_getoverrun(t);
    arm(t, 0, 0);
    CHECK("blocked_periodic_timer_leaves_one_signal", sig == SIGUSR2);
    CHECK("overrun_counts_expiries_while_signal_pending", si.si_overrun >= 5);
    CHECK("timer_getoverrun_matches_last_signal", overrun == si.si_overrun);
    CHECK("settime_resets_getoverrun", timer_getoverrun(t) == 0);
    struct timespec zero = { 0, 0 };
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR2);
    CHECK("no_second_signal_after_overrun", sigtimedwait(&s, &si, &zero) < 0 && errno == EAGAIN);
    timer_delete(t);
}

/* Linux (6.13 on) drops a timer's signal still waiting when the timer is
   set again or deleted: it belongs to an arming that no longer exists. */
static void stale_signals(void)
{
    block(SIGUSR1);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    struct timespec zero = { 0, 0 };
    siginfo_t si;
    timer_t t = signal_timer(CLOCK_MONOTONIC, SIGUSR1, 1);
    arm(t, 1 * MS, 0);
    sigset_t pend;
    for (int i = 0; i < 1000 && (sigpending(&pend), !sigismember(&pend, SIGUSR1)); i++)
        nap_ms(5);
    arm(t, 100000 * MS, 0);
    errno = 0;
    CHECK("setting_a_timer_again_drops_its_waiting_signal",
          sigtimedwait(&s, &si, &zero) < 0 && errno == EAGAIN);
    arm(t, 1 * MS, 0);
    for (int i = 0; i < 1000 && (sigpending(&pend), !sigismember(&pend, SIGUSR1)); i++)
        nap_ms(5);
    timer_delete(t);
    errno = 0;
    CHECK("deleting_a_timer_drops_its_waiting_signal",
          sigtimedwait(&s, &si, &zero) < 0 && errno == EAGAIN);
}

static void gettime_and_settime(void)
{
    timer_t t = signal_timer(CLOCK_MONOTONIC, SIGUSR2, 0);
    struct itimerspec cur, old;
    CHECK("new_timer_reads_disarmed", timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 &&
                                          cur.it_value.tv_nsec == 0 && cur.it_interval.tv_sec == 0);
    arm(t, 100000 * MS, 3000 * MS);
    CHECK("gettime_reports_time_left", timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec <= 100 &&
                                           cur.it_value.tv_sec >= 50);
    CHECK("gettime_reports_interval", cur.it_interval.tv_sec == 3 && cur.it_interval.tv_nsec == 0);
    struct itimerspec off = { { 0, 0 }, { 0, 0 } };
    CHECK("settime_returns_old_setting", timer_settime(t, 0, &off, &old) == 0 &&
                                             old.it_value.tv_sec >= 50 && old.it_interval.tv_sec == 3);
    CHECK("zero_value_disarms", timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec == 0 &&
                                    cur.it_value.tv_nsec == 0 && cur.it_interval.tv_sec == 0);

    /* TIMER_ABSTIME on the monotonic clock: an instant 100 s ahead. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct itimerspec abs = { { 0, 0 }, { now.tv_sec + 100, now.tv_nsec } };
    timer_settime(t, TIMER_ABSTIME, &abs, NULL);
    CHECK("abstime_monotonic_arms_for_that_instant",
          timer_gettime(t, &cur) == 0 && cur.it_value.tv_sec <= 100 && cur.it_value.tv_sec >= 50);
    timer_delete(t);

    /* TIMER_ABSTIME in the past on CLOCK_REALTIME: expires at once. */
    block(SIGUSR1);
    t = signal_timer(CLOCK_REALTIME, SIGUSR1, 99);
    clock_gettime(CLOCK_REALTIME, &now);
    abs.it_value.tv_sec = now.tv_sec - 5;
    abs.it_value.tv_nsec = 0;
    timer_settime(t, TIMER_ABSTIME, &abs, NULL);
    siginfo_t si;
    CHECK("abstime_in_the_past_expires_at_once",
          wait_for(SIGUSR1, &si, 10) == SIGUSR1 && si.si_value.sival_int == 99);
    timer_delete(t);
}

static void sigev_none(void)
{
    block(SIGALRM);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_NONE;
    timer_t t;
    CHECK("create_sigev_none_succeeds", timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    arm(t, 10 * MS, 0);
    struct itimerspec cur = { { 1, 1 }, { 1, 1 } };
    for (int i = 0; i < 1000 && timer_gettime(t, &cur) == 0 && (cur.it_value.tv_sec || cur.it_value.tv_nsec); i++)
        nap_ms(5);
    CHECK("sigev_none_timer_runs_down_to_disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    sigset_t pend;
    sigpending(&pend);
    CHECK("sigev_none_sends_no_signal", !sigismember(&pend, SIGALRM));
    timer_delete(t);
}

static volatile int thread_tid, thread_got, thread_code, thread_value;
static void *waiter(void *arg)
{
    (void)arg;
    block(SIGRTMIN + 1);
    thread_tid = (int)syscall(SYS_gettid);
    siginfo_t si;
    if (wait_for(SIGRTMIN + 1, &si, 20) == SIGRTMIN + 1) {
        thread_code = si.si_code;
        thread_value = si.si_value.sival_int;
        thread_got = 1;
    }
    return NULL;
}

static void thread_id(void)
{
    block(SIGRTMIN + 1); /* the main thread does not take it either */
    pthread_t th;
    pthread_create(&th, NULL, waiter, NULL);
    while (!thread_tid)
        nap_ms(1);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGRTMIN + 1;
    sev.sigev_value.sival_int = 31;
    sev.sigev_notify_thread_id = thread_tid;
    timer_t t;
    CHECK("create_sigev_thread_id_succeeds", timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    arm(t, 10 * MS, 0);
    pthread_join(th, NULL);
    CHECK("sigev_thread_id_signal_reaches_that_thread", thread_got && thread_code == SI_TIMER &&
                                                           thread_value == 31);
    timer_delete(t);

    /* A task of another process is not a thread of ours. */
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    sev.sigev_notify_thread_id = child;
    errno = 0;
    CHECK("sigev_thread_id_of_another_process_is_einval",
          timer_create(CLOCK_MONOTONIC, &sev, &t) < 0 && errno == EINVAL);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}

static volatile int notified, notified_value;
static void notify(union sigval v)
{
    notified_value = v.sival_int;
    __atomic_add_fetch(&notified, 1, __ATOMIC_SEQ_CST);
}

static void sigev_thread(void)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = notify;
    sev.sigev_value.sival_int = 77;
    timer_t t;
    CHECK("create_sigev_thread_succeeds", timer_create(CLOCK_MONOTONIC, &sev, &t) == 0);
    arm(t, 20 * MS, 20 * MS);
    for (int i = 0; i < 2000 && notified < 3; i++)
        nap_ms(5);
    CHECK("sigev_thread_calls_function_each_period", notified >= 3 && notified_value == 77);
    CHECK("sigev_thread_timer_deletes", timer_delete(t) == 0);
}

static long cpu_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

/* A timer on a CPU-time clock expires after that much CPU time, however
   long it takes on the wall clock, and not while the process sleeps. */
struct cpu_result {
    int fires, after_cpu_time, not_while_asleep;
};
static struct cpu_result cpu_clock(clockid_t clock)
{
    block(SIGUSR1);
    timer_t t = signal_timer(clock, SIGUSR1, 5);
    arm(t, 30 * MS, 0);
    nap_ms(200); /* asleep: hardly any CPU time */
    sigset_t pend;
    sigpending(&pend);
    int early = sigismember(&pend, SIGUSR1);
    arm(t, 50 * MS, 0);
    long start = cpu_ns(clock);
    time_t wall_end = time(NULL) + 60;
    int got = 0;
    volatile unsigned long spin = 0;
    while (!got && time(NULL) < wall_end) {
        for (int i = 0; i < 100000; i++)
            spin++;
        sigpending(&pend);
        got = sigismember(&pend, SIGUSR1);
    }
    long used = cpu_ns(clock) - start;
    siginfo_t si;
    struct cpu_result r;
    r.fires = got && wait_for(SIGUSR1, &si, 1) == SIGUSR1 && si.si_code == SI_TIMER &&
              si.si_value.sival_int == 5;
    r.after_cpu_time = used >= 45 * MS;
    r.not_while_asleep = !early;
    timer_delete(t);
    return r;
}

static void errors(void)
{
    timer_t t;
    errno = 0;
    CHECK("unknown_clock_is_einval", timer_create(12345, NULL, &t) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("raw_clock_has_no_timers_eopnotsupp",
          timer_create(CLOCK_MONOTONIC_RAW, NULL, &t) < 0 && errno == EOPNOTSUPP);
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = 0;
    errno = 0;
    CHECK("signal_zero_is_einval", timer_create(CLOCK_MONOTONIC, &sev, &t) < 0 && errno == EINVAL);
    sev.sigev_signo = 65;
    errno = 0;
    CHECK("signal_65_is_einval", timer_create(CLOCK_MONOTONIC, &sev, &t) < 0 && errno == EINVAL);
    sev.sigev_signo = SIGUSR1;
    sev.sigev_notify = 7;
    errno = 0;
    CHECK("unknown_notify_is_einval", timer_create(CLOCK_MONOTONIC, &sev, &t) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("bad_sigevent_pointer_is_efault",
          syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)8, &t) < 0 && errno == EFAULT);
    errno = 0;
    CHECK("bad_timerid_pointer_is_efault",
          syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, (void *)8) < 0 && errno == EFAULT);

    t = signal_timer(CLOCK_MONOTONIC, SIGUSR2, 0);
    int id = kid(t);
    struct itimerspec bad = { { 0, 0 }, { 0, 1000000000L } };
    errno = 0;
    CHECK("tv_nsec_of_a_second_is_einval", timer_settime(t, 0, &bad, NULL) < 0 && errno == EINVAL);
    bad.it_value.tv_nsec = 0;
    bad.it_value.tv_sec = -1;
    errno = 0;
    CHECK("negative_value_is_einval", timer_settime(t, 0, &bad, NULL) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("bad_new_value_pointer_is_efault",
          syscall(SYS_timer_settime, id, 0, (void *)8, NULL) < 0 && errno == EFAULT);
    errno = 0;
    CHECK("bad_gettime_pointer_is_efault",
          syscall(SYS_timer_gettime, id, (void *)8) < 0 && errno == EFAULT);
    timer_delete(t);
    struct itimerspec cur = { { 0, 0 }, { 1, 0 } };
    errno = 0;
    CHECK("settime_of_deleted_timer_is_einval",
          syscall(SYS_timer_settime, id, 0, &cur, NULL) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("gettime_of_deleted_timer_is_einval",
          syscall(SYS_timer_gettime, id, &cur) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("getoverrun_of_deleted_timer_is_einval",
          syscall(SYS_timer_getoverrun, id) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("delete_twice_is_einval", syscall(SYS_timer_delete, id) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("negative_id_is_einval", syscall(SYS_timer_delete, -1) < 0 && errno == EINVAL);
}

/* Each timer holds a signal against RLIMIT_SIGPENDING (Linux counts them
   per user, pagelab per process: at most `limit` either way). */
static void limit(void)
{
    struct rlimit old, low;
    getrlimit(RLIMIT_SIGPENDING, &old);
    low = old;
    low.rlim_cur = 3;
    setrlimit(RLIMIT_SIGPENDING, &low);
    timer_t ts[10];
    int n = 0;
    errno = 0;
    while (n < 10 && timer_create(CLOCK_MONOTONIC, NULL, &ts[n]) == 0)
        n++;
    int err = errno;
    CHECK("timers_beyond_rlimit_sigpending_are_eagain", n <= 3 && err == EAGAIN);
    while (n > 0)
        timer_delete(ts[--n]);

    /* Two timers hold two of four: sigqueue finds at most two left.  On
       Linux the count is the user's, so other processes of the user may
       hold some too: only the sum is bounded there (CI runs as root). */
    low.rlim_cur = 4;
    setrlimit(RLIMIT_SIGPENDING, &low);
    int made = (timer_create(CLOCK_MONOTONIC, NULL, &ts[0]) == 0) +
               (timer_create(CLOCK_MONOTONIC, NULL, &ts[1]) == 0);
    block(SIGRTMIN + 2);
    union sigval v = { 0 };
    int queued = 0;
    errno = 0;
    while (queued < 10 && sigqueue(getpid(), SIGRTMIN + 2, v) == 0)
        queued++;
    err = errno;
    CHECK("timers_and_queued_signals_share_rlimit_sigpending",
          made + queued <= 4 && err == EAGAIN);
    siginfo_t si;
    while (queued-- > 0)
        wait_for(SIGRTMIN + 2, &si, 1);
    timer_delete(ts[0]);
    timer_delete(ts[1]);
    setrlimit(RLIMIT_SIGPENDING, &old);
    CHECK("timers_can_be_made_again_under_the_limit", timer_create(CLOCK_MONOTONIC, NULL, &ts[0]) == 0);
    timer_delete(ts[0]);
}

/* /proc/PID/timers lists a timer as Linux's show_timer does. */
static void proc_timers(void)
{
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR2;
    sev.sigev_value.sival_int = 0x5a5a;
    timer_t t;
    timer_create(CLOCK_MONOTONIC, &sev, &t);
    char want[160], text[4096];
    snprintf(want, sizeof want, "ID: %d\nsignal: %d/%016lx\nnotify: signal/pid.%d\nClockID: 1\n",
             kid(t), SIGUSR2, 0x5a5aul, (int)getpid());
    FILE *f = fopen("/proc/self/timers", "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = 0;
    if (f)
        fclose(f);
    CHECK("proc_pid_timers_lists_the_timer_as_linux", strstr(text, want) != NULL);
    timer_delete(t);
}

static int shared_ok;
static void *use_from_thread(void *arg)
{
    struct itimerspec cur;
    shared_ok = timer_gettime(*(timer_t *)arg, &cur) == 0 && cur.it_value.tv_sec >= 50;
    return NULL;
}

static void lifetime(const char *self)
{
    timer_t t = signal_timer(CLOCK_MONOTONIC, SIGUSR2, 0);
    arm(t, 100000 * MS, 0);
    pthread_t th;
    pthread_create(&th, NULL, use_from_thread, &t);
    pthread_join(th, NULL);
    CHECK("threads_share_the_process_timers", shared_ok);

    pid_t child = fork();
    if (child == 0) {
        struct itimerspec cur;
        _exit(timer_gettime(t, &cur) < 0 && errno == EINVAL ? 0 : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    CHECK("fork_child_has_no_timers", WIFEXITED(status) && WEXITSTATUS(status) == 0);

    child = fork();
    if (child == 0) {
        char id[16];
        snprintf(id, sizeof id, "%d", kid(t));
        execl(self, self, "after-exec", id, (char *)NULL);
        _exit(3);
    }
    waitpid(child, &status, 0);
    CHECK("execve_deletes_timers", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    timer_delete(t);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "after-exec") == 0) {
        struct itimerspec cur;
        return syscall(SYS_timer_gettime, atoi(argv[2]), &cur) < 0 && errno == EINVAL ? 0 : 1;
    }
    /* Whatever the mask we inherit, the checks start from none blocked. */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    null_sevp_sends_sigalrm();
    handler_sees_siginfo();
    periodic_and_overrun();
    gettime_and_settime();
    stale_signals();
    sigev_none();
    thread_id();
    sigev_thread();
    struct cpu_result r = cpu_clock(CLOCK_PROCESS_CPUTIME_ID);
    CHECK("process_cpu_clock_timer_fires_with_its_siginfo", r.fires);
    CHECK("process_cpu_clock_timer_waits_for_the_cpu_time", r.after_cpu_time);
    CHECK("process_cpu_clock_timer_does_not_run_while_asleep", r.not_while_asleep);
    r = cpu_clock(CLOCK_THREAD_CPUTIME_ID);
    CHECK("thread_cpu_clock_timer_fires_with_its_siginfo", r.fires);
    CHECK("thread_cpu_clock_timer_waits_for_the_cpu_time", r.after_cpu_time);
    CHECK("thread_cpu_clock_timer_does_not_run_while_asleep", r.not_while_asleep);
    errors();
    limit();
    proc_timers();
    lifetime("/proc/self/exe");
    return failures;
}
