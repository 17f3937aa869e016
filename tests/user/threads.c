/*
 * tests/user/threads.c: threads as Linux has them, through musl's pthreads
 * unchanged and through raw clone(2): what threads share (memory, fds, cwd,
 * handlers) and keep apart (ids, TLS, signal masks, pending sets), the
 * synchronization objects (mutex, condvar, rwlock, barrier, semaphore,
 * once, keys), thread-group semantics (exit against exit_group, a fatal
 * signal or a fault ends every thread, execve from a thread, wait4 from
 * any thread), tkill/tgkill/raise/abort, timers (setitimer, alarm,
 * nanosleep's remaining time, clock_nanosleep), /proc/PID/task, and bad
 * input (clone flag combinations, bad TLS and tid pointers, a thread bomb
 * under RLIMIT_NPROC, SIGKILL while threads block in syscalls).
 *
 * One line per check ("ok NAME" or "FAIL NAME: what happened"); the exit
 * status is the number of failures.  The same binary passes on Linux first
 * (the suite runs it there), then on pagelab.  Run with "exec-child PID" it
 * is the program a thread execs (see exec_from_thread).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <spawn.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) && errno == EINTR) {
    }
}

/* Runs fn in a child process; returns its wait status. */
static int in_child(void (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0) {
        fn();
        _exit(100);
    }
    int status = -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

/* --- create, join, shared memory and ids --- */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static pid_t main_pid, main_tid;

static void *add_many(void *arg)
{
    for (int i = 0; i < 2000; i++) {
        pthread_mutex_lock(&counter_lock);
        counter++;
        pthread_mutex_unlock(&counter_lock);
        if (i % 500 == 0)
            sched_yield();
    }
    return (void *)(long)((long)arg * 3);
}

static void create_join_mutex(void)
{
    pthread_t t[8];
    int created = 0;
    for (long i = 0; i < 8; i++)
        created += pthread_create(&t[i], NULL, add_many, (void *)i) == 0;
    int results_ok = 1;
    for (long i = 0; i < created; i++) {
        void *r = NULL;
        results_ok &= pthread_join(t[i], &r) == 0 && (long)r == i * 3;
    }
    CHECK("create_8_threads", created == 8);
    CHECK("join_returns_each_threads_value", results_ok);
    CHECK("mutex_counts_every_increment", counter == 8 * 2000);
}

struct ids {
    pid_t pid, tid, ppid;
};

static void *report_ids(void *arg)
{
    struct ids *ids = arg;
    ids->pid = getpid();
    ids->tid = gettid_();
    ids->ppid = getppid();
    return NULL;
}

static void ids_of_threads(void)
{
    struct ids ids = { 0, 0, 0 };
    pthread_t t;
    pthread_create(&t, NULL, report_ids, &ids);
    pthread_join(t, NULL);
    CHECK("main_thread_tid_is_pid", main_tid == main_pid);
    CHECK("thread_getpid_is_process_id", ids.pid == main_pid);
    CHECK("thread_gettid_is_its_own", ids.tid > 0 && ids.tid != main_tid);
    CHECK("thread_getppid_is_process_parent", ids.ppid == getppid());
}

/* --- what threads share: descriptors, cwd, handlers --- */

static int shared_pipe[2];
static volatile sig_atomic_t usr1_count;
static volatile pid_t usr1_tid;

static void on_usr1(int sig)
{
    (void)sig;
    usr1_count++;
    usr1_tid = gettid_();
}

static void *open_chdir_sigaction(void *arg)
{
    (void)arg;
    if (pipe(shared_pipe))
        shared_pipe[0] = shared_pipe[1] = -1;
    if (chdir("/tmp"))
        return (void *)1;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    return NULL;
}

static void shared_state(void)
{
    char old[PATH_MAX], now[PATH_MAX];
    if (!getcwd(old, sizeof old))
        strcpy(old, "/");
    pthread_t t;
    pthread_create(&t, NULL, open_chdir_sigaction, NULL);
    pthread_join(t, NULL);
    char c = 0;
    int wrote = write(shared_pipe[1], "x", 1) == 1 && read(shared_pipe[0], &c, 1) == 1 && c == 'x';
    CHECK("descriptor_opened_by_thread_is_shared", wrote);
    close(shared_pipe[0]);
    close(shared_pipe[1]);
    CHECK("cwd_changed_by_thread_is_shared", getcwd(now, sizeof now) && strcmp(now, "/tmp") == 0);
    if (chdir(old))
        perror("chdir back");
    struct sigaction sa;
    sigaction(SIGUSR1, NULL, &sa);
    CHECK("handler_installed_by_thread_is_shared", sa.sa_handler == on_usr1);
}

/* --- TLS, once, keys --- */

static __thread int tls_value = 11;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static pthread_key_t key;
static int key_destructor_runs;

static void once_init(void) { once_runs++; }
static void key_destructor(void *v)
{
    if (v == (void *)&key)
        __atomic_fetch_add(&key_destructor_runs, 1, __ATOMIC_SEQ_CST);
}

static void *tls_once_key(void *arg)
{
    int ok = tls_value == 11; /* every thread starts from the initial image */
    tls_value = (int)(long)arg;
    sched_yield();
    ok &= tls_value == (int)(long)arg;
    pthread_once(&once, once_init);
    pthread_setspecific(key, &key);
    ok &= pthread_getspecific(key) == &key;
    return (void *)(long)ok;
}

static void tls_once_keys(void)
{
    pthread_key_create(&key, key_destructor);
    tls_value = 99;
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, tls_once_key, (void *)(i + 100));
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        ok &= r == (void *)1;
    }
    CHECK("tls_is_per_thread", ok && tls_value == 99);
    CHECK("once_runs_once", once_runs == 1);
    CHECK("key_destructors_run_at_thread_exit", key_destructor_runs == 4);
    CHECK("key_value_is_per_thread", pthread_getspecific(key) == NULL);
}

/* --- condition variables, rwlocks, barriers, semaphores --- */

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static int q_items, q_taken;

static void *consumer(void *arg)
{
    (void)arg;
    int mine = 0;
    pthread_mutex_lock(&q_lock);
    for (;;) {
        while (q_items == 0 && q_taken < 300)
            pthread_cond_wait(&q_cond, &q_lock);
        if (q_items == 0)
            break;
        q_items--;
        q_taken++;
        mine++;
        pthread_cond_broadcast(&q_cond);
    }
    pthread_mutex_unlock(&q_lock);
    return (void *)(long)mine;
}

static void condvars(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, consumer, NULL);
    for (int i = 0; i < 300; i++) {
        pthread_mutex_lock(&q_lock);
        q_items++;
        pthread_cond_signal(&q_cond);
        pthread_mutex_unlock(&q_lock);
        if (i % 50 == 0)
            sched_yield();
    }
    long total = 0;
    for (int i = 0; i < 3; i++) {
        void *r;
        pthread_join(t[i], &r);
        total += (long)r;
    }
    CHECK("condvar_hands_every_item_to_one_consumer", total == 300 && q_taken == 300);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int rw_readers, rw_max_readers, rw_writer_in, rw_bad;

static void *rw_user(void *arg)
{
    for (int i = 0; i < 50; i++) {
        if ((long)arg == 0) {
            pthread_rwlock_wrlock(&rw);
            rw_writer_in = 1;
            rw_bad |= rw_readers != 0;
            sched_yield();
            rw_writer_in = 0;
            pthread_rwlock_unlock(&rw);
        } else {
            pthread_rwlock_rdlock(&rw);
            int n = __atomic_add_fetch(&rw_readers, 1, __ATOMIC_SEQ_CST);
            if (n > rw_max_readers)
                rw_max_readers = n;
            rw_bad |= rw_writer_in;
            /* The first time, wait a little for another reader to join. */
            for (int k = 0; i == 0 && k < 50 && rw_readers < 2; k++)
                sleep_ms(1);
            sched_yield();
            __atomic_sub_fetch(&rw_readers, 1, __ATOMIC_SEQ_CST);
            pthread_rwlock_unlock(&rw);
        }
    }
    return NULL;
}

static void rwlocks(void)
{
    pthread_t t[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, rw_user, (void *)i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    CHECK("rwlock_writer_excludes_readers", !rw_bad);
    CHECK("rwlock_readers_share", rw_max_readers >= 2);
}

static pthread_barrier_t barrier;
static int before_barrier, after_mismatch;

static void *barrier_user(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&before_barrier, 1, __ATOMIC_SEQ_CST);
    int r = pthread_barrier_wait(&barrier);
    if (__atomic_load_n(&before_barrier, __ATOMIC_SEQ_CST) != 4)
        after_mismatch = 1;
    return (void *)(long)(r == PTHREAD_BARRIER_SERIAL_THREAD);
}

static void barriers(void)
{
    pthread_barrier_init(&barrier, NULL, 4);
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, barrier_user, NULL);
    long serial = 0;
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        serial += (long)r;
    }
    CHECK("barrier_releases_all_after_the_last", !after_mismatch);
    CHECK("barrier_names_one_serial_thread", serial == 1);
    pthread_barrier_destroy(&barrier);
}

static sem_t sem_items, sem_done;

static void *sem_user(void *arg)
{
    (void)arg;
    for (int i = 0; i < 100; i++)
        sem_wait(&sem_items);
    sem_post(&sem_done);
    return NULL;
}

static void semaphores(void)
{
    sem_init(&sem_items, 0, 0);
    sem_init(&sem_done, 0, 0);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, sem_user, NULL);
    for (int i = 0; i < 200; i++)
        sem_post(&sem_items);
    sem_wait(&sem_done);
    sem_wait(&sem_done);
    int v = -1;
    sem_getvalue(&sem_items, &v);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    CHECK("semaphore_counts_between_threads", v == 0);
}

/* --- detach --- */

static sem_t detached_ran;
static void *detached(void *arg)
{
    (void)arg;
    sem_post(&detached_ran);
    return NULL;
}

static void detach(void)
{
    sem_init(&detached_ran, 0, 0);
    int ok = 1;
    for (int i = 0; i < 20; i++) {
        pthread_t t;
        pthread_attr_t a;
        pthread_attr_init(&a);
        pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
        ok &= pthread_create(&t, &a, detached, NULL) == 0;
        pthread_attr_destroy(&a);
    }
    for (int i = 0; i < 20; i++)
        sem_wait(&detached_ran);
    pthread_t t;
    ok &= pthread_create(&t, NULL, detached, NULL) == 0 && pthread_detach(t) == 0;
    sem_wait(&detached_ran);
    CHECK("detached_threads_run_and_go", ok);
}

/* --- signals and threads --- */

static volatile pid_t target_tid;
static sem_t ready, go_on;

static void *wait_for_signal(void *arg)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(arg ? SIG_UNBLOCK : SIG_BLOCK, &set, NULL);
    target_tid = gettid_();
    sem_post(&ready);
    while (sem_wait(&go_on) && errno == EINTR) {
    }
    return NULL;
}

static void signals_and_threads(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sem_init(&ready, 0, 0);
    sem_init(&go_on, 0, 0);

    /* raise() is tkill(gettid()): the handler runs in the raising thread. */
    usr1_count = 0;
    raise(SIGUSR1);
    CHECK("raise_runs_handler_in_caller", usr1_count == 1 && usr1_tid == main_tid);

    /* pthread_kill targets one thread. */
    pthread_t t;
    pthread_create(&t, NULL, wait_for_signal, (void *)1);
    sem_wait(&ready);
    usr1_count = 0;
    pthread_kill(t, SIGUSR1);
    for (int i = 0; i < 200 && !usr1_count; i++)
        sleep_ms(1);
    CHECK("pthread_kill_runs_handler_in_target", usr1_count == 1 && usr1_tid == target_tid);
    sem_post(&go_on);
    pthread_join(t, NULL);

    /* A process-directed signal goes to a thread that does not block it. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    pthread_create(&t, NULL, wait_for_signal, (void *)1);
    sem_wait(&ready);
    usr1_count = 0;
    kill(getpid(), SIGUSR1);
    for (int i = 0; i < 200 && !usr1_count; i++)
        sleep_ms(1);
    CHECK("kill_goes_to_thread_not_blocking", usr1_count == 1 && usr1_tid == target_tid);
    sem_post(&go_on);
    pthread_join(t, NULL);

    /* Pending sets are per thread: a signal sent to a thread that blocks it
       is pending for that thread only; tgkill names process and thread. */
    pthread_create(&t, NULL, wait_for_signal, NULL);
    sem_wait(&ready);
    usr1_count = 0;
    long r = syscall(SYS_tgkill, getpid(), target_tid, SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    CHECK("tgkill_to_blocking_thread_stays_pending_there",
          r == 0 && usr1_count == 0 && !sigismember(&pend, SIGUSR1));
    errno = 0;
    r = syscall(SYS_tgkill, getpid() + 100000, target_tid, SIGUSR1);
    CHECK("tgkill_with_wrong_tgid_is_esrch", r == -1 && errno == ESRCH);
    errno = 0;
    r = syscall(SYS_tkill, 0, SIGUSR1);
    CHECK("tkill_of_tid_0_is_einval", r == -1 && errno == EINVAL);
    sem_post(&go_on);
    pthread_join(t, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
}

/* sigsuspend: the signal blocked outside arrives inside, its handler runs
   with the suspend mask, and the old mask is back after. */
static void suspend_mask(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, old, during;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    usr1_count = 0;
    raise(SIGUSR1); /* pending: blocked */
    sigemptyset(&during);
    int r = sigsuspend(&during);
    int e = errno;
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK("sigsuspend_runs_the_pending_handler_and_restores_the_mask",
          r == -1 && e == EINTR && usr1_count == 1 && sigismember(&now, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGUSR1, SIG_DFL);
}

static void call_abort(void) { abort(); }

static void aborting(void)
{
    int st = in_child(call_abort);
    CHECK("abort_kills_with_sigabrt", WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT);
}

/* --- exit, exit_group, fatal signals, faults --- */

static void *thread_exits_alone(void *arg)
{
    (void)arg;
    syscall(SYS_exit, 3); /* this thread only */
    return NULL;
}

static void exit_one_thread(void)
{
    pthread_t t;
    pthread_create(&t, NULL, thread_exits_alone, NULL);
    sleep_ms(50);
    _exit(7);
}

static void *thread_exit_group(void *arg)
{
    (void)arg;
    syscall(SYS_exit_group, 5);
    return NULL;
}

static void exit_group_from_thread(void)
{
    pthread_t t;
    pthread_create(&t, NULL, thread_exit_group, NULL);
    for (;;)
        pause();
}

static void *last_thread(void *arg)
{
    (void)arg;
    sleep_ms(30);
    syscall(SYS_exit, 9); /* the last task: the process ends */
    return NULL;
}

/* The leader exits first (SYS_exit: the process lives on); the process's
   status is then the last thread's (what Linux 6 reports). */
static void leader_exits_first(void)
{
    pthread_t t;
    pthread_create(&t, NULL, last_thread, NULL);
    syscall(SYS_exit, 4);
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void *fault_soon(void *arg)
{
    (void)arg;
    sleep_ms(20);
    volatile uintptr_t where = 16;
    *(volatile int *)where = 1;
    return NULL;
}

static void fault_in_thread(void)
{
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    pthread_create(&t, NULL, fault_soon, NULL);
    for (;;)
        pause();
}

static void exit_semantics(void)
{
    int st = in_child(exit_one_thread);
    CHECK("exit_ends_only_the_calling_thread", WIFEXITED(st) && WEXITSTATUS(st) == 7);
    st = in_child(exit_group_from_thread);
    CHECK("exit_group_from_a_thread_ends_all", WIFEXITED(st) && WEXITSTATUS(st) == 5);
    st = in_child(leader_exits_first);
    CHECK("leader_exit_leaves_process_running_until_last_thread",
          WIFEXITED(st) && WEXITSTATUS(st) == 9);
    st = in_child(fault_in_thread);
    CHECK("fault_in_a_thread_kills_the_process", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);

    /* A fatal signal to the process ends every thread (they sleep in
       pause, futex, read). */
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t;
        for (int i = 0; i < 3; i++)
            pthread_create(&t, NULL, sleeper, NULL);
        for (;;)
            pause();
    }
    sleep_ms(50);
    uint64_t t0 = now_ns();
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
    CHECK("fatal_signal_ends_every_thread", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM &&
                                                now_ns() - t0 < 2000000000ull);
}

/* --- wait4 from any thread; fork from a thread --- */

static pid_t forked_pid;
static void *reap_from_thread(void *arg)
{
    (void)arg;
    int st;
    pid_t r = waitpid(forked_pid, &st, 0);
    return (void *)(long)(r == forked_pid && WIFEXITED(st) && WEXITSTATUS(st) == 42);
}

static void *fork_from_thread(void *arg)
{
    (void)arg;
    int fds[2];
    if (pipe(fds))
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        pid_t ppid = getppid();
        (void)!write(fds[1], &ppid, sizeof ppid);
        _exit(0);
    }
    pid_t seen = 0;
    (void)!read(fds[0], &seen, sizeof seen);
    close(fds[0]);
    close(fds[1]);
    return (void *)(long)(seen == main_pid);
}

static void wait_and_fork(void)
{
    forked_pid = fork();
    if (forked_pid == 0)
        _exit(42);
    pthread_t t;
    void *r = NULL;
    pthread_create(&t, NULL, reap_from_thread, NULL);
    pthread_join(t, &r);
    CHECK("wait_from_a_thread_reaps_the_process_child", r == (void *)1);
    pthread_create(&t, NULL, fork_from_thread, NULL);
    pthread_join(t, &r);
    CHECK("child_forked_by_a_thread_has_the_process_as_parent", r == (void *)1);
    while (waitpid(-1, NULL, 0) > 0) {
    }
}

/* --- execve from a thread --- */

static const char *self_path;
static void *exec_self(void *arg)
{
    char pidbuf[16];
    snprintf(pidbuf, sizeof pidbuf, "%d", (int)(long)arg);
    char *argv[] = { (char *)self_path, "exec-child", pidbuf, NULL };
    execv(self_path, argv);
    _exit(99);
}

static void exec_from_thread_child(void)
{
    pthread_t t;
    pthread_create(&t, NULL, sleeper, NULL);
    pthread_create(&t, NULL, exec_self, (void *)(long)getpid());
    for (;;)
        pause();
}

/* The program a thread exec'd: alone, with the process's id as its own. */
static int exec_child(const char *pid)
{
    int alone = 0;
    FILE *f = fopen("/proc/self/status", "r");
    char line[128];
    while (f && fgets(line, sizeof line, f))
        if (strcmp(line, "Threads:\t1\n") == 0)
            alone = 1;
    if (f)
        fclose(f);
    int same = atoi(pid) == getpid() && gettid_() == getpid();
    return same && alone ? 0 : 1 + same;
}

/* posix_spawn: musl's is clone(CLONE_VM|CLONE_VFORK) and execve in the
   child, which shares the parent's memory until it execs. */
/* vfork (musl's is the system call, from assembly): the child runs in the
   parent's memory and the parent waits until it exits. */
static volatile int vfork_seen;

static void real_vfork(void)
{
    vfork_seen = 0;
    pid_t pid = vfork();
    if (pid == 0) {
        vfork_seen = 42; /* the parent's variable: one address space */
        _exit(3);
    }
    int seen = vfork_seen; /* read before waiting: the child has ended */
    int st = -1;
    waitpid(pid, &st, 0);
    CHECK("vfork_child_shares_memory_and_parent_waits",
          pid > 0 && seen == 42 && WIFEXITED(st) && WEXITSTATUS(st) == 3);
}

static void spawn_vfork(void)
{
    extern char **environ;
    pid_t pid = -1;
    char *argv[] = { (char *)self_path, "exit-7", NULL };
    int r = posix_spawn(&pid, self_path, NULL, NULL, argv, environ);
    int st = -1;
    if (r == 0)
        waitpid(pid, &st, 0);
    CHECK("posix_spawn_with_clone_vfork_runs_the_program", r == 0 && WIFEXITED(st) &&
                                                             WEXITSTATUS(st) == 7);
    char *missing[] = { "/no/such/program", NULL };
    r = posix_spawn(&pid, "/no/such/program", NULL, NULL, missing, environ);
    CHECK("posix_spawn_reports_the_exec_error", r == ENOENT);
}

static void exec_from_thread(void)
{
    int st = in_child(exec_from_thread_child);
    CHECK("execve_from_a_thread_ends_the_others_and_keeps_the_pid",
          WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* --- /proc/PID/task and status --- */

static void *hold_until_go(void *arg)
{
    (void)arg;
    sem_post(&ready);
    while (sem_wait(&go_on) && errno == EINTR) {
    }
    return NULL;
}

static int status_field(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    char line[160];
    int v = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, key, n) == 0 && line[n] == ':')
            v = atoi(line + n + 1);
    if (f)
        fclose(f);
    return v;
}

static void procfs_threads(void)
{
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, hold_until_go, NULL);
    sem_wait(&ready);
    sem_wait(&ready);
    CHECK("proc_status_counts_threads", status_field("/proc/self/status", "Threads") == 3);
    DIR *d = opendir("/proc/self/task");
    int tasks = 0, stats_ok = 1, status_ok = 1, main_seen = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        tasks++;
        int tid = atoi(e->d_name);
        main_seen |= tid == main_tid;
        char path[64];
        snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
        FILE *f = fopen(path, "r");
        int first = -1;
        stats_ok &= f && fscanf(f, "%d", &first) == 1 && first == tid;
        if (f)
            fclose(f);
        snprintf(path, sizeof path, "/proc/self/task/%d/status", tid);
        status_ok &= status_field(path, "Pid") == tid && status_field(path, "Tgid") == main_pid;
    }
    if (d)
        closedir(d);
    CHECK("proc_task_lists_every_thread", tasks == 3 && main_seen);
    CHECK("proc_task_stat_names_the_thread", stats_ok && tasks == 3);
    CHECK("proc_task_status_has_tid_and_tgid", status_ok && tasks == 3);
    sem_post(&go_on);
    sem_post(&go_on);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
}

/* --- a blocked thread does not block its siblings --- */

static int block_pipe[2];
static void *block_in_read(void *arg)
{
    (void)arg;
    char c;
    return (void *)(long)read(block_pipe[0], &c, 1);
}

static void blocked_sibling(void)
{
    if (pipe(block_pipe))
        return;
    pthread_t t;
    pthread_create(&t, NULL, block_in_read, NULL);
    sleep_ms(20);
    volatile unsigned long spin = 0;
    uint64_t t0 = now_ns();
    for (unsigned long i = 0; i < 20000000ul; i++)
        spin += i;
    uint64_t spent = now_ns() - t0;
    (void)!write(block_pipe[1], "z", 1);
    void *r;
    pthread_join(t, &r);
    CHECK("thread_blocked_in_read_lets_siblings_run", (long)r == 1 && spent < 5000000000ull);
    close(block_pipe[0]);
    close(block_pipe[1]);
}

/* --- SEM_UNDO belongs to the process (pthreads clone with CLONE_SYSVSEM) --- */

static int undo_semid;
static void *semop_with_undo(void *arg)
{
    (void)arg;
    struct sembuf op = { 0, 1, SEM_UNDO };
    return (void *)(long)semop(undo_semid, &op, 1);
}

static void undo_child(void)
{
    pthread_t t;
    pthread_create(&t, NULL, semop_with_undo, NULL);
    pthread_join(t, NULL);
    _exit(semctl(undo_semid, 0, GETVAL) == 2 ? 0 : 1);
}

static void sem_undo_per_process(void)
{
    undo_semid = semget(IPC_PRIVATE, 1, 0600);
    pthread_t t;
    void *r = (void *)-1L;
    pthread_create(&t, NULL, semop_with_undo, NULL);
    pthread_join(t, &r);
    int after_thread = semctl(undo_semid, 0, GETVAL);
    int st = in_child(undo_child);
    int after_child = semctl(undo_semid, 0, GETVAL);
    CHECK("sem_undo_outlives_the_thread_that_did_it", r == NULL && after_thread == 1);
    CHECK("sem_undo_applies_when_the_process_ends",
          WIFEXITED(st) && WEXITSTATUS(st) == 0 && after_child == 1);
    semctl(undo_semid, 0, IPC_RMID);
}

/* --- one address space: mapping in one thread while another faults --- */

static volatile int churn_stop;
static void *map_churn(void *arg)
{
    (void)arg;
    long rounds = 0;
    while (!churn_stop) {
        char *p = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return (void *)-1L;
        for (int i = 0; i < 8; i++)
            p[i * 4096] = (char)i;
        mprotect(p, 4096, PROT_READ);
        munmap(p, 8 * 4096);
        rounds++;
    }
    return (void *)rounds;
}

static void concurrent_mappings(void)
{
    pthread_t t;
    churn_stop = 0;
    pthread_create(&t, NULL, map_churn, NULL);
    int ok = 1;
    for (int round = 0; round < 100 && ok; round++) {
        size_t len = 32 * 4096;
        unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            ok = 0;
            break;
        }
        for (size_t off = 0; off < len; off += 4096)
            p[off] = (unsigned char)(off / 4096 + round);
        for (size_t off = 0; off < len; off += 4096)
            ok &= p[off] == (unsigned char)(off / 4096 + round);
        munmap(p, len);
        if (round % 10 == 0)
            sched_yield();
    }
    churn_stop = 1;
    void *r;
    pthread_join(t, &r);
    CHECK("mapping_in_one_thread_while_another_faults", ok && (long)r > 0);
}

/* --- CPU time: RUSAGE_SELF is the process's, RUSAGE_THREAD the caller's --- */

static long cpu_us(int who);

/* Spins until getrusage says it has had 60 ms of CPU itself (however loaded
   the machine), as the same accounting RUSAGE_SELF sums. */
static void *spin_60ms_cpu(void *arg)
{
    (void)arg;
    uint64_t t0 = now_ns();
    long start = cpu_us(RUSAGE_THREAD);
    volatile unsigned long x = 0;
    while (cpu_us(RUSAGE_THREAD) - start < 60000 && now_ns() - t0 < 20000000000ull)
        for (int i = 0; i < 100000; i++)
            x++;
    return NULL;
}

static long cpu_us(int who)
{
    struct rusage ru;
    getrusage(who, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L + ru.ru_utime.tv_usec +
           ru.ru_stime.tv_usec;
}

static void cpu_times(void)
{
    long self_before = cpu_us(RUSAGE_SELF), thread_before = cpu_us(RUSAGE_THREAD);
    pthread_t t;
    pthread_create(&t, NULL, spin_60ms_cpu, NULL);
    pthread_join(t, NULL);
    long self = cpu_us(RUSAGE_SELF) - self_before, mine = cpu_us(RUSAGE_THREAD) - thread_before;
    char detail[96];
    snprintf(detail, sizeof detail, "process %ld us, calling thread %ld us", self, mine);
    check("rusage_self_counts_every_threads_cpu_time", self >= 55000 && mine < self - 40000,
          detail);
}

/* --- timers --- */

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static void timers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);

    struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;
    alarms = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    getitimer(ITIMER_REAL, &cur);
    CHECK("getitimer_reports_interval_and_time_left",
          cur.it_interval.tv_usec == 20000 && cur.it_value.tv_sec == 0 &&
              cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 20000);
    uint64_t t0 = now_ns();
    while (alarms < 4 && now_ns() - t0 < 2000000000ull)
        pause();
    uint64_t took = now_ns() - t0;
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, &cur);
    CHECK("setitimer_interval_repeats", alarms >= 4 && took >= 60000000ull);
    CHECK("setitimer_returns_the_old_timer", cur.it_interval.tv_usec == 20000);

    alarm(5);
    CHECK("alarm_returns_seconds_left", alarm(0) == 5);
    CHECK("alarm_0_says_none_was_set", alarm(0) == 0);

    /* nanosleep interrupted by a handler: EINTR and the time left. */
    struct itimerval once = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &once, NULL);
    struct timespec req = { 1, 0 }, rem = { 0, 0 };
    int r = nanosleep(&req, &rem);
    CHECK("nanosleep_interrupted_gives_time_left",
          r == -1 && errno == EINTR && rem.tv_sec == 0 && rem.tv_nsec > 500000000);

    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += 30000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
    struct timespec after;
    clock_gettime(CLOCK_MONOTONIC, &after);
    CHECK("clock_nanosleep_absolute_wakes_after_the_time",
          r == 0 && (after.tv_sec > until.tv_sec ||
                     (after.tv_sec == until.tv_sec && after.tv_nsec >= until.tv_nsec)));
    struct timespec bad = { 0, 1000000000 };
    CHECK("clock_nanosleep_bad_nsec_is_einval", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) == EINVAL);
    struct timespec short_ = { 0, 1000 };
    CHECK("clock_nanosleep_on_thread_cputime_is_einval",
          clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &short_, NULL) == EINVAL);
    signal(SIGALRM, SIG_DFL);
}

/* --- bad input --- */

static long raw_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls)
{
    return syscall(SYS_clone, flags, stack, ptid, ctid, tls);
}

static __thread int touched_tls;

/* CLONE_FILES and CLONE_FS each share what they name and nothing else:
   a child with only the descriptor table opens a file the parent then
   sees but changes directory alone; with only CLONE_FS the directory and
   umask it sets are the parent's too, its descriptors are not. */
static void clone_files_or_fs(void)
{
    char here[256], there[256];
    if (!getcwd(here, sizeof here))
        return;
    int probe = dup(0);
    close(probe); /* the descriptor the child's open will take */
    long pid = raw_clone(CLONE_FILES | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0) {
        int fd = open("/", O_RDONLY | O_DIRECTORY);
        _exit(fd == probe && chdir("/") == 0 ? 0 : 1);
    }
    int st = -1;
    waitpid((pid_t)pid, &st, 0);
    CHECK("clone_files_alone_is_allowed", pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK("clone_files_shares_the_descriptors", fcntl(probe, F_GETFD) >= 0);
    CHECK("clone_files_keeps_the_directory_apart",
          getcwd(there, sizeof there) && strcmp(here, there) == 0);
    close(probe);

    mode_t old = umask(022);
    pid = raw_clone(CLONE_FS | SIGCHLD, NULL, NULL, NULL, 0);
    if (pid == 0) {
        umask(077);
        int fd = open("/", O_RDONLY | O_DIRECTORY);
        _exit(fd >= 0 && chdir("/") == 0 ? 0 : 1);
    }
    st = -1;
    waitpid((pid_t)pid, &st, 0);
    CHECK("clone_fs_alone_is_allowed", pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK("clone_fs_shares_the_directory", getcwd(there, sizeof there) && strcmp(there, "/") == 0);
    CHECK("clone_fs_shares_the_umask", umask(old) == 077);
    CHECK("clone_fs_keeps_the_descriptors_apart", fcntl(probe, F_GETFD) == -1 && errno == EBADF);
    CHECK("back_to_the_test_directory", chdir(here) == 0);
}

static void bad_input(void)
{
    errno = 0;
    long r = raw_clone(CLONE_THREAD | CLONE_VM, NULL, NULL, NULL, 0);
    CHECK("clone_thread_without_sighand_is_einval", r == -1 && errno == EINVAL);
    errno = 0;
    r = raw_clone(CLONE_SIGHAND, NULL, NULL, NULL, 0);
    CHECK("clone_sighand_without_vm_is_einval", r == -1 && errno == EINVAL);
    errno = 0;
    r = raw_clone(CLONE_FS | CLONE_NEWNS, NULL, NULL, NULL, 0);
    CHECK("clone_fs_with_newns_is_einval", r == -1 && errno == EINVAL);
    errno = 0;
    r = raw_clone(SIGCHLD | CLONE_SETTLS, NULL, NULL, NULL, 0xffff800000000000ul);
    CHECK("clone_with_kernel_tls_is_eperm", r == -1 && errno == EPERM);

    char args[128];
    memset(args, 0, sizeof args);
    errno = 0;
    r = syscall(SYS_clone3, args, 32);
    CHECK("clone3_with_short_struct_is_einval", r == -1 && errno == EINVAL);
    errno = 0;
    r = syscall(SYS_clone3, args, 8192);
    CHECK("clone3_with_huge_struct_is_e2big", r == -1 && errno == E2BIG);
    errno = 0;
    r = syscall(SYS_clone3, (void *)8, 64);
    CHECK("clone3_with_bad_pointer_is_efault", r == -1 && errno == EFAULT);

    /* Bad tid pointers: the kernel ignores them; the child lives. */
    int *bad = (int *)8;
    r = raw_clone(SIGCHLD | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, NULL,
                  bad, bad, 0);
    if (r == 0)
        syscall(SYS_exit_group, 21);
    int st = -1;
    if (r > 0)
        waitpid((pid_t)r, &st, 0);
    CHECK("clone_with_bad_tid_pointers_runs_the_child", WIFEXITED(st) && WEXITSTATUS(st) == 21);

    /* A bad TLS base: the child faults when it uses TLS, not the kernel. */
    r = raw_clone(SIGCHLD | CLONE_SETTLS, NULL, NULL, NULL, 0x10000);
    if (r == 0) {
        touched_tls = 1;
        syscall(SYS_exit_group, 22);
    }
    st = -1;
    if (r > 0)
        waitpid((pid_t)r, &st, 0);
    CHECK("clone_with_bad_tls_faults_in_the_child", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
}

/* A thread bomb ends at RLIMIT_NPROC with EAGAIN.  On Linux root is
   exempt, so the child first becomes nobody there (pagelab has one user
   and no exemption: setuid may fail). */
static void *park(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void thread_bomb(void)
{
    if (getuid() == 0)
        (void)!setuid(65534);
    struct rlimit rl = { 40, 40 };
    if (setrlimit(RLIMIT_NPROC, &rl))
        _exit(50);
    int made = 0, err = 0;
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, 65536);
    for (int i = 0; i < 200; i++) {
        pthread_t t;
        err = pthread_create(&t, &a, park, NULL);
        if (err)
            break;
        made++;
    }
    _exit(err == EAGAIN && made > 0 && made < 40 ? 0 : 60);
}

static void limits(void)
{
    int st = in_child(thread_bomb);
    CHECK("thread_bomb_stops_at_rlimit_nproc_with_eagain", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    struct rlimit rl;
    CHECK("getrlimit_nproc_is_finite", getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur > 40);
    FILE *f = fopen("/proc/sys/kernel/threads-max", "r");
    long threads_max = -1;
    if (f) {
        if (fscanf(f, "%ld", &threads_max) != 1)
            threads_max = -1;
        fclose(f);
    }
    CHECK("threads_max_is_shown_and_above_rlimit_nproc",
          threads_max > 0 && (rl.rlim_cur == RLIM_INFINITY || (long)rl.rlim_cur <= threads_max));
    rl.rlim_cur = rl.rlim_max + 1;
    errno = 0;
    CHECK("setrlimit_cur_above_max_is_einval",
          rl.rlim_max == RLIM_INFINITY || (setrlimit(RLIMIT_NPROC, &rl) == -1 && errno == EINVAL));
}

/* SIGKILL while threads sleep in read, futex, nanosleep and pause. */
static pthread_mutex_t never_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never_cond = PTHREAD_COND_INITIALIZER;

static void *in_cond_wait(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&never_lock);
    for (;;)
        pthread_cond_wait(&never_cond, &never_lock);
    return NULL;
}

static void *in_read(void *arg)
{
    char c;
    for (;;)
        (void)!read((int)(long)arg, &c, 1);
    return NULL;
}

static void *in_sleep(void *arg)
{
    (void)arg;
    for (;;)
        sleep(100);
    return NULL;
}

static void busy_blocked_process(void)
{
    int fds[2];
    if (pipe(fds))
        _exit(1);
    pthread_t t;
    pthread_create(&t, NULL, in_cond_wait, NULL);
    pthread_create(&t, NULL, in_read, (void *)(long)fds[0]);
    pthread_create(&t, NULL, in_sleep, NULL);
    for (;;)
        pause();
}

static long kernel_heap_kb(void)
{
    return status_field("/proc/meminfo", "KernelHeap");
}

static void kill_blocked_threads(void)
{
    long heap_before = kernel_heap_kb();
    long free_before = status_field("/proc/meminfo", "MemFree");
    int all_killed = 1;
    for (int round = 0; round < 10; round++) {
        pid_t pid = fork();
        if (pid == 0)
            busy_blocked_process();
        sleep_ms(30);
        kill(pid, SIGKILL);
        int st;
        all_killed &= waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
    }
    CHECK("sigkill_ends_threads_blocked_in_syscalls", all_killed);
    if (heap_before >= 0) { /* pagelab only: Linux has no KernelHeap line */
        sleep_ms(50); /* the idle loop frees the last kernel stacks */
        long heap_after = kernel_heap_kb();
        char detail[96];
        snprintf(detail, sizeof detail, "KernelHeap %ld kB before, %ld kB after", heap_before,
                 heap_after);
        check("killed_threads_leave_no_kernel_memory", heap_after <= heap_before + 16, detail);
        long free_after = status_field("/proc/meminfo", "MemFree");
        snprintf(detail, sizeof detail, "MemFree %ld kB before, %ld kB after", free_before,
                 free_after);
        check("killed_threads_leave_no_frames", free_after >= free_before - 16, detail);
    }
}

/* "threads ps-T": two more threads while /bin/ps -T runs (the suite reads
   its listing). */
static int run_ps_with_threads(void)
{
    pthread_t t;
    for (int i = 0; i < 2; i++)
        pthread_create(&t, NULL, hold_until_go, NULL);
    sem_wait(&ready);
    sem_wait(&ready);
    printf("threads pid %d\n", (int)getpid());
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/ps", "ps", "-T", (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "exec-child") == 0)
        return exec_child(argv[2]);
    if (argc == 2 && strcmp(argv[1], "exit-7") == 0)
        return 7;
    if (argc == 2 && strcmp(argv[1], "ps-T") == 0)
        return run_ps_with_threads();
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* Run by name from $PATH (pagelab's shell does), argv[0] has no slash. */
    static char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s", strchr(argv[0], '/') ? "" : "/bin/", argv[0]);
    self_path = path;
    main_pid = getpid();
    main_tid = gettid_();
    create_join_mutex();
    ids_of_threads();
    shared_state();
    tls_once_keys();
    condvars();
    rwlocks();
    barriers();
    semaphores();
    detach();
    signals_and_threads();
    suspend_mask();
    aborting();
    exit_semantics();
    wait_and_fork();
    exec_from_thread();
    spawn_vfork();
    real_vfork();
    procfs_threads();
    blocked_sibling();
    sem_undo_per_process();
    concurrent_mappings();
    cpu_times();
    timers();
    bad_input();
    clone_files_or_fs();
    limits();
    kill_blocked_threads();
    return failures;
}
