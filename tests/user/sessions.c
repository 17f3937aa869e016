/*
 * tests/user/sessions.c: process groups and sessions as Linux has them,
 * checked on Linux first and then unmodified in pagelab: setsid and its
 * EPERM for a group leader, getsid, setpgid's rules (a child that has run
 * execve: EACCES; another session: EPERM; not a child: ESRCH; a session
 * leader stays put), and orphaned process groups: when a process's exit
 * leaves a group with a stopped member nobody outside can continue, the
 * group gets SIGHUP and SIGCONT, and SIGTSTP no longer stops it; and
 * prctl(PR_SET_CHILD_SUBREAPER): orphans go to the nearest subreaper.
 *
 * Every child reports through a pipe or its exit status, so the checks
 * hold whatever session and group the test itself was started in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define REPORT_MS 10000 /* what a child has to say, it says well within this */

/* Reads what children write to fd until EOF (every writer gone) or the
   time runs out; returns the bytes, NUL-terminated. */
static char *read_report(int fd, char *buf, size_t size)
{
    size_t n = 0;
    struct pollfd p = { fd, POLLIN, 0 };
    while (n + 1 < size && poll(&p, 1, REPORT_MS) == 1) {
        ssize_t r = read(fd, buf + n, size - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    return buf;
}

/* Runs fn in a child; its exit status says which of its checks failed
   (a bit each), 0 if none. */
static int in_child(int (*fn)(void))
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(fn());
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 255;
    return WEXITSTATUS(status);
}

static int new_session(void)
{
    int bad = 0;
    pid_t me = getpid();
    if (setsid() != me)
        bad |= 1;
    if (getsid(0) != me || getsid(me) != me || getpgrp() != me)
        bad |= 2;
    if (setsid() != -1 || errno != EPERM) /* already a session leader */
        bad |= 4;
    if (setpgid(0, 0) != -1 || errno != EPERM) /* a session leader stays in its group */
        bad |= 8;
    return bad;
}

static int group_leader_setsid(void)
{
    if (setpgid(0, 0) != 0)
        return 1;
    if (setsid() != -1 || errno != EPERM) /* a group of its number exists */
        return 2;
    return 0;
}

static void session_calls(void)
{
    /* Not "> 0": in a container whose session leader lives outside the pid
       namespace (CI runners), Linux's getsid answers 0. */
    CHECK("getsid_0_is_getsid_self", getsid(0) == getsid(getpid()) && getsid(0) >= 0);
    errno = 0;
    CHECK("getsid_unknown_pid_is_esrch", getsid(999999) == -1 && errno == ESRCH);
    int r = in_child(new_session);
    CHECK("setsid_makes_session_and_group", !(r & 3) && r != 255);
    CHECK("setsid_twice_is_eperm", !(r & 4) && r != 255);
    CHECK("setpgid_of_session_leader_is_eperm", !(r & 8) && r != 255);
    CHECK("setsid_of_group_leader_is_eperm", in_child(group_leader_setsid) == 0);
    /* Our parent is a process that is certainly not our child; pid 1 stands in
       when the parent is outside our pid namespace (getppid() is then 0). */
    pid_t not_a_child = getppid() > 0 ? getppid() : 1;
    errno = 0;
    CHECK("setpgid_of_non_child_is_esrch",
          setpgid(not_a_child, not_a_child) == -1 && errno == ESRCH);
    errno = 0;
    CHECK("setpgid_negative_is_einval", setpgid(0, -1) == -1 && errno == EINVAL);
}

/* A child in a session of its own (it says so through `go`), waiting to
   be killed: the parent's setpgid and getsid on it. */
static void other_session(void)
{
    int go[2];
    if (pipe(go) < 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        close(go[0]);
        setsid();
        write(go[1], "s", 1);
        pause();
        _exit(0);
    }
    close(go[1]);
    char c;
    int ready = read(go[0], &c, 1) == 1;
    close(go[0]);
    CHECK("getsid_of_child_in_own_session", ready && getsid(pid) == pid);
    errno = 0;
    CHECK("setpgid_of_child_in_other_session_is_eperm",
          setpgid(pid, pid) == -1 && errno == EPERM);
    errno = 0;
    CHECK("setpgid_into_group_of_other_session_is_eperm",
          setpgid(0, pid) == -1 && errno == EPERM);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* setpgid on a child works until the child runs execve (EACCES after). */
static void after_exec(const char *self)
{
    int gate[2];
    if (pipe2(gate, O_CLOEXEC) < 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        char buf;
        close(gate[1]);
        /* Waits for the parent's first setpgid, then runs itself anew. */
        if (read(gate[0], &buf, 1) != 1)
            _exit(1);
        execl("/proc/self/exe", self, "--pause", (char *)NULL);
        execlp(self, self, "--pause", (char *)NULL);
        _exit(127);
    }
    close(gate[0]);
    CHECK("setpgid_of_child_before_exec", setpgid(pid, pid) == 0 && getpgid(pid) == pid);
    write(gate[1], "g", 1);
    close(gate[1]);
    /* Nothing portable shows the exec happen: setpgid is tried until it
       refuses (before the exec it succeeds, keeping the child in a group
       of this session). */
    int r = 0;
    for (int i = 0; i < 2000; i++) {
        errno = 0;
        r = setpgid(pid, getpgrp());
        if (r == -1 && errno == EACCES)
            break;
        usleep(5000);
    }
    CHECK("setpgid_of_child_after_exec_is_eacces", r == -1 && errno == EACCES);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static int report_fd = -1;

static void say(int sig)
{
    char c = sig == SIGHUP ? 'H' : sig == SIGCONT ? 'C' : '?';
    write(report_fd, &c, 1);
}

/* The member of the group to be orphaned: stops, and says what it got
   when it runs again: 'H' and 'C' from its handlers, 'T' once a SIGTSTP
   (default action) has not stopped it, then goes. */
static void stopped_member(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = say;
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGCONT, &sa, NULL);
    raise(SIGSTOP);
    raise(SIGTSTP); /* an orphaned group's: discarded */
    write(report_fd, "T", 1);
    _exit(0);
}

/* In a session of its own (so that whoever adopts the orphan, init or a
   subreaper of the test's, is outside it), the middle process starts a
   group, makes a member that stops, and exits: the group it leaves has a
   stopped member and no tie to the session but the middle's parent. */
static void middle(void)
{
    setsid();
    pid_t mid = fork();
    if (mid != 0) {
        if (mid > 0)
            waitpid(mid, NULL, 0);
        _exit(0);
    }
    setpgid(0, 0);
    pid_t member = fork();
    if (member == 0)
        stopped_member();
    int status;
    if (member < 0 || waitpid(member, &status, WUNTRACED) != member || !WIFSTOPPED(status))
        write(report_fd, "!", 1);
    _exit(0); /* the group is orphaned now */
}

static void orphaned_group(void)
{
    int rep[2];
    if (pipe(rep) < 0)
        return;
    report_fd = rep[1];
    pid_t pid = fork();
    if (pid == 0) {
        close(rep[0]);
        middle();
    }
    close(rep[1]);
    waitpid(pid, NULL, 0);
    char buf[16];
    read_report(rep[0], buf, sizeof buf);
    close(rep[0]);
    /* Both handlers have run before raise returns: in which order is the
       kernel's affair (Linux sets SIGCONT's frame on top of SIGHUP's, so
       SIGCONT's handler runs first). */
    int both = (strncmp(buf, "HC", 2) == 0 || strncmp(buf, "CH", 2) == 0);
    CHECK("orphaned_group_with_stopped_member_gets_sighup_and_sigcont", both);
    CHECK("sigtstp_does_not_stop_an_orphaned_group", both && strcmp(buf + 2, "T") == 0);
    if (!both || strcmp(buf + 2, "T") != 0)
        printf("# the orphaned member said \"%s\"\n", buf);
}

/* As the subreaper R: a grandchild whose parent ends comes to R, alive
   (it sees its new parent) or as a zombie (R reaps it); the flag is not
   inherited by fork.  Bits of the exit status say what failed. */
static int subreaper(void)
{
    int bad = 0, on = -1;
    if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 || prctl(PR_GET_CHILD_SUBREAPER, &on) != 0 || on != 1)
        return 1;
    pid_t me = getpid();
    int rep[2];
    if (pipe(rep) < 0)
        return 2;
    pid_t mid = fork();
    if (mid == 0) {
        int child_on = -1;
        prctl(PR_GET_CHILD_SUBREAPER, &child_on);
        if (fork() == 0) { /* lives on: says who its parent is once mid is gone */
            pid_t was = getppid();
            for (int i = 0; i < 2000 && getppid() == was; i++)
                usleep(5000);
            pid_t now = getppid();
            write(rep[1], &now, sizeof now);
            _exit(0);
        }
        if (fork() == 0) /* ends at once: a zombie when mid ends */
            _exit(7);
        usleep(100000);
        _exit(child_on == 0 ? 0 : 1);
    }
    close(rep[1]);
    int st;
    if (waitpid(mid, &st, 0) != mid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        bad |= 4; /* the flag was inherited */
    pid_t adopter = 0;
    if (read(rep[0], &adopter, sizeof adopter) != sizeof adopter || adopter != me)
        bad |= 8;
    int reaped = 0, zombie_status = 0;
    for (int i = 0; i < 2; i++) {
        pid_t r = waitpid(-1, &st, 0);
        if (r > 0) {
            reaped++;
            if (WIFEXITED(st) && WEXITSTATUS(st) == 7)
                zombie_status = 1;
        }
    }
    if (reaped != 2 || !zombie_status)
        bad |= 16;
    return bad;
}

static void child_subreaper(void)
{
    int r = in_child(subreaper);
    CHECK("pr_set_child_subreaper_sets_the_flag", r != 255 && !(r & 3));
    CHECK("child_subreaper_flag_is_not_inherited", r != 255 && !(r & 4));
    CHECK("subreaper_adopts_a_living_orphan", r != 255 && !(r & 8));
    CHECK("subreaper_reaps_an_orphaned_zombie", r != 255 && !(r & 16));
}

/* A stopped process is 'T' in /proc/PID/stat and "T (stopped)" in status. */
static void stopped_state(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGSTOP);
        _exit(0);
    }
    int st;
    char path[64], buf[512] = "";
    int stopped = waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st);
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (f) {
        if (!fgets(buf, sizeof buf, f))
            buf[0] = 0;
        fclose(f);
    }
    char *end = strrchr(buf, ')');
    CHECK("stopped_process_is_T_in_proc_stat", stopped && end && end[1] == ' ' && end[2] == 'T');
    int in_status = 0;
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    if ((f = fopen(path, "r"))) {
        while (fgets(buf, sizeof buf, f))
            in_status |= strcmp(buf, "State:\tT (stopped)\n") == 0;
        fclose(f);
    }
    CHECK("stopped_process_is_T_in_proc_status", stopped && in_status);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* pidfd_open(2), pidfd_send_signal(2), waitid(P_PIDFD) and poll on a
   pidfd: a descriptor that names one process. */
static volatile sig_atomic_t usr1_seen;
static void on_usr1(int sig) { usr1_seen = sig; }

static int pidfd_open_(pid_t pid, unsigned flags) { return (int)syscall(SYS_pidfd_open, pid, flags); }
static int pidfd_send(int fd, int sig, unsigned flags)
{
    return (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, flags);
}

static int readable(int fd)
{
    struct pollfd p = { fd, POLLIN, 0 };
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void pidfd_calls(void)
{
    signal(SIGUSR1, on_usr1);
    pid_t c = fork();
    if (c == 0) {
        while (!usr1_seen)
            pause();
        _exit(7);
    }
    int fd = pidfd_open_(c, 0);
    CHECK("pidfd_open_of_a_child_is_close_on_exec", fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
    CHECK("pidfd_of_a_running_process_is_not_readable", fd >= 0 && !readable(fd));
    CHECK("pidfd_send_signal_reaches_the_process", pidfd_send(fd, SIGUSR1, 0) == 0);
    struct pollfd pf = { fd, POLLIN, 0 };
    CHECK("pidfd_is_readable_once_the_process_ended", poll(&pf, 1, 10000) == 1 && (pf.revents & POLLIN));
    siginfo_t si;
    memset(&si, 0, sizeof si);
    CHECK("waitid_p_pidfd_reaps_the_child",
          waitid(P_PIDFD, (id_t)fd, &si, WEXITED) == 0 && si.si_pid == c && si.si_code == CLD_EXITED &&
              si.si_status == 7);
    errno = 0;
    CHECK("pidfd_send_signal_after_reaping_esrch", pidfd_send(fd, 0, 0) == -1 && errno == ESRCH);
    errno = 0;
    CHECK("waitid_p_pidfd_after_reaping_echild", waitid(P_PIDFD, (id_t)fd, &si, WEXITED | WNOHANG) == -1 &&
                                                     errno == ECHILD);
    close(fd);

    int self = pidfd_open_(getpid(), 0);
    errno = 0;
    CHECK("pidfd_send_signal_with_unknown_flags_einval", pidfd_send(self, 0, 0x100) == -1 && errno == EINVAL);
    CHECK("pidfd_send_signal_0_to_self_ok", pidfd_send(self, 0, 0) == 0);
    errno = 0;
    CHECK("waitid_p_pidfd_of_a_non_child_echild", waitid(P_PIDFD, (id_t)self, &si, WEXITED | WNOHANG) == -1 &&
                                                      errno == ECHILD);
    close(self);
    int p[2];
    pipe(p);
    errno = 0;
    CHECK("pidfd_send_signal_on_a_pipe_ebadf", pidfd_send(p[0], 0, 0) == -1 && errno == EBADF);
    close(p[0]);
    close(p[1]);
    errno = 0;
    CHECK("pidfd_open_of_pid_0_einval", pidfd_open_(0, 0) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("pidfd_open_with_bad_flags_einval", pidfd_open_(getpid(), 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("pidfd_open_of_nobody_esrch", pidfd_open_(0x3fffffff, 0) == -1 && errno == ESRCH);

    int cfd = -1;
    long r = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &cfd, 0, 0);
    if (r == 0)
        _exit(5);
    memset(&si, 0, sizeof si);
    CHECK("clone_pidfd_gives_the_parent_a_close_on_exec_pidfd",
          r > 0 && cfd >= 0 && (fcntl(cfd, F_GETFD) & FD_CLOEXEC));
    CHECK("waitid_on_a_clone_pidfd_reaps_that_child",
          waitid(P_PIDFD, (id_t)cfd, &si, WEXITED) == 0 && si.si_pid == r && si.si_status == 5);
    close(cfd);
    errno = 0;
    CHECK("clone_pidfd_with_parent_settid_einval",
          syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &cfd, 0, 0) == -1 && errno == EINVAL);
    signal(SIGUSR1, SIG_DFL);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--pause") == 0) {
        pause();
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    session_calls();
    other_session();
    after_exec(argv[0]);
    orphaned_group();
    child_subreaper();
    stopped_state();
    pidfd_calls();
    return failures;
}
