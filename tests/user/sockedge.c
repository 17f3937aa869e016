/*
 * tests/user/sockedge.c: edge cases of Unix domain sockets that unixsock.c
 * leaves out: shutdown on datagram sockets, poll after a half close,
 * receive and send timeouts, peeking across writes, SO_DOMAIN and
 * SO_PROTOCOL, connect and listen in the wrong state, EISCONN for an
 * address on a connected stream, type mismatches, several SCM_RIGHTS
 * headers in one message, zero-length records.  One line per check; the
 * exit status is the number of failures.  Runs on Linux first, then
 * unmodified in pagelab.
 *
 *     sockedge DIR     bind paths in DIR (default /tmp)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static const char *dir = "/tmp";

static socklen_t path_addr(struct sockaddr_un *a, const char *name)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
    unlink(a->sun_path);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static short revents(int fd, short events)
{
    struct pollfd p = { fd, events, 0 };
    return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void dgram_shutdown(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    char b[8];
    CHECK("dgram_shut_wr", shutdown(sv[0], SHUT_WR) == 0);
    CHECK("dgram_send_after_shut_wr_is_epipe",
          send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    CHECK("dgram_shut_wr_does_not_end_the_peers_reads",
          recv(sv[1], b, sizeof b, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    CHECK("dgram_shut_rd", shutdown(sv[1], SHUT_RD) == 0);
    close(sv[0]);
    close(sv[1]);
}

static void half_close_poll(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    short all = POLLIN | POLLOUT | POLLRDHUP;
    shutdown(sv[0], SHUT_WR);
    CHECK("peer_of_shut_wr_polls_in_out_rdhup_not_hup",
          revents(sv[1], all) == (POLLIN | POLLOUT | POLLRDHUP));
    CHECK("shut_wr_side_still_polls_out", revents(sv[0], all) == POLLOUT);
    shutdown(sv[1], SHUT_WR);
    CHECK("both_shut_wr_is_pollhup_on_both",
          (revents(sv[0], all) & (POLLHUP | POLLIN | POLLRDHUP)) == (POLLHUP | POLLIN | POLLRDHUP) &&
              (revents(sv[1], all) & POLLHUP));
    close(sv[0]);
    close(sv[1]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    shutdown(sv[0], SHUT_RD);
    CHECK("own_shut_rd_polls_in_and_rdhup", (revents(sv[0], all) & (POLLIN | POLLRDHUP | POLLHUP)) ==
                                                (POLLIN | POLLRDHUP));
    shutdown(sv[0], SHUT_WR);
    CHECK("own_shut_rdwr_polls_hup", revents(sv[0], all) & POLLHUP);
    close(sv[0]);
    close(sv[1]);

    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
    shutdown(sv[0], SHUT_WR);
    char b[8];
    CHECK("seqpacket_shut_wr_gives_the_peer_eof", recv(sv[1], b, sizeof b, MSG_DONTWAIT) == 0);
    CHECK("seqpacket_peer_polls_rdhup", revents(sv[1], all) & POLLRDHUP);
    close(sv[0]);
    close(sv[1]);
}

static void timeouts(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    struct timeval tv = { 0, 200000 }, got;
    socklen_t len = sizeof got;
    CHECK("so_rcvtimeo_set", setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == 0);
    CHECK("so_rcvtimeo_reads_back", getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0 &&
                                        len == sizeof got && got.tv_sec == 0 && got.tv_usec == 200000);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char b[8];
    int r = (int)recv(sv[0], b, sizeof b, 0);
    int e = errno;
    long ms = ms_since(&t0);
    CHECK("recv_with_so_rcvtimeo_times_out_with_eagain", r == -1 && e == EAGAIN && ms >= 150);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = (int)read(sv[0], b, sizeof b);
    e = errno;
    ms = ms_since(&t0);
    CHECK("read_with_so_rcvtimeo_times_out_too", r == -1 && e == EAGAIN && ms >= 150);
    struct timeval bad = { 0, 1000000 };
    CHECK("so_rcvtimeo_usec_of_a_second_is_edom",
          setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &bad, sizeof bad) == -1 && errno == EDOM);
    CHECK("so_rcvtimeo_short_optlen_is_einval",
          setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, 4) == -1 && errno == EINVAL);

    /* A full stream with a send timeout. */
    CHECK("so_sndtimeo_set", setsockopt(sv[1], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == 0);
    static char big[65536];
    int n = fcntl(sv[1], F_GETFL);
    fcntl(sv[1], F_SETFL, n | O_NONBLOCK);
    while (send(sv[1], big, sizeof big, 0) > 0)
        ;
    fcntl(sv[1], F_SETFL, n);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = (int)send(sv[1], big, sizeof big, 0);
    e = errno;
    ms = ms_since(&t0);
    CHECK("send_to_a_full_stream_with_so_sndtimeo_times_out", r == -1 && e == EAGAIN && ms >= 150);
    close(sv[0]);
    close(sv[1]);

    /* accept honours SO_RCVTIMEO. */
    struct sockaddr_un a;
    socklen_t alen = path_addr(&a, "edge-acc");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, alen);
    listen(l, 1);
    setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = accept(l, NULL, NULL);
    e = errno;
    ms = ms_since(&t0);
    CHECK("accept_with_so_rcvtimeo_times_out_with_eagain", r == -1 && e == EAGAIN && ms >= 150);
    close(l);
    unlink(a.sun_path);
}

static void options_and_states(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int v = -1;
    socklen_t len = sizeof v;
    CHECK("so_domain_is_af_unix", getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &v, &len) == 0 && v == AF_UNIX);
    len = sizeof v;
    CHECK("so_protocol_is_0", getsockopt(sv[0], SOL_SOCKET, SO_PROTOCOL, &v, &len) == 0 && v == 0);
    struct sockaddr_un a;
    len = sizeof a;
    CHECK("socketpair_getpeername_is_the_family_only",
          getpeername(sv[0], (struct sockaddr *)&a, &len) == 0 && len == sizeof(sa_family_t) &&
              a.sun_family == AF_UNIX);

    /* Peeking a stream reads across the writes queued. */
    send(sv[0], "abc", 3, 0);
    send(sv[0], "def", 3, 0);
    char b[16] = "";
    CHECK("stream_peek_reads_across_writes", recv(sv[1], b, sizeof b, MSG_PEEK) == 6 && !memcmp(b, "abcdef", 6));
    CHECK("stream_read_takes_them_all", recv(sv[1], b, sizeof b, 0) == 6);

    /* An address on a connected stream socket. */
    struct sockaddr_un to;
    socklen_t tolen = path_addr(&to, "edge-none");
    CHECK("sendto_with_an_address_on_a_connected_stream_is_eisconn",
          sendto(sv[0], "x", 1, 0, (struct sockaddr *)&to, tolen) == -1 && errno == EISCONN);
    CHECK("zero_byte_stream_send_returns_0", send(sv[0], "", 0, 0) == 0);
    CHECK("and_sends_nothing", recv(sv[1], b, sizeof b, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    CHECK("listen_on_a_connected_stream_is_einval", listen(sv[0], 1) == -1 && errno == EINVAL);
    close(sv[0]);
    close(sv[1]);

    /* Connect on a listening socket; listen twice. */
    struct sockaddr_un la;
    socklen_t lalen = path_addr(&la, "edge-l");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&la, lalen);
    listen(l, 1);
    CHECK("listen_again_is_0", listen(l, 5) == 0);
    int l2 = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un l2a;
    socklen_t l2len = path_addr(&l2a, "edge-l2");
    bind(l2, (struct sockaddr *)&l2a, l2len);
    listen(l2, 1);
    CHECK("connect_from_a_listening_socket_is_einval",
          connect(l2, (struct sockaddr *)&la, lalen) == -1 && errno == EINVAL);
    close(l2);
    unlink(l2a.sun_path);
    int fl = fcntl(l, F_GETFL);
    fcntl(l, F_SETFL, fl | O_NONBLOCK);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&la, lalen);
    int s = accept(l, NULL, NULL);
    CHECK("accept_does_not_inherit_o_nonblock", s >= 0 && !(fcntl(s, F_GETFL) & O_NONBLOCK));
    int q = -1;
    CHECK("fionread_on_a_listener_is_einval", ioctl(l, FIONREAD, &q) == -1 && errno == EINVAL);
    CHECK("fionread_on_an_accepted_socket", send(c, "hello", 5, 0) == 5 && ioctl(s, FIONREAD, &q) == 0 && q == 5);
    close(c);
    close(s);

    /* Type mismatches by path. */
    int d = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un da;
    socklen_t dalen = path_addr(&da, "edge-d");
    bind(d, (struct sockaddr *)&da, dalen);
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("stream_connect_to_a_dgram_path_is_econnrefused_or_eprototype",
          connect(st, (struct sockaddr *)&da, dalen) == -1 && (errno == EPROTOTYPE || errno == ECONNREFUSED));
    close(st);
    int sp = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    CHECK("seqpacket_connect_to_a_stream_listener_is_eprototype",
          connect(sp, (struct sockaddr *)&la, lalen) == -1 && errno == EPROTOTYPE);
    CHECK("sendto_on_an_unconnected_seqpacket_is_enotconn",
          sendto(sp, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&la, lalen) == -1 && errno == ENOTCONN);
    close(sp);
    close(d);
    unlink(da.sun_path);
    close(l);
    unlink(la.sun_path);
}

static void records(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
    char b[16];
    CHECK("seqpacket_zero_length_record_sends", send(sv[0], "", 0, 0) == 0);
    send(sv[0], "xy", 2, 0);
    CHECK("seqpacket_zero_length_record_arrives_as_0", recv(sv[1], b, sizeof b, MSG_DONTWAIT) == 0);
    CHECK("then_the_next_record", recv(sv[1], b, sizeof b, MSG_DONTWAIT) == 2);
    send(sv[0], "abcdef", 6, 0);
    CHECK("seqpacket_msg_trunc_returns_the_real_length", recv(sv[1], b, 2, MSG_TRUNC) == 6);
    send(sv[0], "abcdef", 6, 0);
    struct iovec iov = { b, 2 };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
    CHECK("seqpacket_short_recvmsg_sets_msg_trunc",
          recvmsg(sv[1], &mh, 0) == 2 && (mh.msg_flags & MSG_TRUNC));
    int v;
    send(sv[0], "abc", 3, 0);
    send(sv[0], "de", 2, 0);
    /* Linux counts every queued record of a seqpacket socket (a datagram
       socket: only the next). */
    CHECK("seqpacket_fionread_counts_every_record", ioctl(sv[1], FIONREAD, &v) == 0 && v == 5);
    CHECK("seqpacket_msg_waitall_still_takes_one_record", recv(sv[1], b, sizeof b, MSG_WAITALL) == 3);
    recv(sv[1], b, sizeof b, 0);
    close(sv[0]);
    close(sv[1]);

    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[0], "abc", 3, 0);
    CHECK("dgram_recv_with_a_0_buffer_drops_the_datagram", recv(sv[1], b, 0, 0) == 0 &&
                                                               recv(sv[1], b, sizeof b, MSG_DONTWAIT) == -1 &&
                                                               errno == EAGAIN);
    close(sv[0]);
    close(sv[1]);
}

/* Two SCM_RIGHTS headers in one message arrive as one of all the fds. */
static void many_rights(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int p1[2], p2[2];
    pipe(p1);
    pipe(p2);
    union {
        char buf[2 * CMSG_SPACE(2 * sizeof(int))];
        struct cmsghdr align;
    } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = { "z", 1 };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                         .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(c), p1, sizeof p1);
    c = CMSG_NXTHDR(&mh, c);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(2 * sizeof(int));
    memcpy(CMSG_DATA(c), p2, sizeof p2);
    CHECK("two_scm_rights_headers_send", sendmsg(sv[0], &mh, 0) == 1);
    union {
        char buf[CMSG_SPACE(8 * sizeof(int))];
        struct cmsghdr align;
    } r;
    char byte;
    struct iovec riov = { &byte, 1 };
    struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = r.buf,
                         .msg_controllen = sizeof r.buf };
    int got = (int)recvmsg(sv[1], &rm, 0);
    struct cmsghdr *rc = CMSG_FIRSTHDR(&rm);
    int nfds = rc ? (int)((rc->cmsg_len - CMSG_LEN(0)) / sizeof(int)) : 0;
    CHECK("they_arrive_as_one_header_of_four", got == 1 && rc && rc->cmsg_type == SCM_RIGHTS && nfds == 4 &&
                                                   CMSG_NXTHDR(&rm, rc) == NULL);
    if (nfds == 4) {
        int fds[4];
        memcpy(fds, CMSG_DATA(rc), sizeof fds);
        char x = 0;
        CHECK("in_the_order_sent", write(fds[1], "q", 1) == 1 && read(p1[0], &x, 1) == 1 && x == 'q' &&
                                       write(p2[1], "w", 1) == 1 && read(fds[2], &x, 1) == 1 && x == 'w');
        for (int i = 0; i < 4; i++)
            close(fds[i]);
    }
    close(p1[0]);
    close(p1[1]);
    close(p2[0]);
    close(p2[1]);
    close(sv[0]);
    close(sv[1]);
}

/* SO_PEERCRED keeps the credentials of connect time after the peer is gone. */
static void peercred_after_exit(void)
{
    int sv[2];
    pid_t kid = fork();
    if (kid == 0) {
        _exit(0);
    }
    waitpid(kid, NULL, 0);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t k2 = fork();
    if (k2 == 0) {
        close(sv[1]);
        _exit(0);
    }
    close(sv[0]);
    waitpid(k2, NULL, 0);
    struct ucred cr;
    socklen_t len = sizeof cr;
    CHECK("so_peercred_of_a_pair_stays_the_creator_after_a_fork",
          getsockopt(sv[1], SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid == getpid());
    close(sv[1]);
}

static void on_usr1(int sig) { (void)sig; }

/* A child that sends SIGUSR1 to us after ms (time for us to be asleep in
   the call, even on a loaded machine), then writes a byte to fd after as
   long again. */
static pid_t poke_after(int ms, int fd)
{
    pid_t parent = getpid();
    pid_t kid = fork();
    if (kid == 0) {
        struct timespec t = { 0, ms * 1000000L };
        nanosleep(&t, NULL);
        kill(parent, SIGUSR1);
        nanosleep(&t, NULL);
        write(fd, "r", 1);
        _exit(0);
    }
    return kid;
}

static void more_timeouts(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    struct timeval tv = { 0, 150000 }, got;
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char b[8];
    int r = (int)recv(sv[0], b, sizeof b, 0);
    int e = errno;
    CHECK("dgram_recv_with_so_rcvtimeo_times_out", r == -1 && e == EAGAIN && ms_since(&t0) >= 100);
    struct timeval neg = { -1, 0 };
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &neg, sizeof neg);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = (int)recv(sv[0], b, sizeof b, 0);
    e = errno;
    CHECK("a_negative_so_rcvtimeo_does_not_wait", r == -1 && e == EAGAIN && ms_since(&t0) < 100);
    struct timeval zero = { 0, 0 };
    socklen_t len = sizeof got;
    CHECK("so_rcvtimeo_0_means_for_ever_and_reads_back_0",
          setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &zero, sizeof zero) == 0 &&
              getsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &got, &len) == 0 && got.tv_sec == 0 &&
              got.tv_usec == 0);
    close(sv[0]);
    close(sv[1]);

    /* Signals: SA_RESTART brings a recv back unless a timeout is set. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t kid = poke_after(300, sv[1]);
    r = (int)recv(sv[0], b, sizeof b, 0);
    waitpid(kid, NULL, 0);
    CHECK("sa_restart_restarts_a_recv_without_a_timeout", r == 1 && b[0] == 'r');
    struct timeval longer = { 5, 0 };
    setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &longer, sizeof longer);
    kid = poke_after(300, sv[1]);
    errno = 0;
    r = (int)recv(sv[0], b, sizeof b, 0);
    e = errno;
    waitpid(kid, NULL, 0);
    CHECK("sa_restart_does_not_restart_a_recv_with_so_rcvtimeo", r == -1 && e == EINTR);
    recv(sv[0], b, sizeof b, MSG_DONTWAIT);
    close(sv[0]);
    close(sv[1]);
    signal(SIGUSR1, SIG_DFL);

    /* connect to a full backlog honours SO_SNDTIMEO. */
    struct sockaddr_un a;
    socklen_t alen = path_addr(&a, "edge-full");
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&a, alen);
    listen(l, 0);
    int c1 = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(c1, (struct sockaddr *)&a, alen);
    int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
    setsockopt(c2, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r = connect(c2, (struct sockaddr *)&a, alen);
    e = errno;
    CHECK("connect_to_a_full_backlog_with_so_sndtimeo_is_eagain", r == -1 && e == EAGAIN && ms_since(&t0) >= 100);
    close(c1);
    close(c2);
    close(l);
    unlink(a.sun_path);
}

/* The most descriptors one message may carry (SCM_MAX_FD, 253), and a
   receiver with room for fewer. */
static void max_rights(void)
{
    enum { N = 253 };
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    int fd = open("/dev/null", O_RDONLY);
    static union {
        char buf[CMSG_SPACE(N * sizeof(int))];
        struct cmsghdr align;
    } u, r;
    struct iovec iov = { "m", 1 };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
                         .msg_controllen = sizeof u.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(N * sizeof(int));
    int fds[N];
    for (int i = 0; i < N; i++)
        fds[i] = fd;
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    /* The raw call: musl's sendmsg copies the control into 1024 bytes of
       its own and says ENOMEM beyond. */
    CHECK("scm_rights_of_253_descriptors_sends", syscall(SYS_sendmsg, sv[0], &mh, 0) == 1);
    /* The receiver takes them under RLIMIT_NOFILE 32 (pagelab's table has
       256 slots, Linux's default limit is 1024): the descriptors that fit,
       MSG_CTRUNC, the rest closed. */
    pid_t kid = fork();
    if (kid == 0) {
        struct rlimit rl = { 32, 32 };
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            _exit(10);
        int free_below = 0;
        for (int i = 0; i < 32; i++)
            free_below += fcntl(i, F_GETFD) == -1;
        char byte;
        struct iovec riov = { &byte, 1 };
        struct msghdr rm = { .msg_iov = &riov, .msg_iovlen = 1, .msg_control = r.buf,
                             .msg_controllen = sizeof r.buf };
        int got = (int)recvmsg(sv[1], &rm, 0);
        struct cmsghdr *rc = CMSG_FIRSTHDR(&rm);
        int n = rc ? (int)((rc->cmsg_len - CMSG_LEN(0)) / sizeof(int)) : 0;
        if (got != 1 || !(rm.msg_flags & MSG_CTRUNC))
            _exit(11);
        _exit(n == free_below ? 0 : 12);
    }
    int st;
    waitpid(kid, &st, 0);
    CHECK("a_receiver_at_rlimit_nofile_gets_what_fits_and_msg_ctrunc", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    close(fd);
    close(sv[0]);
    close(sv[1]);
}

/* RLIMIT_NOFILE bounds the descriptor numbers (getrlimit(2)). */
static void nofile_limit(void)
{
    pid_t kid = fork();
    if (kid == 0) {
        struct rlimit rl = { 16, 16 };
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            _exit(10);
        int last = -1, fd;
        while ((fd = open("/dev/null", O_RDONLY)) >= 0)
            last = fd;
        if (errno != EMFILE || last != 15)
            _exit(11);
        if (dup2(0, 16) != -1 || errno != EBADF)
            _exit(12);
        if (fcntl(0, F_DUPFD, 16) != -1 || errno != EINVAL)
            _exit(13);
        close(15);
        if (fcntl(0, F_DUPFD, 3) != 15)
            _exit(14);
        int sv[2];
        close(14);
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != -1 || errno != EMFILE)
            _exit(15);
        _exit(0);
    }
    int st;
    waitpid(kid, &st, 0);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (code)
        printf("# the child stopped at step %d (10 setrlimit ... 15 socketpair)\n", code);
    CHECK("rlimit_nofile_bounds_open_dup2_f_dupfd_and_socketpair", code == 0);
}

static void on_usr2(int sig) { (void)sig; }

static void more_states(void)
{
    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[0], "abcdef", 6, 0);
    char b[16];
    CHECK("dgram_peek_with_msg_trunc_gives_the_real_length_and_keeps_it",
          recv(sv[1], b, 2, MSG_PEEK | MSG_TRUNC) == 6 && recv(sv[1], b, sizeof b, 0) == 6);
    close(sv[0]);
    close(sv[1]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    shutdown(sv[0], SHUT_RDWR);
    struct sockaddr_un a;
    socklen_t len = sizeof a;
    CHECK("getpeername_still_works_after_shut_rdwr", getpeername(sv[0], (struct sockaddr *)&a, &len) == 0);
    close(sv[0]);
    close(sv[1]);

    /* An abstract listener: the client's getpeername is the exact name. */
    struct sockaddr_un la = { .sun_family = AF_UNIX };
    memcpy(la.sun_path, "\0sockedge-abs\0x", 15);
    socklen_t lalen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 15);
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    bind(l, (struct sockaddr *)&la, lalen);
    listen(l, 1);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&la, lalen);
    len = sizeof a;
    memset(&a, 0x55, sizeof a);
    CHECK("getpeername_of_an_abstract_listener_is_exact", getpeername(c, (struct sockaddr *)&a, &len) == 0 &&
                                                              len == lalen && !memcmp(a.sun_path, la.sun_path, 15));
    int s = accept(l, NULL, NULL);

    /* epoll sees the peer's half close as EPOLLRDHUP. */
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.fd = s }, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    shutdown(c, SHUT_WR);
    CHECK("epoll_reports_epollrdhup_for_a_peer_shut_wr",
          epoll_wait(ep, &out, 1, 0) == 1 && (out.events & (EPOLLIN | EPOLLRDHUP)) == (EPOLLIN | EPOLLRDHUP) &&
              !(out.events & EPOLLHUP));
    close(ep);
    close(s);
    close(c);

    /* MSG_WAITALL cut short by a signal returns what it has. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr2;
    sigaction(SIGUSR2, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[1], "abc", 3, 0);
    pid_t parent = getpid();
    pid_t kid = fork();
    if (kid == 0) {
        struct timespec t = { 0, 300000000L };
        nanosleep(&t, NULL);
        kill(parent, SIGUSR2);
        _exit(0);
    }
    int r = (int)recv(sv[0], b, 10, MSG_WAITALL);
    waitpid(kid, NULL, 0);
    CHECK("msg_waitall_interrupted_returns_the_bytes_so_far", r == 3 && !memcmp(b, "abc", 3));
    signal(SIGUSR2, SIG_DFL);
    close(sv[0]);
    close(sv[1]);
    close(l);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        dir = argv[1];
    signal(SIGPIPE, SIG_DFL);
    dgram_shutdown();
    half_close_poll();
    timeouts();
    options_and_states();
    records();
    many_rights();
    peercred_after_exit();
    more_timeouts();
    max_rights();
    nofile_limit();
    more_states();
    return failures;
}
