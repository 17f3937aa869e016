/*
 * tests/user/unixsock.c: Unix domain sockets (unix(7), socket(2), cmsg(3)).
 * One line per check ("ok NAME" or "FAIL NAME: what happened"); the exit
 * status is the number of failures.  The same binary passes on Linux (the
 * suite runs it there first: the expectations are Linux's), then on
 * pagelab.
 *
 *     unixsock [DIR]       every check; path names are made in DIR (/tmp)
 *     unixsock --leaks N   N rounds of socket traffic, then prints the open
 *                          descriptors: the suite compares /proc/meminfo
 *                          around it (pagelab only)
 *
 * Waiting is by timing, as in pipes.c: the side that must block gets
 * 150 ms to get there before the other side acts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"

#define KERNEL_PTR ((void *)0xffff800000001000ul) /* never a user address */
#define FAMILY_LEN offsetof(struct sockaddr_un, sun_path)

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

static int child_status(pid_t pid)
{
    int st = -1;
    waitpid(pid, &st, 0);
    return st;
}

static int exited_0(int st) { return WIFEXITED(st) && WEXITSTATUS(st) == 0; }

/* The lowest free descriptor: equal before and after means nothing leaked. */
static int lowest_free_fd(void)
{
    int fd = dup(0);
    if (fd < 0)
        fd = open("/dev/null", O_RDONLY);
    close(fd);
    return fd;
}

static int open_fds(void)
{
    int n = 0;
    for (int fd = 0; fd < 256; fd++)
        n += fcntl(fd, F_GETFD) >= 0;
    return n;
}

/* A path name: its sockaddr and length (the family, the path, its NUL). */
static socklen_t path_addr(struct sockaddr_un *a, const char *p)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    strncpy(a->sun_path, p, sizeof a->sun_path - 1);
    return (socklen_t)(FAMILY_LEN + strlen(p) + 1);
}

/* An abstract name: a leading NUL, then the bytes of name (pid-unique). */
static socklen_t abstract_addr(struct sockaddr_un *a, const char *name)
{
    memset(a, 0, sizeof *a);
    a->sun_family = AF_UNIX;
    int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "pagelab-%d-%s", (int)getpid(), name);
    return (socklen_t)(FAMILY_LEN + 1 + (size_t)n);
}

static int listener(int type, struct sockaddr_un *a, socklen_t len, int backlog)
{
    int s = socket(AF_UNIX, type, 0);
    if (bind(s, (struct sockaddr *)a, len) != 0 || listen(s, backlog) != 0) {
        close(s);
        return -1;
    }
    return s;
}

static int connected(int type, struct sockaddr_un *a, socklen_t len)
{
    int c = socket(AF_UNIX, type, 0);
    if (connect(c, (struct sockaddr *)a, len) != 0) {
        close(c);
        return -1;
    }
    return c;
}

static volatile sig_atomic_t sigpipes;
static void on_sigpipe(int sig) { sigpipes++; }

/* ---- sockets as files ---------------------------------------------------- */

static void creation(void)
{
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    struct stat st;
    CHECK("socket_returns_a_descriptor", s >= 0);
    CHECK("fstat_says_s_ifsock", fstat(s, &st) == 0 && S_ISSOCK(st.st_mode));
    CHECK("lseek_is_espipe", lseek(s, 0, SEEK_SET) == -1 && errno == ESPIPE);
    close(s);
    s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    CHECK("sock_cloexec_sets_fd_cloexec", fcntl(s, F_GETFD) == FD_CLOEXEC);
    CHECK("sock_nonblock_sets_o_nonblock", fcntl(s, F_GETFL) & O_NONBLOCK);
    close(s);
    CHECK("af_unix_seqpacket_and_dgram_exist",
          (s = socket(AF_UNIX, SOCK_SEQPACKET, 0)) >= 0 && close(s) == 0 &&
              (s = socket(AF_UNIX, SOCK_DGRAM, PF_UNIX)) >= 0 && close(s) == 0);
    CHECK("unknown_family_is_eafnosupport", socket(1000, SOCK_STREAM, 0) == -1 && errno == EAFNOSUPPORT);
    CHECK("sock_rdm_is_esocktnosupport",
          socket(AF_UNIX, SOCK_RDM, 0) == -1 && errno == ESOCKTNOSUPPORT);
    CHECK("type_past_the_last_is_einval", socket(AF_UNIX, 15, 0) == -1 && errno == EINVAL);
    CHECK("unknown_type_flag_is_einval",
          socket(AF_UNIX, SOCK_STREAM | 0x100, 0) == -1 && errno == EINVAL);
    CHECK("other_protocol_is_eprotonosupport",
          socket(AF_UNIX, SOCK_STREAM, 7) == -1 && errno == EPROTONOSUPPORT);
    int p[2];
    pipe(p);
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, "x");
    CHECK("bind_on_a_pipe_is_enotsock", bind(p[0], (struct sockaddr *)&a, len) == -1 && errno == ENOTSOCK);
    CHECK("send_on_a_pipe_is_enotsock", send(p[1], "x", 1, 0) == -1 && errno == ENOTSOCK);
    CHECK("listen_on_a_bad_fd_is_ebadf", listen(99, 1) == -1 && errno == EBADF);
    close(p[0]);
    close(p[1]);
}

/* ---- stream -------------------------------------------------------------- */

static void stream_data(void)
{
    int sv[2];
    char buf[64];
    CHECK("socketpair_stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK("write_and_read_both_ways", write(sv[0], "ping", 4) == 4 && read(sv[1], buf, 64) == 4 &&
                                          write(sv[1], "pong", 4) == 4 && read(sv[0], buf, 64) == 4 &&
                                          memcmp(buf, "pong", 4) == 0);
    send(sv[0], "ab", 2, 0);
    send(sv[0], "cd", 2, 0);
    CHECK("stream_merges_writes", recv(sv[1], buf, 64, 0) == 4 && memcmp(buf, "abcd", 4) == 0);
    send(sv[0], "hello", 5, 0);
    int avail = -1;
    CHECK("fionread_counts_bytes", ioctl(sv[1], FIONREAD, &avail) == 0 && avail == 5);
    CHECK("msg_peek_leaves_the_bytes", recv(sv[1], buf, 3, MSG_PEEK) == 3 && memcmp(buf, "hel", 3) == 0 &&
                                           recv(sv[1], buf, 64, MSG_PEEK) == 5);
    CHECK("read_after_peek_gets_them", recv(sv[1], buf, 64, 0) == 5 && memcmp(buf, "hello", 5) == 0);
    CHECK("msg_dontwait_on_empty_is_eagain", recv(sv[1], buf, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    CHECK("zero_byte_recv_waits_for_a_byte", recv(sv[1], buf, 0, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    send(sv[0], "z", 1, 0);
    CHECK("zero_byte_recv_returns_0_and_leaves_it",
          recv(sv[1], buf, 0, 0) == 0 && recv(sv[1], buf, 64, 0) == 1);
    CHECK("zero_byte_read_returns_0_at_once", read(sv[1], buf, 0) == 0);

    /* iovecs: three pieces out, two buffers in. */
    struct iovec out[3] = { { "one", 3 }, { "-two-", 5 }, { "three", 5 } };
    struct msghdr m = { .msg_iov = out, .msg_iovlen = 3 };
    CHECK("sendmsg_gathers_iovecs", sendmsg(sv[0], &m, 0) == 13);
    char a[4], b[20];
    struct iovec in[2] = { { a, 4 }, { b, 20 } };
    struct msghdr r = { .msg_iov = in, .msg_iovlen = 2 };
    CHECK("recvmsg_scatters_into_iovecs", recvmsg(sv[1], &r, 0) == 13 && memcmp(a, "one-", 4) == 0 &&
                                              memcmp(b, "two-three", 9) == 0 && r.msg_flags == 0);
    close(sv[0]);
    CHECK("read_after_peer_close_is_eof", read(sv[1], buf, 64) == 0 && read(sv[1], buf, 64) == 0);
    close(sv[1]);
}

static void stream_waiting(void)
{
    int sv[2];
    char buf[64];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        send(sv[1], "ab", 2, 0);
        sleep_ms(50);
        send(sv[1], "cd", 2, 0);
        sleep_ms(50);
        send(sv[1], "ef", 2, 0);
        sleep_ms(150);
        _exit(0);
    }
    close(sv[1]);
    uint64_t t0 = now_ms();
    ssize_t n = recv(sv[0], buf, 2, 0);
    CHECK("recv_blocks_until_data", n == 2 && now_ms() - t0 >= 100);
    n = recv(sv[0], buf, 4, MSG_WAITALL);
    CHECK("msg_waitall_waits_for_all", n == 4 && memcmp(buf, "cdef", 4) == 0);
    t0 = now_ms();
    n = recv(sv[0], buf, 64, MSG_WAITALL);
    CHECK("msg_waitall_returns_short_at_eof", n == 0 && now_ms() - t0 >= 50);
    child_status(pid);
    close(sv[0]);

    /* A full socket: EAGAIN non-blocking, poll says not writable, a blocked
       sender wakes when the reader drains. */
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
    static char big[1 << 20];
    size_t total = 0;
    ssize_t k;
    while ((k = send(sv[0], big, 4096, 0)) > 0)
        total += (size_t)k;
    CHECK("full_stream_nonblocking_send_is_eagain", k == -1 && errno == EAGAIN && total >= 65536);
    struct pollfd p = { sv[0], POLLOUT, 0 };
    CHECK("full_stream_is_not_pollout", poll(&p, 1, 0) == 0);
    pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        size_t got = 0;
        while (got < total + 4096) {
            ssize_t r = recv(sv[1], big, sizeof big, 0);
            if (r > 0)
                got += (size_t)r;
            else
                sleep_ms(5);
        }
        _exit(0);
    }
    fcntl(sv[0], F_SETFL, 0);
    uint64_t t1 = now_ms();
    CHECK("blocked_send_resumes_when_the_reader_drains",
          send(sv[0], big, 4096, 0) == 4096 && now_ms() - t1 >= 100);
    CHECK("drained_stream_is_pollout", child_status(pid) != -1 && poll(&p, 1, 1000) == 1 &&
                                           (p.revents & POLLOUT));
    close(sv[0]);
    close(sv[1]);
}

static void stream_ends(void)
{
    int sv[2];
    char buf[16];
    struct sigaction sa = { .sa_handler = on_sigpipe };
    sigaction(SIGPIPE, &sa, NULL);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    sigpipes = 0;
    CHECK("send_to_closed_peer_is_epipe_and_sigpipe",
          send(sv[0], "x", 1, 0) == -1 && errno == EPIPE && sigpipes == 1);
    CHECK("write_to_closed_peer_raises_sigpipe",
          write(sv[0], "x", 1) == -1 && errno == EPIPE && sigpipes == 2);
    CHECK("msg_nosignal_gives_epipe_without_sigpipe",
          send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE && sigpipes == 2);
    struct pollfd p = { sv[0], POLLIN | POLLOUT | POLLRDHUP, 0 };
    CHECK("poll_after_peer_close_is_in_out_hup_rdhup",
          poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLOUT | POLLHUP | POLLRDHUP));
    close(sv[0]);

    /* Closing with unread data resets the connection: ECONNRESET once, then EOF. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[0], "unread", 6, 0);
    close(sv[1]);
    p = (struct pollfd){ sv[0], POLLIN, 0 };
    CHECK("reset_shows_as_pollerr", poll(&p, 1, 0) == 1 && (p.revents & POLLERR));
    CHECK("recv_after_reset_is_econnreset_then_eof",
          recv(sv[0], buf, 16, 0) == -1 && errno == ECONNRESET && recv(sv[0], buf, 16, 0) == 0);
    close(sv[0]);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[1], "last", 4, 0);
    CHECK("shutdown_wr", shutdown(sv[1], SHUT_WR) == 0);
    CHECK("peer_reads_the_rest_then_eof", recv(sv[0], buf, 16, 0) == 4 && recv(sv[0], buf, 16, 0) == 0);
    sigpipes = 0;
    CHECK("send_after_shut_wr_is_epipe", send(sv[1], "x", 1, 0) == -1 && errno == EPIPE && sigpipes == 1);
    CHECK("the_other_way_still_works", send(sv[0], "back", 4, 0) == 4 && recv(sv[1], buf, 16, 0) == 4);
    CHECK("shutdown_rd_makes_recv_return_0", shutdown(sv[1], SHUT_RD) == 0 && recv(sv[1], buf, 16, 0) == 0);
    CHECK("peer_send_after_shut_rd_is_epipe",
          send(sv[0], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    CHECK("shutdown_bad_how_is_einval", shutdown(sv[0], 7) == -1 && errno == EINVAL);
    close(sv[0]);
    close(sv[1]);

    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("send_unconnected_stream_is_enotconn", send(s, "x", 1, 0) == -1 && errno == ENOTCONN);
    CHECK("recv_unconnected_stream_is_einval", recv(s, buf, 1, 0) == -1 && errno == EINVAL);
    CHECK("shutdown_unconnected_is_0", shutdown(s, SHUT_RDWR) == 0);
    p = (struct pollfd){ s, POLLIN | POLLOUT, 0 };
    close(s);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    p.fd = s;
    CHECK("fresh_stream_polls_out_hup", poll(&p, 1, 0) == 1 && p.revents == (POLLOUT | POLLHUP));
    close(s);
    signal(SIGPIPE, SIG_DFL);

    /* Not handled: SIGPIPE kills. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    close(sv[1]);
    pid_t pid = fork();
    if (pid == 0) {
        send(sv[0], "x", 1, 0);
        _exit(0);
    }
    int st = child_status(pid);
    CHECK("sigpipe_kills_by_default", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
    close(sv[0]);

    /* A sender blocked on a full socket wakes with EPIPE when the reader closes. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pid = fork();
    if (pid == 0) {
        close(sv[1]);
        static char fill[1 << 20];
        ssize_t n = send(sv[0], fill, sizeof fill, MSG_NOSIGNAL);
        if (n > 0)
            n = send(sv[0], fill, sizeof fill, MSG_NOSIGNAL);
        _exit(n == -1 && errno == EPIPE ? 0 : 1);
    }
    close(sv[0]);
    sleep_ms(150);
    close(sv[1]);
    CHECK("blocked_sender_gets_epipe_when_the_reader_closes", exited_0(child_status(pid)));
}

/* ---- datagram and seqpacket ---------------------------------------------- */

static void datagrams(void)
{
    int sv[2];
    char buf[64];
    CHECK("socketpair_dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
    send(sv[0], "a", 1, 0);
    send(sv[0], "bb", 2, 0);
    send(sv[0], "ccc", 3, 0);
    CHECK("dgram_keeps_boundaries", recv(sv[1], buf, 64, 0) == 1 && recv(sv[1], buf, 64, 0) == 2 &&
                                        recv(sv[1], buf, 64, 0) == 3 && memcmp(buf, "ccc", 3) == 0);
    send(sv[0], "12345", 5, 0);
    send(sv[0], "next", 4, 0);
    struct iovec v = { buf, 2 };
    struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
    CHECK("short_buffer_truncates_with_msg_trunc",
          recvmsg(sv[1], &m, 0) == 2 && (m.msg_flags & MSG_TRUNC) && memcmp(buf, "12", 2) == 0);
    CHECK("the_rest_of_a_truncated_message_is_gone", recv(sv[1], buf, 64, 0) == 4);
    send(sv[0], "123456", 6, 0);
    CHECK("recv_msg_trunc_returns_the_real_length", recv(sv[1], buf, 2, MSG_TRUNC) == 6);
    CHECK("empty_datagram_is_a_message", send(sv[0], "", 0, 0) == 0 &&
                                             recv(sv[1], buf, 64, MSG_DONTWAIT) == 0 &&
                                             recv(sv[1], buf, 64, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    send(sv[0], "peek", 4, 0);
    CHECK("dgram_peek", recv(sv[1], buf, 64, MSG_PEEK) == 4 && recv(sv[1], buf, 64, 0) == 4);
    static char huge[300000];
    CHECK("datagram_over_sndbuf_is_emsgsize", send(sv[0], huge, sizeof huge, 0) == -1 && errno == EMSGSIZE);
    int avail = -1;
    send(sv[0], "xyz", 3, 0);
    send(sv[0], "more", 4, 0);
    CHECK("dgram_fionread_is_the_next_message", ioctl(sv[1], FIONREAD, &avail) == 0 && avail == 3);
    close(sv[1]);
    CHECK("send_to_closed_dgram_peer_is_econnrefused_then_enotconn",
          send(sv[0], "x", 1, 0) == -1 && errno == ECONNREFUSED && send(sv[0], "x", 1, 0) == -1 &&
              errno == ENOTCONN);
    close(sv[0]);

    /* Named datagram sockets: sendto and recvfrom. */
    struct sockaddr_un sa, ca, from;
    socklen_t slen = path_addr(&sa, path("dgram.sock")), clen = abstract_addr(&ca, "dgram-client");
    int srv = socket(AF_UNIX, SOCK_DGRAM, 0), cli = socket(AF_UNIX, SOCK_DGRAM, 0);
    unlink(path("dgram.sock"));
    CHECK("bind_dgram_to_a_path", bind(srv, (struct sockaddr *)&sa, slen) == 0);
    CHECK("unnamed_sendto_a_path", sendto(cli, "anon", 4, 0, (struct sockaddr *)&sa, slen) == 4);
    socklen_t flen = sizeof from;
    CHECK("recvfrom_an_unnamed_sender_gives_no_name",
          recvfrom(srv, buf, 64, 0, (struct sockaddr *)&from, &flen) == 4 && flen == 0);
    bind(cli, (struct sockaddr *)&ca, clen);
    sendto(cli, "named", 5, 0, (struct sockaddr *)&sa, slen);
    flen = sizeof from;
    CHECK("recvfrom_gives_the_senders_name",
          recvfrom(srv, buf, 64, 0, (struct sockaddr *)&from, &flen) == 5 && flen == clen &&
              memcmp(&from, &ca, clen) == 0);
    CHECK("reply_to_the_name", sendto(srv, "re", 2, 0, (struct sockaddr *)&from, flen) == 2 &&
                                   recv(cli, buf, 64, 0) == 2);
    struct sockaddr_un missing;
    socklen_t mlen = path_addr(&missing, path("no-such.sock"));
    CHECK("sendto_a_missing_path_is_enoent",
          sendto(cli, "x", 1, 0, (struct sockaddr *)&missing, mlen) == -1 && errno == ENOENT);
    mlen = abstract_addr(&missing, "nobody");
    CHECK("sendto_an_unbound_abstract_name_is_econnrefused",
          sendto(cli, "x", 1, 0, (struct sockaddr *)&missing, mlen) == -1 && errno == ECONNREFUSED);
    CHECK("send_unconnected_dgram_is_enotconn", send(cli, "x", 1, 0) == -1 && errno == ENOTCONN);

    /* Connected datagram sockets. */
    CHECK("dgram_connect", connect(cli, (struct sockaddr *)&sa, slen) == 0 && send(cli, "c", 1, 0) == 1 &&
                               recv(srv, buf, 64, 0) == 1);
    struct sockaddr_un pa;
    socklen_t plen = sizeof pa;
    CHECK("dgram_getpeername", getpeername(cli, (struct sockaddr *)&pa, &plen) == 0 && plen == slen &&
                                   strcmp(pa.sun_path, sa.sun_path) == 0);
    int third = socket(AF_UNIX, SOCK_DGRAM, 0);
    connect(srv, (struct sockaddr *)&ca, clen); /* srv now only hears from cli */
    CHECK("sendto_a_socket_connected_elsewhere_is_eperm",
          sendto(third, "x", 1, 0, (struct sockaddr *)&sa, slen) == -1 && errno == EPERM);
    struct sockaddr unspec = { .sa_family = AF_UNSPEC };
    CHECK("connect_af_unspec_dissolves", connect(cli, &unspec, sizeof unspec) == 0 &&
                                             send(cli, "x", 1, 0) == -1 && errno == ENOTCONN);
    int st = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sta;
    socklen_t stlen = path_addr(&sta, path("stream-for-dgram.sock"));
    unlink(path("stream-for-dgram.sock"));
    bind(st, (struct sockaddr *)&sta, stlen);
    CHECK("dgram_to_a_stream_path_is_eprototype",
          sendto(third, "x", 1, 0, (struct sockaddr *)&sta, stlen) == -1 && errno == EPROTOTYPE);
    close(st);
    unlink(path("stream-for-dgram.sock"));
    st = socket(AF_UNIX, SOCK_STREAM, 0);
    stlen = abstract_addr(&sta, "stream-for-dgram");
    bind(st, (struct sockaddr *)&sta, stlen);
    CHECK("dgram_to_a_stream_abstract_name_finds_nobody",
          sendto(third, "x", 1, 0, (struct sockaddr *)&sta, stlen) == -1 && errno == ECONNREFUSED);
    int d2 = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK("each_type_has_its_own_abstract_names", bind(d2, (struct sockaddr *)&sta, stlen) == 0);
    close(d2);
    close(st);
    close(third);
    close(srv);
    close(cli);
    CHECK("sendto_a_closed_sockets_path_is_econnrefused",
          (cli = socket(AF_UNIX, SOCK_DGRAM, 0)) >= 0 &&
              sendto(cli, "x", 1, 0, (struct sockaddr *)&sa, slen) == -1 && errno == ECONNREFUSED);
    close(cli);
    unlink(path("dgram.sock"));
}

/* sendmmsg/recvmmsg: several datagrams in one call, each length written
   back; MSG_WAITFORONE stops waiting after the first; a timeout already
   spent still returns what the first receive brings.  musl's sendmmsg is
   a loop of sendmsg calls, so the kernel's is called raw. */
static int raw_sendmmsg(int fd, struct mmsghdr *v, unsigned n, int flags)
{
    return (int)syscall(SYS_sendmmsg, fd, v, n, flags);
}

static void many_messages(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv))
        return;
    char a[] = "one", b[] = "three", c[] = "fiftyfive";
    struct iovec iv[3] = { { a, 3 }, { b, 5 }, { c, 9 } };
    struct mmsghdr out[3];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        out[i].msg_hdr.msg_iov = &iv[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    CHECK("sendmmsg_sends_three", raw_sendmmsg(sv[0], out, 3, 0) == 3 && out[0].msg_len == 3 &&
                                      out[1].msg_len == 5 && out[2].msg_len == 9);
    char buf[3][16];
    struct iovec riv[3];
    struct mmsghdr in[3];
    memset(in, 0, sizeof in);
    for (int i = 0; i < 3; i++) {
        riv[i] = (struct iovec){ buf[i], sizeof buf[i] };
        in[i].msg_hdr.msg_iov = &riv[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    CHECK("recvmmsg_takes_two_of_three", recvmmsg(sv[1], in, 2, 0, NULL) == 2 &&
                                             in[0].msg_len == 3 && in[1].msg_len == 5 &&
                                             memcmp(buf[1], "three", 5) == 0);
    CHECK("recvmmsg_waitforone_returns_what_is_there",
          recvmmsg(sv[1], in, 3, MSG_WAITFORONE, NULL) == 1 && in[0].msg_len == 9 &&
              memcmp(buf[0], "fiftyfive", 9) == 0);
    CHECK("recvmmsg_dontwait_on_empty_is_eagain",
          recvmmsg(sv[1], in, 3, MSG_DONTWAIT, NULL) == -1 && errno == EAGAIN);
    struct timespec none = { 0, 0 };
    send(sv[0], "x", 1, 0);
    send(sv[0], "y", 1, 0);
    CHECK("recvmmsg_spent_timeout_stops_after_one", recvmmsg(sv[1], in, 3, 0, &none) == 1);
    recv(sv[1], buf[0], sizeof buf[0], 0);
    struct timespec bad = { 0, 2000000000 };
    CHECK("recvmmsg_bad_timeout_is_einval",
          recvmmsg(sv[1], in, 3, MSG_DONTWAIT, &bad) == -1 && errno == EINVAL);
    CHECK("sendmmsg_bad_vector_is_efault",
          raw_sendmmsg(sv[0], (struct mmsghdr *)8, 1, 0) == -1 && errno == EFAULT);
    int dirfd = open("/", O_RDONLY);
    CHECK("sendmmsg_on_a_file_is_enotsock", raw_sendmmsg(dirfd, out, 1, 0) == -1 && errno == ENOTSOCK);
    close(dirfd);
    close(sv[0]);
    close(sv[1]);
}

static void seqpacket(void)
{
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, "seqpacket");
    char buf[64];
    int l = listener(SOCK_SEQPACKET, &a, len, 4);
    CHECK("seqpacket_listens", l >= 0);
    int c = connected(SOCK_SEQPACKET, &a, len);
    int s = accept(l, NULL, NULL);
    CHECK("seqpacket_connects_and_accepts", c >= 0 && s >= 0);
    send(c, "one", 3, 0);
    send(c, "three", 5, 0);
    CHECK("seqpacket_keeps_boundaries", recv(s, buf, 64, 0) == 3 && recv(s, buf, 64, 0) == 5);
    send(c, "toolong", 7, 0);
    struct iovec v = { buf, 3 };
    struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1 };
    CHECK("seqpacket_truncates", recvmsg(s, &m, 0) == 3 && (m.msg_flags & MSG_TRUNC));
    close(c);
    CHECK("seqpacket_eof_after_close", recv(s, buf, 64, 0) == 0);
    struct sigaction sa = { .sa_handler = on_sigpipe };
    sigaction(SIGPIPE, &sa, NULL);
    sigpipes = 0;
    CHECK("seqpacket_send_to_closed_is_epipe_without_sigpipe",
          send(s, "x", 1, 0) == -1 && errno == EPIPE && write(s, "x", 1) == -1 && errno == EPIPE &&
              sigpipes == 0);
    signal(SIGPIPE, SIG_DFL);
    close(s);
    close(l);
    s = socket(AF_UNIX, SOCK_SEQPACKET, 0);
    CHECK("seqpacket_unconnected_send_and_recv_are_enotconn",
          send(s, "x", 1, 0) == -1 && errno == ENOTCONN && recv(s, buf, 1, 0) == -1 && errno == ENOTCONN);
    close(s);
}

/* ---- names, listen, connect, accept --------------------------------------- */

/* ls -l's type letter for p (the first byte of its line). */
static char ls_type(const char *p)
{
    int fds[2];
    pipe(fds);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execlp("ls", "ls", "-l", p, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char line[256] = "";
    read(fds[0], line, sizeof line - 1);
    close(fds[0]);
    child_status(pid);
    return line[0];
}

static void path_names(void)
{
    struct sockaddr_un a, got;
    const char *p = path("named.sock");
    unlink(p);
    socklen_t len = path_addr(&a, p);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    mode_t old = umask(022);
    CHECK("bind_to_a_path", bind(s, (struct sockaddr *)&a, len) == 0);
    umask(old);
    struct stat st;
    CHECK("bind_makes_a_socket_inode", stat(p, &st) == 0 && S_ISSOCK(st.st_mode) &&
                                           (st.st_mode & 0777) == 0755);
    CHECK("ls_l_shows_s", ls_type(p) == 's');
    CHECK("open_a_socket_path_is_enxio", open(p, O_RDONLY) == -1 && errno == ENXIO);
    socklen_t glen = sizeof got;
    CHECK("getsockname_gives_the_path", getsockname(s, (struct sockaddr *)&got, &glen) == 0 &&
                                            glen == len && strcmp(got.sun_path, p) == 0);
    glen = 4;
    CHECK("getsockname_cuts_to_the_buffer_and_says_the_length",
          getsockname(s, (struct sockaddr *)&got, &glen) == 0 && glen == len);
    int s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("bind_existing_path_is_eaddrinuse",
          bind(s2, (struct sockaddr *)&a, len) == -1 && errno == EADDRINUSE);
    struct sockaddr_un other;
    socklen_t olen = path_addr(&other, path("other.sock"));
    CHECK("bind_twice_is_einval", bind(s, (struct sockaddr *)&other, olen) == -1 && errno == EINVAL);
    olen = path_addr(&other, path("no-dir/x.sock"));
    CHECK("bind_in_a_missing_directory_is_enoent",
          bind(s2, (struct sockaddr *)&other, olen) == -1 && errno == ENOENT);
    CHECK("connect_to_an_unlistening_socket_is_econnrefused",
          connect(s2, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
    listen(s, 4);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("connect_by_path", connect(c, (struct sockaddr *)&a, len) == 0);
    glen = sizeof got;
    CHECK("client_getpeername_is_the_path", getpeername(c, (struct sockaddr *)&got, &glen) == 0 &&
                                                strcmp(got.sun_path, p) == 0);
    glen = sizeof got;
    int acc = accept(s, (struct sockaddr *)&got, &glen);
    CHECK("accept_names_an_unnamed_client_by_family_only", acc >= 0 && glen == FAMILY_LEN);
    glen = sizeof got;
    CHECK("accepted_getsockname_is_the_listeners",
          getsockname(acc, (struct sockaddr *)&got, &glen) == 0 && strcmp(got.sun_path, p) == 0);
    close(acc);
    close(c);
    CHECK("unlink_removes_the_name", unlink(p) == 0 && stat(p, &st) == -1 && errno == ENOENT);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("connect_after_unlink_is_enoent", connect(c, (struct sockaddr *)&a, len) == -1 && errno == ENOENT);
    CHECK("the_path_can_be_bound_again", bind(s2, (struct sockaddr *)&a, len) == 0);
    close(s);
    listen(s2, 1);
    close(s2);
    CHECK("close_keeps_the_file_but_connect_is_econnrefused",
          stat(p, &st) == 0 && connect(c, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
    close(c);
    unlink(p);
    int f = open(p, O_CREAT | O_WRONLY, 0600);
    close(f);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("connect_to_a_regular_file_is_econnrefused",
          connect(c, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
    close(c);
    unlink(p);
}

static void abstract_names(void)
{
    struct sockaddr_un a, got;
    socklen_t len = abstract_addr(&a, "abstract");
    int s = socket(AF_UNIX, SOCK_STREAM, 0), s2 = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("bind_abstract", bind(s, (struct sockaddr *)&a, len) == 0);
    socklen_t glen = sizeof got;
    CHECK("getsockname_abstract_is_exact", getsockname(s, (struct sockaddr *)&got, &glen) == 0 &&
                                               glen == len && memcmp(&got, &a, len) == 0);
    CHECK("abstract_in_use_is_eaddrinuse", bind(s2, (struct sockaddr *)&a, len) == -1 && errno == EADDRINUSE);
    CHECK("a_longer_abstract_name_is_another_name", bind(s2, (struct sockaddr *)&a, len + 1) == 0);
    close(s);
    close(s2);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("abstract_name_is_free_after_close", bind(s, (struct sockaddr *)&a, len) == 0);
    close(s);

    s = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un fam = { .sun_family = AF_UNIX };
    memset(&got, 0, sizeof got);
    glen = sizeof got;
    CHECK("unnamed_getsockname_is_the_family", getsockname(s, (struct sockaddr *)&got, &glen) == 0 &&
                                                   glen == FAMILY_LEN && got.sun_family == AF_UNIX);
    glen = sizeof got;
    CHECK("autobind_gives_five_hex_digits",
          bind(s, (struct sockaddr *)&fam, FAMILY_LEN) == 0 &&
              getsockname(s, (struct sockaddr *)&got, &glen) == 0 && glen == FAMILY_LEN + 6 &&
              got.sun_path[0] == '\0' && strspn(got.sun_path + 1, "0123456789abcdef") == 5);
    close(s);

    s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("address_longer_than_sockaddr_un_is_einval",
          bind(s, (struct sockaddr *)&a, sizeof a + 1) == -1 && errno == EINVAL);
    char huge[200];
    memcpy(huge, &a, sizeof a);
    CHECK("address_longer_than_sockaddr_storage_is_einval",
          bind(s, (struct sockaddr *)huge, sizeof huge) == -1 && errno == EINVAL);
    CHECK("address_of_one_byte_is_einval", bind(s, (struct sockaddr *)&a, 1) == -1 && errno == EINVAL);
    CHECK("negative_address_length_is_einval", syscall(SYS_bind, s, &a, -1) == -1 && errno == EINVAL);
    struct sockaddr_un inet = a;
    inet.sun_family = AF_INET;
    CHECK("wrong_family_is_einval", bind(s, (struct sockaddr *)&inet, len) == -1 && errno == EINVAL);
    close(s);
}

static void connections(void)
{
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, "conn");
    char buf[64];
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("listen_unbound_is_einval", listen(s, 1) == -1 && errno == EINVAL);
    close(s);
    s = socket(AF_UNIX, SOCK_DGRAM, 0);
    CHECK("listen_on_dgram_is_eopnotsupp", listen(s, 1) == -1 && errno == EOPNOTSUPP);
    CHECK("accept_on_dgram_is_eopnotsupp", accept(s, NULL, NULL) == -1 && errno == EOPNOTSUPP);
    close(s);
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("accept_on_an_unlistening_socket_is_einval", accept(s, NULL, NULL) == -1 && errno == EINVAL);
    CHECK("connect_to_a_missing_abstract_name_is_econnrefused",
          connect(s, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
    close(s);

    /* Backlog 0 takes one connection; then connect waits or says EAGAIN. */
    int l = listener(SOCK_STREAM, &a, len, 0);
    int val = 0;
    socklen_t vlen = sizeof val;
    CHECK("so_acceptconn", getsockopt(l, SOL_SOCKET, SO_ACCEPTCONN, &val, &vlen) == 0 && val == 1);
    int c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
    CHECK("backlog_0_takes_one", connect(c1, (struct sockaddr *)&a, len) == 0);
    CHECK("full_backlog_nonblocking_connect_is_eagain",
          connect(c2, (struct sockaddr *)&a, len) == -1 && errno == EAGAIN);
    struct pollfd p = { l, POLLIN, 0 };
    CHECK("listener_polls_in_with_a_connection", poll(&p, 1, 0) == 1 && p.revents == POLLIN);
    CHECK("connect_again_meets_the_full_backlog_first",
          connect(c1, (struct sockaddr *)&a, len) == -1 && errno == EAGAIN);
    send(c1, "early", 5, 0);
    pid_t pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        int acc = accept(l, NULL, NULL);
        _exit(acc >= 0 && recv(acc, buf, 64, 0) == 5 ? 0 : 1);
    }
    fcntl(c2, F_SETFL, 0);
    uint64_t t0 = now_ms();
    CHECK("blocking_connect_waits_for_room", connect(c2, (struct sockaddr *)&a, len) == 0 &&
                                                 now_ms() - t0 >= 100);
    CHECK("data_sent_before_accept_arrives", exited_0(child_status(pid)));
    int acc = accept4(l, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    CHECK("accept4_flags", acc >= 0 && fcntl(acc, F_GETFD) == FD_CLOEXEC && (fcntl(acc, F_GETFL) & O_NONBLOCK));
    CHECK("connect_twice_is_eisconn", connect(c1, (struct sockaddr *)&a, len) == -1 && errno == EISCONN);
    /* The raw call: musl's accept4 retries a plain accept after EINVAL. */
    CHECK("accept4_bad_flags_is_einval", syscall(SYS_accept4, l, NULL, NULL, 0x40) == -1 && errno == EINVAL);
    fcntl(l, F_SETFL, O_NONBLOCK);
    CHECK("nonblocking_accept_is_eagain", accept(l, NULL, NULL) == -1 && errno == EAGAIN);
    fcntl(l, F_SETFL, 0);
    close(acc);
    close(c1);
    close(c2);

    pid = fork();
    if (pid == 0) {
        sleep_ms(150);
        int c = connected(SOCK_STREAM, &a, len);
        _exit(c >= 0 && send(c, "hi", 2, 0) == 2 ? 0 : 1);
    }
    t0 = now_ms();
    acc = accept(l, NULL, NULL);
    CHECK("accept_blocks_until_a_connection", acc >= 0 && now_ms() - t0 >= 100 &&
                                                  recv(acc, buf, 64, 0) == 2);
    struct ucred cr;
    socklen_t crlen = sizeof cr;
    CHECK("so_peercred_of_accepted_is_the_client",
          getsockopt(acc, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0 && cr.pid == pid &&
              crlen == sizeof cr);
    child_status(pid);
    close(acc);

    /* The listener closes with a connection not accepted: the client is reset. */
    int c = connected(SOCK_STREAM, &a, len);
    crlen = sizeof cr;
    CHECK("so_peercred_of_the_client_is_the_listener",
          getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0 && cr.pid == getpid() &&
              cr.uid == getuid() && cr.gid == getgid());
    close(l);
    CHECK("client_of_a_closed_listener_is_reset",
          recv(c, buf, 64, 0) == -1 && errno == ECONNRESET && recv(c, buf, 64, 0) == 0);
    close(c);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    CHECK("connect_after_the_listener_closed_is_econnrefused",
          connect(c, (struct sockaddr *)&a, len) == -1 && errno == ECONNREFUSED);
    close(c);

    /* A connect waiting for room fails once the listener closes. */
    l = listener(SOCK_STREAM, &a, len, 0);
    c = connected(SOCK_STREAM, &a, len);
    pid = fork();
    if (pid == 0) {
        close(l); /* only the parent's descriptor keeps the listener */
        close(c);
        int w = socket(AF_UNIX, SOCK_STREAM, 0);
        int r = connect(w, (struct sockaddr *)&a, len);
        _exit(r == -1 && errno == ECONNREFUSED ? 0 : 1);
    }
    sleep_ms(150);
    close(l);
    CHECK("blocked_connect_is_refused_when_the_listener_closes", exited_0(child_status(pid)));
    close(c);

    l = listener(SOCK_STREAM, &a, len, 0x7fffffff);
    CHECK("huge_backlog_is_accepted", l >= 0);
    CHECK("negative_backlog_is_accepted", listen(l, -5) == 0);
    close(l);
    s = socket(AF_UNIX, SOCK_DGRAM, 0);
    len = path_addr(&a, path("conn.sock"));
    unlink(path("conn.sock"));
    l = listener(SOCK_STREAM, &a, len, 1);
    CHECK("connect_dgram_to_a_stream_listener_path_is_eprototype",
          connect(s, (struct sockaddr *)&a, len) == -1 && errno == EPROTOTYPE);
    close(s);
    close(l);
    unlink(path("conn.sock"));
}

/* ---- options --------------------------------------------------------------- */

static void options(void)
{
    int sv[2], v;
    socklen_t vl = sizeof v;
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    CHECK("so_type", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &vl) == 0 && v == SOCK_DGRAM && vl == 4);
    vl = sizeof v;
    CHECK("so_error_is_0", getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &vl) == 0 && v == 0);
    vl = sizeof v;
    CHECK("so_sndbuf_default", getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &vl) == 0 && v > 4096);
    v = 65536;
    CHECK("so_sndbuf_is_doubled", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v) == 0 &&
                                      getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &vl) == 0 &&
                                      v == 131072);
    v = 40000;
    CHECK("so_rcvbuf_is_doubled", setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, sizeof v) == 0 &&
                                      getsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &v, &vl) == 0 &&
                                      v == 80000);
    v = 1;
    CHECK("so_sndbuf_has_a_floor", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof v) == 0 &&
                                       getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &vl) == 0 &&
                                       v >= 2048 && v <= 8192);
    CHECK("small_sndbuf_makes_emsgsize", send(sv[0], (char[8192]){ 0 }, 8192, 0) == -1 && errno == EMSGSIZE);
    v = 1;
    CHECK("so_passcred_set_and_get", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, sizeof v) == 0 &&
                                         getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &v, &vl) == 0 && v == 1);
    struct ucred cr;
    socklen_t crl = sizeof cr;
    CHECK("so_peercred_of_a_pair_is_ourselves",
          getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &crl) == 0 && crl == sizeof cr &&
              cr.pid == getpid() && cr.uid == getuid() && cr.gid == getgid());
    vl = 2;
    v = 0;
    CHECK("getsockopt_short_length_copies_part", getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &vl) == 0 &&
                                                     vl == 2 && v == SOCK_DGRAM);
    vl = sizeof v;
    CHECK("unknown_option_is_enoprotoopt", getsockopt(sv[0], SOL_SOCKET, 9999, &v, &vl) == -1 &&
                                               errno == ENOPROTOOPT);
    CHECK("other_level_is_eopnotsupp", getsockopt(sv[0], 6, 1, &v, &vl) == -1 && errno == EOPNOTSUPP &&
                                           setsockopt(sv[0], 6, 1, &v, sizeof v) == -1 && errno == EOPNOTSUPP);
    CHECK("setsockopt_short_length_is_einval",
          setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, 2) == -1 && errno == EINVAL);
    vl = (socklen_t)-1;
    CHECK("getsockopt_negative_length_is_einval",
          getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, &vl) == -1 && errno == EINVAL);
    close(sv[0]);
    close(sv[1]);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    crl = sizeof cr;
    CHECK("so_peercred_unconnected_is_pid_0_and_minus_1",
          getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &crl) == 0 && cr.pid == 0 &&
              cr.uid == (uid_t)-1 && cr.gid == (gid_t)-1);
    struct sockaddr_un pa;
    socklen_t plen = sizeof pa;
    CHECK("getpeername_unconnected_is_enotconn",
          getpeername(s, (struct sockaddr *)&pa, &plen) == -1 && errno == ENOTCONN);
    close(s);

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[0], "x", 1, 0);
    close(sv[1]);
    vl = sizeof v;
    CHECK("so_error_reports_and_clears_a_reset", getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &vl) == 0 &&
                                                     v == ECONNRESET &&
                                                     getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &vl) == 0 &&
                                                     v == 0);
    close(sv[0]);
}

/* ---- descriptors and credentials ------------------------------------------ */

/* Sends n bytes of data with the descriptors fds[0..nfds). */
static ssize_t send_fds(int s, const void *data, size_t n, const int *fds, int nfds)
{
    char ctl[CMSG_SPACE(sizeof(int) * 16)];
    memset(ctl, 0, sizeof ctl);
    struct iovec v = { (void *)data, n };
    struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = ctl,
                        .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
    memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
    return sendmsg(s, &m, 0);
}

/* The raw calls: musl's wrappers copy struct msghdr (a bad pointer would
   fault in the program) and refuse long control buffers themselves. */
static long raw_sendmsg(int s, const void *m, int flags) { return syscall(SYS_sendmsg, s, m, flags); }
static long raw_recvmsg(int s, void *m, int flags) { return syscall(SYS_recvmsg, s, m, flags); }

/* Receives up to n bytes and at most `room` descriptors into fds; *nfds
   gets how many came, *flags msg_flags. */
static ssize_t recv_fds(int s, void *data, size_t n, int *fds, int room, int *nfds, int *flags, int rflags)
{
    char ctl[CMSG_SPACE(sizeof(int) * 16)];
    struct iovec v = { data, n };
    struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = ctl,
                        .msg_controllen = room ? CMSG_LEN(sizeof(int) * (size_t)room) : 0 };
    ssize_t r = recvmsg(s, &m, rflags);
    *nfds = 0;
    *flags = m.msg_flags;
    if (r < 0)
        return r;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(fds + *nfds, CMSG_DATA(c), sizeof(int) * (size_t)k);
            *nfds += k;
        }
    return r;
}

static void rights(void)
{
    int sv[2], p[2], got[16], n, flags;
    char buf[64];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);

    /* A pipe's write end: the receiver writes, we read it here. */
    pipe(p);
    CHECK("sendmsg_with_scm_rights", send_fds(sv[0], "P", 1, &p[1], 1) == 1);
    close(p[1]);
    CHECK("recvmsg_gets_a_new_descriptor", recv_fds(sv[1], buf, 64, got, 4, &n, &flags, 0) == 1 && n == 1 &&
                                               got[0] >= 0 && flags == 0);
    CHECK("the_received_pipe_end_works", write(got[0], "via", 3) == 3 && read(p[0], buf, 64) == 3);
    close(got[0]);
    CHECK("the_pipe_closes_when_every_copy_is_closed", read(p[0], buf, 64) == 0);
    close(p[0]);

    /* A regular file: the same open file (one offset). */
    const char *fp = path("rights.txt");
    int f = open(fp, O_CREAT | O_TRUNC | O_RDWR, 0600);
    write(f, "0123456789", 10);
    lseek(f, 2, SEEK_SET);
    send_fds(sv[0], "F", 1, &f, 1);
    recv_fds(sv[1], buf, 64, got, 4, &n, &flags, 0);
    CHECK("a_passed_file_shares_the_offset", n == 1 && read(got[0], buf, 3) == 3 &&
                                                 memcmp(buf, "234", 3) == 0 && lseek(f, 0, SEEK_CUR) == 5);
    close(got[0]);
    close(f);
    unlink(fp);

    /* A socket over a socket. */
    int inner[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, inner);
    send_fds(sv[0], "S", 1, &inner[1], 1);
    close(inner[1]);
    recv_fds(sv[1], buf, 64, got, 4, &n, &flags, 0);
    CHECK("a_passed_socket_works", n == 1 && send(got[0], "in", 2, 0) == 2 && recv(inner[0], buf, 64, 0) == 2);
    close(got[0]);
    close(inner[0]);

    /* Three at once; room for one: MSG_CTRUNC, the others closed. */
    int three[3];
    for (int i = 0; i < 3; i++)
        three[i] = open("/dev/null", O_RDONLY);
    send_fds(sv[0], "3", 1, three, 3);
    int before = open_fds();
    recv_fds(sv[1], buf, 64, got, 1, &n, &flags, 0);
    CHECK("short_control_buffer_gives_msg_ctrunc", n == 1 && (flags & MSG_CTRUNC) && open_fds() == before + 1);
    close(got[0]);
    send_fds(sv[0], "3", 1, three, 3);
    recv_fds(sv[1], buf, 64, got, 0, &n, &flags, 0);
    CHECK("no_control_buffer_drops_them_all", n == 0 && (flags & MSG_CTRUNC) && open_fds() == before);
    send_fds(sv[0], "3", 1, three, 3);
    recv_fds(sv[1], buf, 64, got, 4, &n, &flags, MSG_CMSG_CLOEXEC);
    CHECK("msg_cmsg_cloexec", n == 3 && fcntl(got[0], F_GETFD) == FD_CLOEXEC &&
                                  fcntl(got[2], F_GETFD) == FD_CLOEXEC);
    for (int i = 0; i < 3; i++)
        close(got[i]);
    send_fds(sv[0], "3", 1, three, 3);
    CHECK("read_drops_passed_descriptors", read(sv[1], buf, 64) == 1 && open_fds() == before);

    /* Descriptors end a stream read: one set per read. */
    send_fds(sv[0], "ab", 2, three, 1);
    send(sv[0], "cd", 2, 0);
    CHECK("a_read_stops_after_the_bytes_with_descriptors",
          recv_fds(sv[1], buf, 64, got, 4, &n, &flags, 0) == 2 && n == 1 && recv(sv[1], buf, 64, 0) == 2);
    close(got[0]);
    send_fds(sv[0], "pk", 2, three, 1);
    int n2;
    CHECK("msg_peek_passes_copies", recv_fds(sv[1], buf, 64, got, 4, &n, &flags, MSG_PEEK) == 2 && n == 1 &&
                                        recv_fds(sv[1], buf, 64, got + 1, 4, &n2, &flags, 0) == 2 && n2 == 1);
    close(got[0]);
    close(got[1]);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    CHECK("stream_sendmsg_of_no_bytes_sends_nothing",
          send_fds(sv[0], "", 0, three, 1) == 0 && recv(sv[1], buf, 64, 0) == -1 && errno == EAGAIN);
    fcntl(sv[1], F_SETFL, 0);

    /* Bad control messages. */
    int bad = 77;
    CHECK("scm_rights_with_a_closed_fd_is_ebadf", send_fds(sv[0], "x", 1, &bad, 1) == -1 && errno == EBADF);
    char ctl[CMSG_SPACE(sizeof(int) * 300)];
    memset(ctl, 0, sizeof ctl);
    struct iovec v = { "x", 1 };
    struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = ctl };
    struct cmsghdr *c = (struct cmsghdr *)ctl;
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int) * 254);
    for (int i = 0; i < 254; i++)
        ((int *)CMSG_DATA(c))[i] = three[0];
    m.msg_controllen = CMSG_SPACE(sizeof(int) * 254);
    CHECK("more_than_253_descriptors_is_einval", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
    c->cmsg_len = 8;
    m.msg_controllen = CMSG_SPACE(0);
    CHECK("cmsg_len_below_the_header_is_einval", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
    c->cmsg_len = CMSG_LEN(sizeof(int) * 4);
    m.msg_controllen = CMSG_LEN(sizeof(int));
    CHECK("cmsg_len_past_controllen_is_einval", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
    c->cmsg_len = CMSG_LEN(sizeof(int));
    c->cmsg_type = 99;
    m.msg_controllen = CMSG_SPACE(sizeof(int));
    CHECK("unknown_scm_type_is_einval", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
    c->cmsg_level = 6;
    CHECK("other_levels_are_skipped", raw_sendmsg(sv[0], &m, 0) == 1 && recv(sv[1], buf, 64, 0) == 1);
    m.msg_controllen = 1 << 30;
    CHECK("huge_controllen_is_enobufs", raw_sendmsg(sv[0], &m, 0) == -1 && errno == ENOBUFS);
    m.msg_controllen = 8;
    CHECK("controllen_below_a_header_is_no_control", raw_sendmsg(sv[0], &m, 0) == 1 && recv(sv[1], buf, 64, 0) == 1);
    for (int i = 0; i < 3; i++)
        close(three[i]);
    close(sv[0]);
    close(sv[1]);

    /* Datagram: descriptors with no bytes at all. */
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    pipe(p);
    CHECK("dgram_passes_descriptors_without_data", send_fds(sv[0], "", 0, &p[0], 1) == 0 &&
                                                       recv_fds(sv[1], buf, 64, got, 4, &n, &flags, 0) == 0 &&
                                                       n == 1);
    close(got[0]);
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
}

/* Is fd's pipe at end of file within ms (rather than blocking)? */
static int eof_within(int fd, int ms)
{
    struct pollfd p = { fd, POLLIN, 0 };
    char c;
    return poll(&p, 1, ms) == 1 && read(fd, &c, 1) == 0;
}

static void in_flight(void)
{
    int sv[2], p[2];
    /* Closing the receiver closes what was queued for it. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    send_fds(sv[0], "w", 1, &p[1], 1);
    close(p[1]);
    close(sv[1]);
    CHECK("closing_the_receiver_closes_descriptors_in_flight", eof_within(p[0], 2000));
    close(sv[0]);
    close(p[0]);

    /* A socket sent over itself: each end's file queued at the other, both
       closed.  Only the collector can free them (and the pipe end queued
       with them); it runs when another socket is released. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    send_fds(sv[0], "a", 1, &sv[0], 1);
    send_fds(sv[1], "b", 1, &sv[1], 1);
    send_fds(sv[0], "w", 1, &p[1], 1);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
    int t[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, t);
    close(t[0]);
    close(t[1]);
    CHECK("sockets_sent_over_themselves_are_collected", eof_within(p[0], 3000));
    close(p[0]);

    /* Still reachable: a socket in flight whose receiver is open is kept. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int q[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, q);
    send_fds(sv[0], "q", 1, &q[0], 1);
    close(q[0]);
    socketpair(AF_UNIX, SOCK_STREAM, 0, t);
    close(t[0]);
    close(t[1]);
    int got[4], n, flags;
    char buf[8];
    CHECK("reachable_sockets_in_flight_survive", recv_fds(sv[1], buf, 8, got, 4, &n, &flags, 0) == 1 && n == 1 &&
                                                     send(got[0], "ok", 2, 0) == 2 && recv(q[1], buf, 8, 0) == 2);
    close(got[0]);
    close(q[1]);
    close(sv[0]);
    close(sv[1]);
}

static void credentials(void)
{
    int sv[2], one = 1;
    char buf[64], ctl[CMSG_SPACE(sizeof(struct ucred)) + 64];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    pid_t pid = fork();
    if (pid == 0) {
        send(sv[0], "who", 3, 0);
        _exit(0);
    }
    child_status(pid);
    struct iovec v = { buf, sizeof buf };
    struct msghdr m = { .msg_iov = &v, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl };
    ssize_t r = recvmsg(sv[1], &m, 0);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    struct ucred cr = { 0, 0, 0 };
    if (c && c->cmsg_type == SCM_CREDENTIALS)
        memcpy(&cr, CMSG_DATA(c), sizeof cr);
    CHECK("so_passcred_delivers_the_senders_credentials",
          r == 3 && c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
              c->cmsg_len == CMSG_LEN(sizeof cr) && cr.pid == pid && cr.uid == getuid() &&
              cr.gid == getgid() && m.msg_controllen == CMSG_SPACE(sizeof cr));

    /* Sending our own credentials explicitly is fine; a made-up pid is not. */
    char sctl[CMSG_SPACE(sizeof(struct ucred))];
    memset(sctl, 0, sizeof sctl);
    struct iovec sv_io = { "me", 2 };
    struct msghdr sm = { .msg_iov = &sv_io, .msg_iovlen = 1, .msg_control = sctl, .msg_controllen = sizeof sctl };
    c = CMSG_FIRSTHDR(&sm);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof cr);
    cr = (struct ucred){ getpid(), getuid(), getgid() };
    memcpy(CMSG_DATA(c), &cr, sizeof cr);
    CHECK("scm_credentials_with_own_pid", sendmsg(sv[0], &sm, 0) == 2);
    m.msg_controllen = sizeof ctl;
    recvmsg(sv[1], &m, 0);
    c = CMSG_FIRSTHDR(&m);
    memcpy(&cr, CMSG_DATA(c), sizeof cr);
    CHECK("received_credentials_match", cr.pid == getpid());
    cr.pid = 0x3ffffff0;
    memcpy(CMSG_DATA(CMSG_FIRSTHDR(&sm)), &cr, sizeof cr);
    CHECK("scm_credentials_of_no_process_is_refused",
          sendmsg(sv[0], &sm, 0) == -1 && (errno == ESRCH || errno == EPERM));
    CMSG_FIRSTHDR(&sm)->cmsg_len = CMSG_LEN(sizeof cr - 4);
    CHECK("scm_credentials_of_the_wrong_size_is_einval", sendmsg(sv[0], &sm, 0) == -1 && errno == EINVAL);

    /* Too small a control buffer cuts the credentials short. */
    send(sv[0], "x", 1, 0);
    m.msg_controllen = CMSG_LEN(4);
    CHECK("credentials_cut_short_set_msg_ctrunc", recvmsg(sv[1], &m, 0) == 1 && (m.msg_flags & MSG_CTRUNC));
    close(sv[0]);
    close(sv[1]);

    /* A stream reader with SO_PASSCRED never gets two writers in one read. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    send(sv[0], "par", 3, 0);
    pid = fork();
    if (pid == 0) {
        send(sv[0], "child", 5, 0);
        _exit(0);
    }
    child_status(pid);
    m.msg_controllen = sizeof ctl;
    CHECK("passcred_stream_read_stops_at_another_writer",
          recvmsg(sv[1], &m, 0) == 3 && recv(sv[1], buf, 64, 0) == 5);
    close(sv[0]);
    close(sv[1]);
}

/* ---- bad pointers ---------------------------------------------------------- */

static void bad_pointers(void)
{
    int sv[2];
    char buf[64];
    int before = lowest_free_fd();
    CHECK("socketpair_bad_pointer_is_efault_without_a_leak",
          socketpair(AF_UNIX, SOCK_STREAM, 0, KERNEL_PTR) == -1 && errno == EFAULT &&
              lowest_free_fd() == before);
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    CHECK("bind_bad_address_is_efault", bind(sv[0], KERNEL_PTR, 10) == -1 && errno == EFAULT);
    CHECK("connect_bad_address_is_efault", connect(sv[0], KERNEL_PTR, 10) == -1 && errno == EFAULT);
    CHECK("send_bad_buffer_is_efault", send(sv[0], KERNEL_PTR, 10, 0) == -1 && errno == EFAULT);
    CHECK("sendto_bad_address_is_efault", sendto(sv[0], "x", 1, 0, KERNEL_PTR, 10) == -1 && errno == EFAULT);
    send(sv[0], "data", 4, 0);
    CHECK("recv_bad_buffer_is_efault", recv(sv[1], KERNEL_PTR, 10, 0) == -1 && errno == EFAULT);
    send(sv[0], "data", 4, 0);
    struct sockaddr_un a;
    CHECK("recvfrom_bad_length_pointer_is_efault",
          recvfrom(sv[1], buf, 64, 0, (struct sockaddr *)&a, KERNEL_PTR) == -1 && errno == EFAULT);
    socklen_t l = sizeof a;
    CHECK("getsockname_bad_pointers_are_efault",
          getsockname(sv[0], KERNEL_PTR, &l) == -1 && errno == EFAULT &&
              getsockname(sv[0], (struct sockaddr *)&a, KERNEL_PTR) == -1 && errno == EFAULT);
    int v = 0;
    l = sizeof v;
    CHECK("getsockopt_bad_pointers_are_efault",
          getsockopt(sv[0], SOL_SOCKET, SO_TYPE, KERNEL_PTR, &l) == -1 && errno == EFAULT &&
              getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &v, KERNEL_PTR) == -1 && errno == EFAULT);
    CHECK("setsockopt_bad_value_is_efault",
          setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, KERNEL_PTR, 4) == -1 && errno == EFAULT);

    struct iovec iov = { buf, 4 };
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    CHECK("sendmsg_bad_msghdr_is_efault", raw_sendmsg(sv[0], KERNEL_PTR, 0) == -1 && errno == EFAULT);
    m.msg_iov = KERNEL_PTR;
    CHECK("sendmsg_bad_iov_array_is_efault", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EFAULT);
    struct iovec bad = { KERNEL_PTR, 4 };
    m.msg_iov = &bad;
    CHECK("sendmsg_bad_iov_base_is_efault", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EFAULT);
    m.msg_iov = &iov;
    m.msg_name = KERNEL_PTR;
    m.msg_namelen = 10;
    CHECK("sendmsg_bad_name_is_efault", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EFAULT);
    m.msg_name = NULL;
    m.msg_namelen = 0;
    m.msg_control = KERNEL_PTR;
    m.msg_controllen = 32;
    CHECK("sendmsg_bad_control_is_efault", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EFAULT);
    m.msg_control = NULL;
    m.msg_controllen = 0;
    m.msg_iovlen = 1025;
    CHECK("more_than_uio_maxiov_is_emsgsize", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EMSGSIZE);
    struct iovec neg = { buf, (size_t)-1 };
    m.msg_iov = &neg;
    m.msg_iovlen = 1;
    CHECK("negative_iov_len_is_einval", raw_sendmsg(sv[0], &m, 0) == -1 && errno == EINVAL);
    m.msg_iov = &iov;
    CHECK("recvmsg_bad_msghdr_is_efault", raw_recvmsg(sv[1], KERNEL_PTR, 0) == -1 && errno == EFAULT);
    m.msg_iov = &bad;
    send(sv[0], "data", 4, 0);
    CHECK("recvmsg_bad_iov_base_is_efault", raw_recvmsg(sv[1], &m, MSG_DONTWAIT) == -1 && errno == EFAULT);
    /* A control buffer that cannot be written loses the control messages
       (MSG_CTRUNC; the descriptors are closed), not the data. */
    int one = 1, nul = open("/dev/null", O_RDONLY);
    while (recv(sv[1], buf, sizeof buf, MSG_DONTWAIT) >= 0)
        ; /* what the failed calls above left queued */
    setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    send_fds(sv[0], "c", 1, &nul, 1);
    close(nul);
    int fds_before = open_fds();
    struct iovec in = { buf, sizeof buf };
    struct msghdr rm = { .msg_iov = &in, .msg_iovlen = 1, .msg_control = KERNEL_PTR, .msg_controllen = 64 };
    CHECK("recvmsg_bad_control_loses_the_control_not_the_data",
          raw_recvmsg(sv[1], &rm, 0) == 1 && (rm.msg_flags & MSG_CTRUNC) && rm.msg_controllen == 0 &&
              open_fds() == fds_before);
    close(sv[0]);
    close(sv[1]);

    /* A stream's bytes stay queued when the copy out fails. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    send(sv[0], "kept", 4, 0);
    CHECK("stream_bytes_survive_a_bad_buffer", recv(sv[1], KERNEL_PTR, 4, 0) == -1 && errno == EFAULT &&
                                                   recv(sv[1], buf, 64, 0) == 4);
    close(sv[0]);
    close(sv[1]);

    /* accept with a bad address: the connection is dropped, no descriptor leaks. */
    struct sockaddr_un an;
    socklen_t alen = abstract_addr(&an, "badaccept");
    int lsn = listener(SOCK_STREAM, &an, alen, 2);
    int c = connected(SOCK_STREAM, &an, alen);
    before = lowest_free_fd();
    socklen_t got = sizeof an;
    CHECK("accept_bad_address_is_efault_without_a_leak",
          accept(lsn, KERNEL_PTR, &got) == -1 && errno == EFAULT && lowest_free_fd() == before);
    close(c);
    close(lsn);
}

/* ---- many sockets ------------------------------------------------------------ */

/* n rounds of: a pair with some bytes both ways, a listener with a
   connection, descriptors passed and dropped, the sockets watched by poll
   and by an epoll instance (closed before or after them); everything
   closed. */
static void churn(int n)
{
    struct sockaddr_un a;
    socklen_t len = abstract_addr(&a, "churn");
    char buf[256];
    memset(buf, 'z', sizeof buf);
    for (int i = 0; i < n; i++) {
        int sv[2], d[2];
        socketpair(AF_UNIX, i % 2 ? SOCK_DGRAM : SOCK_STREAM, 0, sv);
        send(sv[0], buf, sizeof buf, 0);
        send(sv[1], buf, 17, 0);
        socketpair(AF_UNIX, SOCK_SEQPACKET, 0, d);
        send_fds(sv[0], "f", 1, d, 2);
        if (i % 3 == 0)
            recv(sv[1], buf, sizeof buf, 0);
        close(d[0]);
        close(d[1]);
        int l = listener(SOCK_STREAM, &a, len, 1);
        int c = connected(SOCK_STREAM, &a, len);
        send(c, buf, 100, 0);
        int ep = epoll_create1(0);
        struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };
        epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
        epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev);
        struct epoll_event out[4];
        epoll_wait(ep, out, 4, 0);
        struct pollfd pf[3] = { { sv[1], POLLIN, 0 }, { l, POLLIN, 0 }, { c, POLLOUT, 0 } };
        poll(pf, 3, 0);
        if (i % 2) {
            int acc = accept(l, NULL, NULL);
            close(acc);
            close(ep);
        }
        close(c);
        close(l);
        close(sv[0]);
        close(sv[1]);
        if (i % 2 == 0)
            close(ep); /* after its watched files: they left it already */
    }
}

static void many_sockets(void)
{
    int before = lowest_free_fd();
    int fds[200];
    int ok = 1;
    for (int i = 0; i < 100; i++)
        ok &= socketpair(AF_UNIX, SOCK_STREAM, 0, fds + 2 * i) == 0;
    for (int i = 0; i < 200; i++)
        close(fds[i]);
    CHECK("two_hundred_sockets_open_and_close", ok && lowest_free_fd() == before);
    churn(300);
    CHECK("churn_leaves_no_descriptor_open", lowest_free_fd() == before);
}

/* pagelab's kmalloc counters and the free frames at the same instant
   (/proc/kmallocinfo), and MemFree (/proc/meminfo); -1 where the file or
   line is missing (Linux). */
struct heap {
    long bytes, objects, pages, free_frames, memfree_kb;
};

/* One read of /proc/kmallocinfo (a snapshot) and MemFree from /proc/meminfo. */
static struct heap heap_now(void)
{
    struct heap h = { -1, -1, -1, -1, -1 };
    char text[512] = "";
    int fd = open("/proc/kmallocinfo", O_RDONLY);
    if (fd >= 0) {
        ssize_t n = read(fd, text, sizeof text - 1);
        text[n > 0 ? n : 0] = '\0';
        close(fd);
        sscanf(text, "objects %ld bytes %ld pages %ld free_frames %ld", &h.objects, &h.bytes,
               &h.pages, &h.free_frames);
    }
    fd = open("/proc/meminfo", O_RDONLY);
    if (fd >= 0) {
        char mem[2048];
        ssize_t n = read(fd, mem, sizeof mem - 1);
        mem[n > 0 ? n : 0] = '\0';
        close(fd);
        char *at = strstr(mem, "MemFree:");
        if (at)
            h.memfree_kb = strtol(at + 8, NULL, 10);
    }
    return h;
}

/* --leaks: after a warm-up (first uses allocate tables and slab pages that
   stay), n rounds of churn must leave kmalloc where it was. */
static int leaks(int n)
{
    churn(20);
    heap_now(); /* the first reads of the /proc files allocate what stays */
    struct heap a = heap_now();
    int fa = open_fds();
    churn(n);
    struct heap b = heap_now();
    printf("leaks: %d rounds (%d sockets); kmalloc bytes %ld -> %ld, objects %ld -> %ld, pages %ld -> %ld; "
           "free frames %ld -> %ld; MemFree %ld -> %ld kB; descriptors %d -> %d\n",
           n, 6 * n, a.bytes, b.bytes, a.objects, b.objects, a.pages, b.pages, a.free_frames,
           b.free_frames, a.memfree_kb, b.memfree_kb, fa, open_fds());
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--leaks") == 0)
        return leaks(atoi(argv[2]));
    snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : "/tmp");
    creation();
    stream_data();
    stream_waiting();
    stream_ends();
    datagrams();
    many_messages();
    seqpacket();
    path_names();
    abstract_names();
    connections();
    options();
    rights();
    in_flight();
    credentials();
    bad_pointers();
    many_sockets();
    return failures;
}
