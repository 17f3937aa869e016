/*
 * tests/user/signalfd.c: signalfd(2), checked on Linux first and then
 * unmodified in pagelab: reading pending signals of the mask as struct
 * signalfd_siginfo (kill, sigqueue, a POSIX timer, SIGCHLD), several per
 * read, taking them, leaving the others; O_NONBLOCK, poll and epoll
 * readiness, a blocked read woken by another process, a new mask on an
 * existing descriptor, SFD_CLOEXEC/SFD_NONBLOCK, the errors, and a child
 * reading its own signals through the descriptor it inherited.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static sigset_t set_of(int a, int b)
{
    sigset_t s;
    sigemptyset(&s);
    if (a)
        sigaddset(&s, a);
    if (b)
        sigaddset(&s, b);
    return s;
}

static int pending(int sig)
{
    sigset_t p;
    sigpending(&p);
    return sigismember(&p, sig);
}

static void take(int sig)
{
    sigset_t s = set_of(sig, 0);
    struct timespec zero = { 0, 0 };
    while (sigtimedwait(&s, NULL, &zero) == sig)
        ;
}

static int readable(int fd, int ms)
{
    struct pollfd p = { fd, POLLIN, 0 };
    return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

int main(void)
{
    sigset_t blocked = set_of(SIGUSR1, SIGUSR2);
    sigaddset(&blocked, SIGRTMIN);
    sigaddset(&blocked, SIGCHLD);
    sigaddset(&blocked, SIGALRM);
    sigprocmask(SIG_SETMASK, &blocked, NULL);

    sigset_t m = set_of(SIGUSR1, SIGRTMIN);
    int fd = signalfd(-1, &m, SFD_NONBLOCK);
    CHECK("signalfd_makes_a_descriptor", fd >= 0);
    struct signalfd_siginfo si[4];
    errno = 0;
    CHECK("empty_nonblocking_read_is_eagain", read(fd, si, sizeof si[0]) < 0 && errno == EAGAIN);
    CHECK("poll_not_readable_while_none_pending", !readable(fd, 0));

    kill(getpid(), SIGUSR1);
    CHECK("poll_readable_once_a_signal_of_the_mask_is_pending", readable(fd, 0));
    errno = 0;
    CHECK("read_under_128_bytes_is_einval", read(fd, si, 127) < 0 && errno == EINVAL);
    memset(si, 0, sizeof si);
    CHECK("read_returns_one_128_byte_record", read(fd, si, sizeof si) == 128);
    CHECK("record_has_the_signal", si[0].ssi_signo == SIGUSR1);
    CHECK("record_of_kill_has_si_user_pid_and_uid",
          si[0].ssi_code == SI_USER && si[0].ssi_pid == (uint32_t)getpid() &&
              si[0].ssi_uid == (uint32_t)getuid());
    CHECK("read_takes_the_signal", !pending(SIGUSR1));

    kill(getpid(), SIGUSR2);
    errno = 0;
    CHECK("signal_outside_the_mask_is_not_read", read(fd, si, sizeof si) < 0 && errno == EAGAIN);
    CHECK("signal_outside_the_mask_stays_pending", pending(SIGUSR2));

    union sigval v;
    for (int i = 1; i <= 3; i++) {
        v.sival_int = i * 10;
        sigqueue(getpid(), SIGRTMIN, v);
    }
    ssize_t n = read(fd, si, 3 * 128 + 100);
    CHECK("one_read_takes_as_many_records_as_fit", n == 3 * 128);
    CHECK("queued_signals_come_in_order_with_their_values",
          n == 3 * 128 && si[0].ssi_int == 10 && si[1].ssi_int == 20 && si[2].ssi_int == 30 &&
              si[0].ssi_code == SI_QUEUE && si[2].ssi_signo == (uint32_t)SIGRTMIN);

    /* epoll: level-triggered readiness. */
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    CHECK("epoll_quiet_while_none_pending", epoll_wait(ep, &out, 1, 0) == 0);
    kill(getpid(), SIGUSR1);
    CHECK("epoll_reports_epollin_when_one_is_pending",
          epoll_wait(ep, &out, 1, 1000) == 1 && (out.events & EPOLLIN) && out.data.fd == fd);
    read(fd, si, sizeof si);
    CHECK("epoll_quiet_again_once_read", epoll_wait(ep, &out, 1, 0) == 0);

    /* A new mask on the same descriptor. */
    sigset_t m2 = set_of(SIGUSR2, 0);
    CHECK("signalfd_on_an_existing_descriptor_returns_it", signalfd(fd, &m2, 0) == fd);
    CHECK("new_mask_makes_the_waiting_signal_readable",
          read(fd, si, sizeof si) == 128 && si[0].ssi_signo == SIGUSR2);
    kill(getpid(), SIGUSR1);
    errno = 0;
    CHECK("new_mask_no_longer_reads_the_old_signal", read(fd, si, sizeof si) < 0 && errno == EAGAIN);
    take(SIGUSR1);

    /* A blocking read, woken by another process's kill. */
    int bfd = signalfd(-1, &m, 0);
    pid_t child = fork();
    if (child == 0) {
        struct timespec ts = { 0, 50 * 1000000L };
        nanosleep(&ts, NULL);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    memset(si, 0, sizeof si);
    CHECK("blocking_read_waits_for_a_signal_from_another_process",
          read(bfd, si, sizeof si[0]) == 128 && si[0].ssi_signo == SIGUSR1 &&
              si[0].ssi_pid == (uint32_t)child);
    waitpid(child, NULL, 0);
    take(SIGCHLD);

    /* SIGCHLD's record. */
    sigset_t mc = set_of(SIGCHLD, 0);
    int cfd = signalfd(-1, &mc, 0);
    child = fork();
    if (child == 0)
        _exit(7);
    memset(si, 0, sizeof si);
    CHECK("sigchld_record_has_pid_code_and_status",
          read(cfd, si, sizeof si[0]) == 128 && si[0].ssi_signo == SIGCHLD &&
              si[0].ssi_pid == (uint32_t)child && si[0].ssi_code == CLD_EXITED &&
              si[0].ssi_status == 7);
    waitpid(child, NULL, 0);

    /* A POSIX timer's signal. */
    sigset_t ma = set_of(SIGALRM, 0);
    int afd = signalfd(-1, &ma, 0);
    timer_t t;
    timer_create(CLOCK_MONOTONIC, NULL, &t);
    struct itimerspec its = { { 0, 0 }, { 0, 10 * 1000000L } };
    timer_settime(t, 0, &its, NULL);
    memset(si, 0, sizeof si);
    CHECK("timer_record_has_si_timer_and_the_timer_id",
          read(afd, si, sizeof si[0]) == 128 && si[0].ssi_signo == SIGALRM &&
              si[0].ssi_code == SI_TIMER && si[0].ssi_tid == (uint32_t)(intptr_t)t &&
              si[0].ssi_overrun == 0);
    timer_delete(t);

    /* A child reads its own signals through the inherited descriptor. */
    child = fork();
    if (child == 0) {
        kill(getpid(), SIGUSR1);
        struct signalfd_siginfo c;
        _exit(read(fd, &c, sizeof c) == -1 && errno == EAGAIN && signalfd(fd, &m, 0) == fd &&
                      read(fd, &c, sizeof c) == 128 && c.ssi_pid == (uint32_t)getpid()
                  ? 0
                  : 1);
    }
    int status = -1;
    waitpid(child, &status, 0);
    take(SIGCHLD);
    CHECK("child_reads_its_own_signals_through_inherited_descriptor",
          WIFEXITED(status) && WEXITSTATUS(status) == 0);
    signalfd(fd, &m, 0);
    errno = 0;
    CHECK("child_signal_not_seen_by_parent", read(fd, si, sizeof si) < 0 && errno == EAGAIN);

    /* Flags and errors. */
    int xfd = signalfd(-1, &m, SFD_CLOEXEC | SFD_NONBLOCK);
    CHECK("sfd_cloexec_sets_fd_cloexec", fcntl(xfd, F_GETFD) & FD_CLOEXEC);
    CHECK("sfd_nonblock_sets_o_nonblock", fcntl(xfd, F_GETFL) & O_NONBLOCK);
    CHECK("plain_signalfd_call_makes_a_descriptor",
          (n = syscall(SYS_signalfd, -1, &m, 8)) >= 0 && !(fcntl((int)n, F_GETFL) & O_NONBLOCK));
    errno = 0;
    CHECK("unknown_flag_is_einval", syscall(SYS_signalfd4, -1, &m, 8, 1) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("mask_size_not_8_is_einval", syscall(SYS_signalfd4, -1, &m, 4, 0) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("bad_mask_pointer_is_efault",
          syscall(SYS_signalfd4, -1, (void *)8, 8, 0) < 0 && errno == EFAULT);
    int p[2];
    pipe(p);
    errno = 0;
    CHECK("descriptor_not_a_signalfd_is_einval", signalfd(p[0], &m, 0) < 0 && errno == EINVAL);
    close(p[1]);
    errno = 0;
    CHECK("closed_descriptor_is_ebadf", signalfd(p[1], &m, 0) < 0 && errno == EBADF);
    return failures;
}
