/*
 * tests/user/schedcalls.c: scheduling attributes, prctl, positioned vector
 * I/O and robust futexes, checked on Linux first and then in pagelab.
 * One line per check ("ok NAME" / "FAIL NAME: ..."), exit status =
 * failures.  Runs as root on both (pagelab's processes run as root).
 *
 *   policies   sched_getscheduler/setscheduler/getparam/setparam, the
 *              priority ranges, SCHED_RESET_ON_FORK, EINVAL and ESRCH
 *   nice       getpriority/setpriority/nice (per thread), inherited by fork,
 *              reset by SCHED_RESET_ON_FORK when negative
 *   cpus       sched_getaffinity (CPU 0 in the set, as many as online),
 *              sched_setaffinity, getcpu, sched_rr_get_interval
 *   prctl      PR_SET_NAME (seen in /proc/self/comm), PR_SET_PDEATHSIG
 *              (the signal arrives when the parent ends), PR_*_DUMPABLE
 *   vectors    preadv, pwritev, preadv2/pwritev2 (offset -1, RWF_APPEND),
 *              ESPIPE on a pipe, EINVAL for a negative offset
 *   robust     a process dies holding a robust process-shared mutex: the
 *              next locker gets EOWNERDEAD, set_robust_list/get_robust_list
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int child_status(pid_t pid)
{
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

static int exited_0(int st) { return WIFEXITED(st) && WEXITSTATUS(st) == 0; }

/* ---- policies ------------------------------------------------------------ */

/* musl's sched_getscheduler and friends do not make the calls (they
   return ENOSYS: POSIX means the process, Linux's calls take a thread), so
   the checks make them raw.  Our libc's make them. */
static int getsched(pid_t pid) { return (int)syscall(SYS_sched_getscheduler, pid); }
static int setsched(pid_t pid, int policy, const struct sched_param *p)
{
    return (int)syscall(SYS_sched_setscheduler, pid, policy, p);
}
static int getparam(pid_t pid, struct sched_param *p)
{
    return (int)syscall(SYS_sched_getparam, pid, p);
}
static int setparam(pid_t pid, const struct sched_param *p)
{
    return (int)syscall(SYS_sched_setparam, pid, p);
}

static void policies(void)
{
    struct sched_param sp = { 0 };
    CHECK("default_policy_is_other", getsched(0) == SCHED_OTHER);
    CHECK("getparam_of_other_is_0", getparam(0, &sp) == 0 && sp.sched_priority == 0);
    CHECK("fifo_range_is_1_99",
          sched_get_priority_min(SCHED_FIFO) == 1 && sched_get_priority_max(SCHED_FIFO) == 99);
    CHECK("rr_range_is_1_99",
          sched_get_priority_min(SCHED_RR) == 1 && sched_get_priority_max(SCHED_RR) == 99);
    CHECK("other_range_is_0",
          sched_get_priority_min(SCHED_OTHER) == 0 && sched_get_priority_max(SCHED_OTHER) == 0);
    CHECK("unknown_policy_range_is_einval", sched_get_priority_max(42) == -1 && errno == EINVAL);
    CHECK("set_batch", setsched(0, SCHED_BATCH, &sp) == 0 &&
                           getsched(0) == SCHED_BATCH);
    CHECK("set_idle", setsched(0, SCHED_IDLE, &sp) == 0 &&
                          getsched(0) == SCHED_IDLE);
    sp.sched_priority = 5;
    CHECK("other_with_a_priority_is_einval",
          setsched(0, SCHED_OTHER, &sp) == -1 && errno == EINVAL);
    CHECK("fifo_priority_0_is_einval", (sp.sched_priority = 0,
                                        setsched(0, SCHED_FIFO, &sp) == -1 &&
                                            errno == EINVAL));
    CHECK("unknown_policy_is_einval", setsched(0, 42, &sp) == -1 && errno == EINVAL);
    CHECK("null_param_is_einval",
          syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL) == -1 && errno == EINVAL);
    CHECK("bad_param_is_efault",
          syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, (void *)8) == -1 && errno == EFAULT);
    CHECK("negative_pid_is_einval", getsched(-1) == -1 && errno == EINVAL);
    CHECK("missing_pid_is_esrch", getsched(999999) == -1 && errno == ESRCH);
    CHECK("setparam_keeps_the_policy",
          setparam(0, &sp) == 0 && getsched(0) == SCHED_IDLE);
    CHECK("reset_on_fork_is_reported",
          setsched(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp) == 0 &&
              getsched(0) == (SCHED_OTHER | SCHED_RESET_ON_FORK));
    /* The child gets neither the flag nor a negative nice value. */
    setpriority(PRIO_PROCESS, 0, -3);
    pid_t pid = fork();
    if (pid == 0)
        _exit(getsched(0) == SCHED_OTHER && getpriority(PRIO_PROCESS, 0) == 0 ? 0 : 1);
    CHECK("reset_on_fork_child_gets_defaults", exited_0(child_status(pid)));
    CHECK("back_to_other", setsched(0, SCHED_OTHER, &sp) == 0 &&
                               getsched(0) == SCHED_OTHER);
    setpriority(PRIO_PROCESS, 0, 0);
}

/* ---- nice values --------------------------------------------------------- */

static void *thread_nice(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)getpriority(PRIO_PROCESS, 0);
}

static void nice_values(void)
{
    errno = 0;
    CHECK("nice_starts_at_0", getpriority(PRIO_PROCESS, 0) == 0 && errno == 0);
    CHECK("setpriority_5", setpriority(PRIO_PROCESS, 0, 5) == 0 &&
                               getpriority(PRIO_PROCESS, 0) == 5);
    CHECK("by_own_pid", getpriority(PRIO_PROCESS, getpid()) == 5);
    CHECK("nice_adds", nice(2) == 7 && getpriority(PRIO_PROCESS, 0) == 7);
    CHECK("clamped_to_19", setpriority(PRIO_PROCESS, 0, 100) == 0 &&
                               getpriority(PRIO_PROCESS, 0) == 19);
    CHECK("root_may_lower_it", setpriority(PRIO_PROCESS, 0, -100) == 0 &&
                                   getpriority(PRIO_PROCESS, 0) == -20);
    errno = 0;
    CHECK("negative_nice_is_not_an_error", getpriority(PRIO_PROCESS, 0) == -20 && errno == 0);
    setpriority(PRIO_PROCESS, 0, 4);
    pid_t pid = fork();
    if (pid == 0)
        _exit(getpriority(PRIO_PROCESS, 0) == 4 ? 0 : 1);
    CHECK("fork_inherits_nice", exited_0(child_status(pid)));
    pthread_t t;
    void *seen = NULL;
    CHECK("thread_inherits_nice", pthread_create(&t, NULL, thread_nice, NULL) == 0 &&
                                      pthread_join(t, &seen) == 0 && (intptr_t)seen == 4);
    CHECK("pgrp_sees_it", getpriority(PRIO_PGRP, 0) <= 4);
    CHECK("bad_which_is_einval", getpriority(7, 0) == -1 && errno == EINVAL);
    CHECK("missing_pid_is_esrch",
          setpriority(PRIO_PROCESS, 999999, 1) == -1 && errno == ESRCH);
    CHECK("user_0_matches_root", getpriority(PRIO_USER, 0) != -1);
    setpriority(PRIO_PROCESS, 0, 0);
}

/* ---- CPUs ------------------------------------------------------------------ */

static void cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CHECK("getaffinity", sched_getaffinity(0, sizeof set, &set) == 0);
    CHECK("cpu_0_is_in_the_set", CPU_ISSET(0, &set));
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    CHECK("as_many_as_online", online >= 1 && CPU_COUNT(&set) == online);
    long raw = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
    CHECK("raw_returns_its_mask_size", raw >= 8 && raw % 8 == 0 && raw <= (long)sizeof set);
    CHECK("odd_length_is_einval",
          syscall(SYS_sched_getaffinity, 0, 3, &set) == -1 && errno == EINVAL);
    CHECK("bad_mask_is_efault",
          syscall(SYS_sched_getaffinity, 0, sizeof set, (void *)8) == -1 && errno == EFAULT);
    CHECK("setaffinity_to_the_same", sched_setaffinity(0, sizeof set, &set) == 0);
    cpu_set_t none;
    CPU_ZERO(&none);
    CHECK("empty_set_is_einval", sched_setaffinity(0, sizeof none, &none) == -1 && errno == EINVAL);
    CHECK("missing_pid_is_esrch",
          sched_getaffinity(999999, sizeof set, &set) == -1 && errno == ESRCH);
    unsigned cpu = 99, node = 99;
    CHECK("getcpu_is_an_online_cpu",
          syscall(SYS_getcpu, &cpu, &node, NULL) == 0 && cpu < (unsigned)online && node == 0);
    CHECK("sched_getcpu", sched_getcpu() >= 0);
    struct timespec ts = { -1, -1 };
    CHECK("rr_interval_of_other_is_a_slice", sched_rr_get_interval(0, &ts) == 0 &&
                                                 ts.tv_sec >= 0 && ts.tv_nsec >= 0 &&
                                                 ts.tv_nsec < 1000000000);
    CHECK("rr_interval_bad_pointer_is_efault",
          syscall(SYS_sched_rr_get_interval, 0, (void *)8) == -1 && errno == EFAULT);
}

/* ---- prctl ----------------------------------------------------------------- */

static int read_comm(char *out, size_t size)
{
    int fd = open("/proc/self/comm", O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, out, size - 1);
    close(fd);
    if (n <= 0)
        return -1;
    out[n] = '\0';
    if (out[n - 1] == '\n')
        out[n - 1] = '\0';
    return 0;
}

static volatile sig_atomic_t got_usr2;
static void on_usr2(int sig) { got_usr2 = sig; }

static void prctl_calls(void)
{
    char name[32] = { 0 }, comm[32];
    CHECK("set_name", prctl(PR_SET_NAME, "worker-1", 0, 0, 0) == 0);
    CHECK("get_name", prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && strcmp(name, "worker-1") == 0);
    CHECK("comm_shows_the_name", read_comm(comm, sizeof comm) == 0 && strcmp(comm, "worker-1") == 0);
    CHECK("long_name_is_cut_to_15", prctl(PR_SET_NAME, "abcdefghijklmnopqrstuvwxyz", 0, 0, 0) == 0 &&
                                        prctl(PR_GET_NAME, name, 0, 0, 0) == 0 &&
                                        strcmp(name, "abcdefghijklmno") == 0);
    CHECK("set_name_bad_pointer_is_efault",
          prctl(PR_SET_NAME, (char *)8, 0, 0, 0) == -1 && errno == EFAULT);
    prctl(PR_SET_NAME, "schedcalls", 0, 0, 0);
    CHECK("dumpable_by_default", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1);
    CHECK("set_not_dumpable", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 &&
                                  prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0);
    CHECK("dumpable_2_is_einval", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0) == -1 && errno == EINVAL);
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    int sig = -1;
    CHECK("pdeathsig_starts_at_0", prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) == 0 && sig == 0);
    CHECK("pdeathsig_bad_signal_is_einval",
          prctl(PR_SET_PDEATHSIG, 1000, 0, 0, 0) == -1 && errno == EINVAL);
    CHECK("unknown_option_is_einval", prctl(0x7fff0000, 0, 0, 0, 0) == -1 && errno == EINVAL);

    /* A grandchild asks for SIGUSR2 when its parent ends; the parent then
       exits and the grandchild reports through a pipe. */
    int p[2];
    if (pipe(p))
        return;
    pid_t middle = fork();
    if (middle == 0) {
        int ready[2];
        if (pipe(ready))
            _exit(2);
        pid_t g = fork();
        if (g == 0) {
            close(ready[0]);
            struct sigaction sa = { .sa_handler = on_usr2 };
            sigaction(SIGUSR2, &sa, NULL);
            int s = 0;
            prctl(PR_SET_PDEATHSIG, SIGUSR2, 0, 0, 0);
            prctl(PR_GET_PDEATHSIG, &s, 0, 0, 0);
            if (write(ready[1], "r", 1) != 1)
                _exit(3);
            for (int i = 0; i < 500 && !got_usr2; i++)
                usleep(10000);
            char msg = got_usr2 == SIGUSR2 && s == SIGUSR2 ? 'y' : 'n';
            _exit(write(p[1], &msg, 1) == 1 ? 0 : 4);
        }
        close(ready[1]);
        char c;
        _exit(read(ready[0], &c, 1) == 1 ? 0 : 5); /* the grandchild is set: end */
    }
    close(p[1]);
    child_status(middle);
    char msg = 0;
    CHECK("pdeathsig_arrives_when_the_parent_ends", read(p[0], &msg, 1) == 1 && msg == 'y');
    close(p[0]);
    pid_t fresh = fork();
    if (fresh == 0) {
        int s = -1;
        _exit(prctl(PR_GET_PDEATHSIG, &s, 0, 0, 0) == 0 && s == 0 ? 0 : 1);
    }
    CHECK("fork_clears_pdeathsig", exited_0(child_status(fresh)));
}

/* ---- positioned vectors ---------------------------------------------------- */

/* musl has no preadv2/pwritev2 wrappers: the raw calls (on x86-64 the
   offset is whole in the first of its two registers). */
#ifndef RWF_DSYNC
#define RWF_DSYNC  0x02
#define RWF_APPEND 0x10
#endif
static long raw_preadv2(int fd, const struct iovec *v, int n, long off, int flags)
{
    return syscall(SYS_preadv2, fd, v, n, off, 0, flags);
}
static long raw_pwritev2(int fd, const struct iovec *v, int n, long off, int flags)
{
    return syscall(SYS_pwritev2, fd, v, n, off, 0, flags);
}

static void vectors(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/schedcalls-vec.%d", dir, getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    CHECK("open_scratch_file", fd >= 0);
    if (fd < 0)
        return;
    char a[] = "hello ", b[] = "world";
    struct iovec w[2] = { { a, 6 }, { b, 5 } };
    CHECK("pwritev_writes_both", pwritev(fd, w, 2, 100) == 11);
    CHECK("pwritev_leaves_the_position", lseek(fd, 0, SEEK_CUR) == 0);
    char x[6] = { 0 }, y[6] = { 0 };
    struct iovec r[2] = { { x, 6 }, { y, 5 } };
    CHECK("preadv_reads_both", preadv(fd, r, 2, 100) == 11 && memcmp(x, "hello ", 6) == 0 &&
                                   memcmp(y, "world", 5) == 0);
    CHECK("preadv_past_the_end_is_0", preadv(fd, r, 2, 5000) == 0);
    CHECK("preadv_leaves_the_position", lseek(fd, 0, SEEK_CUR) == 0);
    CHECK("preadv_negative_offset_is_einval", preadv(fd, r, 2, -5) == -1 && errno == EINVAL);
    CHECK("preadv2_minus_1_uses_the_position",
          lseek(fd, 100, SEEK_SET) == 100 && raw_preadv2(fd, r, 1, -1, 0) == 6 &&
              lseek(fd, 0, SEEK_CUR) == 106);
    CHECK("pwritev2_append_goes_to_the_end",
          raw_pwritev2(fd, w, 1, 0, RWF_APPEND) == 6 && lseek(fd, 0, SEEK_END) == 117);
    CHECK("pwritev2_unknown_flag_is_eopnotsupp",
          raw_pwritev2(fd, w, 1, 0, 0x4000) == -1 && errno == EOPNOTSUPP);
    CHECK("pwritev2_dsync", raw_pwritev2(fd, w, 2, 0, RWF_DSYNC) == 11);
    int p[2];
    if (pipe(p) == 0) {
        CHECK("pwritev_on_a_pipe_is_espipe", pwritev(p[1], w, 1, 0) == -1 && errno == ESPIPE);
        CHECK("pread_on_a_pipe_is_espipe", pread(p[0], x, 1, 0) == -1 && errno == ESPIPE);
        CHECK("pwritev2_minus_1_on_a_pipe_writes", raw_pwritev2(p[1], w, 2, -1, 0) == 11);
        close(p[0]);
        close(p[1]);
    }
    CHECK("preadv_bad_fd_is_ebadf", preadv(-1, r, 1, 0) == -1 && errno == EBADF);
    close(fd);
    unlink(path);
}

/* ---- robust futexes -------------------------------------------------------- */

static void robust(void)
{
    void *head = NULL;
    size_t len = 0;
    CHECK("set_robust_list_bad_length_is_einval",
          syscall(SYS_set_robust_list, &head, 8) == -1 && errno == EINVAL);
    pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
    CHECK("robust_mutex_init", pthread_mutex_init(m, &a) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_mutex_lock(m);
        _exit(syscall(SYS_get_robust_list, 0, &head, &len) == 0 && head && len == 24 ? 0 : 1);
    }
    CHECK("holder_registered_its_list", exited_0(child_status(pid)));
    CHECK("lock_after_the_owner_died_is_eownerdead", pthread_mutex_lock(m) == EOWNERDEAD);
    CHECK("consistent_then_usable",
          pthread_mutex_consistent(m) == 0 && pthread_mutex_unlock(m) == 0 &&
              pthread_mutex_lock(m) == 0 && pthread_mutex_unlock(m) == 0);
    CHECK("get_robust_list_missing_pid_is_esrch",
          syscall(SYS_get_robust_list, 999999, &head, &len) == -1 && errno == ESRCH);
    munmap(m, 4096);
}

/* ---- the system's names ------------------------------------------------------ */

static int read_line(const char *path, char *out, size_t size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, out, size - 1);
    close(fd);
    if (n <= 0)
        return -1;
    out[n] = '\0';
    if (out[n - 1] == '\n')
        out[n - 1] = '\0';
    return 0;
}

/* On Linux the names are changed in a UTS namespace of the test's own, so
   the host keeps its name; pagelab has no namespaces (ENOSYS) and changes
   its own. */
static void names(void)
{
    struct utsname u;
    char proc[80];
    CHECK("uname_fills_the_names", uname(&u) == 0 && u.sysname[0] && u.release[0] && u.machine[0]);
    CHECK("hostname_file_is_the_node_name",
          read_line("/proc/sys/kernel/hostname", proc, sizeof proc) == 0 &&
              strcmp(proc, u.nodename) == 0);
    CHECK("ostype_file_is_the_sysname",
          read_line("/proc/sys/kernel/ostype", proc, sizeof proc) == 0 && strcmp(proc, u.sysname) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        if (unshare(CLONE_NEWUTS) != 0 && errno != ENOSYS)
            _exit(100);
        struct utsname v;
        char line[80], long_name[70];
        memset(long_name, 'x', sizeof long_name);
        /* The exit status is the number of the first check that fails. */
        if (sethostname("lab-host", 8) != 0)
            _exit(1);
        if (uname(&v) != 0 || strcmp(v.nodename, "lab-host") != 0)
            _exit(2);
        if (read_line("/proc/sys/kernel/hostname", line, sizeof line) != 0 ||
            strcmp(line, "lab-host") != 0)
            _exit(3);
        if (setdomainname("lab.example", 11) != 0 || uname(&v) != 0 ||
            strcmp(v.domainname, "lab.example") != 0)
            _exit(4);
        if (!(sethostname(long_name, 65) == -1 && errno == EINVAL))
            _exit(5);
        if (!(sethostname((char *)8, 4) == -1 && errno == EFAULT))
            _exit(6);
        if (sethostname(u.nodename, strlen(u.nodename)) != 0 ||
            setdomainname(u.domainname, strlen(u.domainname)) != 0)
            _exit(7);
        if (setuid(65534) != 0 || !(sethostname("nope", 4) == -1 && errno == EPERM))
            _exit(8);
        _exit(0);
    }
    int st = -1;
    waitpid(pid, &st, 0);
    if (WIFEXITED(st) && WEXITSTATUS(st) == 100) {
        printf("ok names_skipped_here: no UTS namespace to change them in\n");
        return;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "check %d failed", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    check("sethostname_setdomainname_as_linux", WIFEXITED(st) && WEXITSTATUS(st) == 0, detail);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    policies();
    nice_values();
    cpus();
    prctl_calls();
    vectors(argc > 1 ? argv[1] : "/tmp");
    robust();
    names();
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
