/*
 * tests/user/fuzzfound.c: one check per kernel bug sysfuzz found (user/sysfuzz),
 * each named after what it proves, so that none comes back.  Runs on Linux
 * first (the expectations are Linux's), then inside pagelab.
 */
#define _GNU_SOURCE
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int gone(pid_t pid)
{
    char path[32];
    snprintf(path, sizeof path, "/proc/%d", (int)pid);
    struct stat st;
    return stat(path, &st) < 0;
}

/* A child made by clone with no exit signal outlives its parent: the new
   parent (a subreaper on Linux; init on pagelab, which has no prctl) sees
   it as an ordinary child, reaps it with a plain wait, and it is gone.
   (pagelab kept the child's exit signal, so init's wait() never matched
   the zombie: every such orphan stayed in the process table.) */
static void orphan_of_clone_is_reaped(void)
{
    int subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
    int p[2];
    if (pipe(p) < 0) {
        check("orphan_made_by_clone_without_exit_signal_is_reaped_by_its_new_parent", 0, "pipe");
        return;
    }
    pid_t middle = fork();
    if (middle == 0) {
        /* flags 0: no CSIGNAL bits, so no signal to the parent at exit */
        long g = syscall(SYS_clone, 0L, 0L, 0L, 0L, 0L);
        if (g == 0)
            _exit(0);
        write(p[1], &g, sizeof g);
        _exit(0);
    }
    long g = -1;
    read(p[0], &g, sizeof g);
    waitpid(middle, NULL, 0);
    int ok = 0;
    if (subreaper) {
        /* Linux: we are its parent now, and a plain waitpid matches it */
        ok = g > 0 && waitpid((pid_t)g, NULL, 0) == (pid_t)g;
    } else {
        struct timespec tick = {0, 20 * 1000000};
        for (int i = 0; i < 150 && !(ok = g > 0 && gone((pid_t)g)); i++)
            nanosleep(&tick, NULL);
    }
    check("orphan_made_by_clone_without_exit_signal_is_reaped_by_its_new_parent", ok,
          subreaper ? "waitpid of the orphan failed" : "/proc/PID of the orphan is still there after 3 s");
    close(p[0]);
    close(p[1]);
}

static void drop_caches(void)
{
    sync();
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd >= 0) {
        write(fd, "3\n", 2); /* pagelab, or Linux as root: the next lookups read the disk */
        close(fd);
    }
}

/* Several processes make the same directory at once: exactly one mkdir
   succeeds, the others fail with EEXIST, and the name is in its directory
   once.  (pagelab's mkdir looked the name up, slept on the disk, then
   added it: two could both find it free, and ext2 got two entries, which
   e2fsck reported.  The same held for open(O_CREAT), mknod, link, rename.) */
static void concurrent_mkdir_makes_one_entry(void)
{
    const char *top = "/tmp/fuzzfound.mkdir";
    char dir[64];
    int bad_round = -1, successes = 0, entries = 0;
    mkdir(top, 0755);
    for (int round = 0; round < 20 && bad_round < 0; round++) {
        snprintf(dir, sizeof dir, "%s/d%d", top, round);
        drop_caches();
        int go[2];
        if (pipe(go) < 0)
            break;
        enum { RACERS = 4 };
        pid_t kids[RACERS];
        for (int i = 0; i < RACERS; i++) {
            kids[i] = fork();
            if (kids[i] == 0) {
                char c;
                close(go[1]);
                read(go[0], &c, 1); /* all start together */
                _exit(mkdir(dir, 0755) == 0 ? 0 : errno == EEXIST ? 1 : 2);
            }
        }
        close(go[0]);
        close(go[1]);
        successes = 0;
        int others = 0;
        for (int i = 0; i < RACERS; i++) {
            int st;
            waitpid(kids[i], &st, 0);
            successes += WIFEXITED(st) && WEXITSTATUS(st) == 0;
            others += !(WIFEXITED(st) && WEXITSTATUS(st) <= 1);
        }
        entries = 0;
        DIR *d = opendir(top);
        struct dirent *e;
        char want[16];
        snprintf(want, sizeof want, "d%d", round);
        while (d && (e = readdir(d)))
            entries += strcmp(e->d_name, want) == 0;
        if (d)
            closedir(d);
        if (successes != 1 || others || entries != 1)
            bad_round = round;
    }
    char detail[128];
    snprintf(detail, sizeof detail, "round %d: %d mkdirs succeeded, %d entries", bad_round, successes,
             entries);
    check("concurrent_mkdir_of_one_name_succeeds_once_and_makes_one_entry", bad_round < 0, detail);
    for (int round = 0; round < 20; round++) {
        snprintf(dir, sizeof dir, "%s/d%d", top, round);
        while (rmdir(dir) == 0)
            ;
    }
    rmdir(top);
}

/* A traced process stops its own tracing: pagelab_trace(-1) (pagelab's
   syscall 1002; ENOSYS on Linux) returns and the process goes on.
   (pagelab wrote the line of that very call to the trace file it had just
   dropped: a NULL pointer, a kernel page fault, a panic.) */
static void stopping_trace_while_traced_returns(void)
{
    int null = open("/dev/null", O_WRONLY);
    long start = syscall(1002, null, 0);
    long stop = syscall(1002, -1, 0);
    int linux_enosys = start < 0 && errno == ENOSYS;
    check("stopping_a_trace_from_the_traced_call_itself_returns", (start == 0 && stop == 0) || linux_enosys,
          "pagelab_trace failed");
    close(null);
}

/* pagelab_trace takes only a file that takes lines of text, open for
   writing (ENOSYS on Linux).  (pagelab traced to an eventfd: each line was
   read as a huge number, so every later call of the process blocked in
   eventfd_write; sysfuzz's workers stalled there.) */
static long trace_to(int fd, int *err)
{
    errno = 0;
    long r = syscall(1002, fd, 0);
    *err = errno;
    syscall(1002, -1, 0); /* in case it was taken */
    return r;
}

static void trace_only_to_files_that_take_text(void)
{
    int e, efd = (int)syscall(SYS_eventfd2, 0, 0);
    long r = trace_to(efd, &e);
    check("tracing_to_an_eventfd_is_einval_not_a_stall", (r == -1 && e == EINVAL) || (r == -1 && e == ENOSYS),
          "pagelab_trace(eventfd)");
    close(efd);
    int ro = open("/dev/null", O_RDONLY);
    r = trace_to(ro, &e);
    check("tracing_to_a_read_only_descriptor_is_ebadf", (r == -1 && e == EBADF) || (r == -1 && e == ENOSYS),
          "pagelab_trace(O_RDONLY fd)");
    close(ro);
}

/* A CLONE_VFORK child reaped before its creator wakes: the creator must not
   touch it after the wait.  Here the child is a CLONE_PARENT one, so this
   process reaps it, spinning so that it runs before the creator does.
   (pagelab's creator cleared a field of the freed child; kmalloc's poison
   check stopped the kernel at the next allocation of that memory.) */
static void vfork_child_reaped_before_its_creator_wakes(void)
{
    int reaped = 0, rounds = 40;
    for (int i = 0; i < rounds; i++) {
        pid_t creator = fork();
        if (creator == 0) {
            long r = syscall(SYS_clone, CLONE_VFORK | CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
            _exit(r == 0 ? 0 : r > 0 ? 0 : 3);
        }
        int left = 2;
        for (int spins = 0; left > 0 && spins < 1000000; spins++) {
            int st;
            if (waitpid(-1, &st, WNOHANG) > 0) {
                left--;
                reaped += WIFEXITED(st) && WEXITSTATUS(st) == 0;
            } else {
                sched_yield();
            }
        }
    }
    check("vfork_child_reaped_before_its_creator_wakes_is_left_alone", reaped == 2 * rounds,
          "a creator or its CLONE_PARENT child did not end with 0");
}

/* A memfd fallocate of a huge range is refused (ENOSPC: all memfds share
   half of RAM, as a tmpfs mount) instead of taking every frame.  (pagelab
   let it allocate until the OOM killer killed the shell, which held no
   part of it.)  Linux would allocate until memory ran out: pagelab only. */
static void huge_memfd_fallocate_is_refused(void)
{
    struct utsname u;
    if (uname(&u) != 0 || strcmp(u.sysname, "pagelab") != 0) {
        check("huge_memfd_fallocate_is_enospc_not_an_oom_kill", 1, "");
        return;
    }
    int fd = (int)syscall(SYS_memfd_create, "huge", 0);
    errno = 0;
    long r = syscall(SYS_fallocate, fd, 0, 0L, 1L << 40);
    check("huge_memfd_fallocate_is_enospc_not_an_oom_kill", r == -1 && errno == ENOSPC,
          "fallocate(memfd, 0, 0, 1 TiB)");
    close(fd);
}

/* kill(INT_MIN, sig) names no process group (-INT_MIN does not exist):
   ESRCH, and nobody is signalled.  (pagelab negated it: undefined.) */
static void kill_of_int_min_is_esrch(void)
{
    errno = 0;
    int r = kill(-2147483647 - 1, 0);
    check("kill_of_int_min_fails_with_esrch", r == -1 && errno == ESRCH, "kill(INT_MIN, 0)");
}

static volatile sig_atomic_t usr1_count;
static void on_usr1(int sig) { (void)sig; usr1_count++; }

/* A child made with clone(CLONE_PARENT | SIGUSR1) is its creator's sibling;
   when it exits, their parent gets the creator's exit signal (SIGCHLD),
   not SIGUSR1.  (pagelab sent the signal asked for, so any process could
   have its parent killed by a signal of its choosing.) */
static void clone_parent_child_ends_with_the_creators_exit_signal(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    usr1_count = 0;
    int p[2];
    if (pipe(p) < 0)
        return;
    pid_t creator = fork();
    if (creator == 0) {
        long c = syscall(SYS_clone, (long)(0x00008000 /* CLONE_PARENT */ | SIGUSR1), 0L, 0L, 0L, 0L);
        if (c == 0)
            _exit(0);
        write(p[1], &c, sizeof c);
        _exit(0);
    }
    long c = -1;
    read(p[0], &c, sizeof c);
    waitpid(creator, NULL, 0);
    int st = 0;
    pid_t r = c > 0 ? waitpid((pid_t)c, &st, 0x40000000 /* __WALL */) : -1;
    struct timespec pause_ms = {0, 50 * 1000000};
    nanosleep(&pause_ms, NULL);
    check("clone_parent_child_ends_with_its_creators_exit_signal_not_the_one_asked",
          r == (pid_t)c && usr1_count == 0, "SIGUSR1 reached the parent (or the child was not ours to reap)");
    sa.sa_handler = SIG_DFL;
    sigaction(SIGUSR1, &sa, NULL);
    close(p[0]);
    close(p[1]);
}

/* setpgid into a process group that does not exist is EPERM, so that no
   process can hide from its group's kill in a made-up one. */
static void setpgid_to_a_missing_group_is_eperm(void)
{
    pid_t c = fork();
    if (c == 0) {
        int bad = setpgid(0, 0x3fffffff) == 0 || errno != EPERM;
        int own = setpgid(0, 0) != 0 || getpgrp() != getpid();
        _exit(bad ? 1 : own ? 2 : 0);
    }
    int st = -1;
    waitpid(c, &st, 0);
    check("setpgid_to_a_missing_group_is_eperm", WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "the child joined a group nobody is in, or could not start its own");
}

int main(void)
{
    orphan_of_clone_is_reaped();
    concurrent_mkdir_makes_one_entry();
    stopping_trace_while_traced_returns();
    trace_only_to_files_that_take_text();
    vfork_child_reaped_before_its_creator_wakes();
    huge_memfd_fallocate_is_refused();
    kill_of_int_min_is_esrch();
    clone_parent_child_ends_with_the_creators_exit_signal();
    setpgid_to_a_missing_group_is_eperm();
    return failures;
}
