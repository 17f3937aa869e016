/*
 * tests/user/pipeedge.c: edge cases of pipes, poll and epoll that pipes.c
 * and polltest.c leave out: the pipe's size (F_GETPIPE_SZ, F_SETPIPE_SZ),
 * packet pipes (O_DIRECT), end of file without data under O_NONBLOCK and
 * poll, /proc/self/fd names, epoll re-arming by EPOLL_CTL_MOD.  One line per
 * check; the exit status is the number of failures.  Runs on Linux first,
 * then unmodified in pagelab.
 */
#include "ipctest.h"

#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <signal.h>

#include "check.h"

static char big[1 << 20];

static void set_nonblock(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static void pipe_size(void)
{
    int p[2];
    pipe(p);
    CHECK("f_getpipe_sz_is_64_kib_on_both_ends",
          fcntl(p[0], F_GETPIPE_SZ) == 65536 && fcntl(p[1], F_GETPIPE_SZ) == 65536);
    CHECK("f_setpipe_sz_rounds_up_to_a_power_of_two_pages", fcntl(p[1], F_SETPIPE_SZ, 5000) == 8192 &&
                                                                fcntl(p[0], F_GETPIPE_SZ) == 8192);
    CHECK("f_setpipe_sz_below_a_page_is_a_page",
          fcntl(p[0], F_SETPIPE_SZ, 1) == 4096 && fcntl(p[0], F_SETPIPE_SZ, 0) == 4096);
    set_nonblock(p[1]);
    CHECK("a_one_page_pipe_holds_4096_bytes", write(p[1], big, 8192) == 4096 &&
                                                  write(p[1], big, 1) == -1 && errno == EAGAIN);
    struct pollfd pf = { p[1], POLLOUT, 0 };
    CHECK("a_full_one_page_pipe_is_not_writable", poll(&pf, 1, 0) == 0);
    read(p[0], big, sizeof big);
    close(p[0]);
    close(p[1]);

    pipe(p);
    set_nonblock(p[1]);
    for (int i = 0; i < 3; i++)
        write(p[1], big, 4096);
    CHECK("shrinking_below_the_buffers_in_use_is_ebusy", fcntl(p[1], F_SETPIPE_SZ, 8192) == -1 && errno == EBUSY);
    CHECK("the_size_stays", fcntl(p[1], F_GETPIPE_SZ) == 65536);
    CHECK("shrinking_to_what_is_in_use_works", fcntl(p[1], F_SETPIPE_SZ, 16384) == 16384);
    int n = -1;
    CHECK("the_bytes_stay_queued", ioctl(p[0], FIONREAD, &n) == 0 && n == 12288);
    CHECK("and_the_rest_fills_up", write(p[1], big, sizeof big) == 4096);
    CHECK("growing_makes_room", fcntl(p[0], F_SETPIPE_SZ, 262144) == 262144 &&
                                    write(p[1], big, sizeof big) == 262144 - 16384);
    size_t got = 0;
    ssize_t r;
    set_nonblock(p[0]);
    while ((r = read(p[0], big, sizeof big)) > 0)
        got += (size_t)r;
    CHECK("every_byte_comes_out", got == 262144);
    errno = 0;
    long want2m = 2L << 20;
    int r2 = fcntl(p[1], F_SETPIPE_SZ, want2m);
    if (has_cap_sys_resource())
        CHECK("above_pipe_max_size_with_cap_sys_resource_is_allowed", r2 == want2m);
    else
        CHECK("above_pipe_max_size_without_cap_sys_resource_is_eperm", r2 == -1 && errno == EPERM);
    CHECK("above_2_gib_is_einval", fcntl(p[1], F_SETPIPE_SZ, (1UL << 31) + 1) == -1 && errno == EINVAL);
    close(p[0]);
    close(p[1]);

    int fd = open("/dev/null", O_RDWR);
    CHECK("f_getpipe_sz_on_a_non_pipe_is_ebadf", fcntl(fd, F_GETPIPE_SZ) == -1 && errno == EBADF);
    CHECK("f_setpipe_sz_on_a_non_pipe_is_ebadf", fcntl(fd, F_SETPIPE_SZ, 4096) == -1 && errno == EBADF);
    close(fd);
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    CHECK("f_getpipe_sz_on_a_socket_is_ebadf", fcntl(sv[0], F_GETPIPE_SZ) == -1 && errno == EBADF);
    close(sv[0]);
    close(sv[1]);
}

static void packets(void)
{
    int p[2];
    CHECK("pipe2_o_direct", pipe2(p, O_DIRECT) == 0);
    CHECK("f_getfl_shows_o_direct_on_the_write_end_only",
          (fcntl(p[1], F_GETFL) & O_DIRECT) && !(fcntl(p[0], F_GETFL) & O_DIRECT));
    char b[8192];
    write(p[1], "abc", 3);
    write(p[1], "de", 2);
    int n = -1;
    CHECK("fionread_counts_every_packet", ioctl(p[0], FIONREAD, &n) == 0 && n == 5);
    CHECK("a_read_takes_one_packet", read(p[0], b, sizeof b) == 3 && !memcmp(b, "abc", 3));
    CHECK("the_next_read_the_next", read(p[0], b, sizeof b) == 2 && !memcmp(b, "de", 2));
    write(p[1], "abcdef", 6);
    write(p[1], "x", 1);
    CHECK("a_short_read_takes_part_of_a_packet", read(p[0], b, 2) == 2 && !memcmp(b, "ab", 2));
    CHECK("and_the_rest_of_it_is_gone", read(p[0], b, sizeof b) == 1 && b[0] == 'x');
    CHECK("a_write_longer_than_pipe_buf_is_split_into_pages",
          write(p[1], big, 5000) == 5000 && read(p[0], b, sizeof b) == 4096 && read(p[0], b, sizeof b) == 904);
    close(p[0]);
    close(p[1]);

    /* F_SETFL turns packet mode on and off on a pipe; the writer decides. */
    pipe(p);
    CHECK("f_setfl_o_direct_on_a_pipe", fcntl(p[1], F_SETFL, O_DIRECT) == 0 && (fcntl(p[1], F_GETFL) & O_DIRECT));
    write(p[1], "ab", 2);
    write(p[1], "cd", 2);
    CHECK("packets_from_an_o_direct_writer_to_a_plain_reader", read(p[0], b, sizeof b) == 2);
    read(p[0], b, sizeof b);
    fcntl(p[1], F_SETFL, 0);
    write(p[1], "ab", 2);
    write(p[1], "cd", 2);
    CHECK("f_setfl_without_o_direct_merges_again", !(fcntl(p[1], F_GETFL) & O_DIRECT) && read(p[0], b, sizeof b) == 4);
    close(p[0]);
    close(p[1]);
}

static void end_of_file(void)
{
    int p[2];
    pipe2(p, O_NONBLOCK);
    char b[4];
    close(p[1]);
    CHECK("nonblocking_read_without_writers_is_eof_not_eagain", read(p[0], b, sizeof b) == 0);
    struct pollfd pf = { p[0], POLLIN, 0 };
    CHECK("writer_gone_without_data_polls_hup_only", poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP);
    pf.events = 0;
    CHECK("pollhup_comes_with_no_events_asked", poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = { 0, 0 };
    CHECK("select_sees_a_widowed_read_end_readable", select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 &&
                                                         FD_ISSET(p[0], &rs));
    close(p[0]);

    pipe(p);
    struct stat st;
    char link[64], want[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", p[0]);
    ssize_t n = readlink(link, want, sizeof want - 1);
    want[n > 0 ? n : 0] = 0;
    char expect[64];
    fstat(p[0], &st);
    snprintf(expect, sizeof expect, "pipe:[%lu]", (unsigned long)st.st_ino);
    CHECK("proc_self_fd_names_a_pipe_pipe_ino", strcmp(want, expect) == 0);
    CHECK("fstat_pipe_is_fifo_0600_size_0", S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0600 &&
                                                st.st_size == 0);
    write(p[1], "abc", 3);
    CHECK("fstat_size_stays_0_with_data", fstat(p[0], &st) == 0 && st.st_size == 0);
    close(p[0]);
    close(p[1]);
}

static void epoll_rearm(void)
{
    int p[2];
    pipe(p);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u64 = 0x1122334455667788ULL }, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    write(p[1], "a", 1);
    CHECK("et_reports_with_all_64_bits_of_data",
          epoll_wait(ep, out, 2, 0) == 1 && out[0].data.u64 == 0x1122334455667788ULL);
    CHECK("et_then_quiet", epoll_wait(ep, out, 2, 0) == 0);
    CHECK("ctl_mod_of_a_ready_et_watch_reports_again",
          epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0 && epoll_wait(ep, out, 2, 0) == 1);
    write(p[1], "b", 1);
    CHECK("et_a_new_write_reports_again_unread", epoll_wait(ep, out, 2, 0) == 1);
    ev.events = EPOLLIN | EPOLLET | EPOLLONESHOT;
    epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
    CHECK("oneshot_et_reports_once", epoll_wait(ep, out, 2, 0) == 1);
    write(p[1], "c", 1);
    CHECK("oneshot_et_stays_disabled_on_new_data", epoll_wait(ep, out, 2, 0) == 0);

    /* The write end: EPOLLOUT edge when a read makes room in a full pipe. */
    struct epoll_event wev = { .events = EPOLLOUT | EPOLLET, .data.fd = p[1] };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &wev);
    CHECK("et_write_end_reports_writable", epoll_wait(ep, out, 2, 0) == 1 && out[0].data.fd == p[1]);
    set_nonblock(p[1]);
    while (write(p[1], big, sizeof big) > 0)
        ;
    CHECK("full_pipe_et_quiet", epoll_wait(ep, out, 2, 0) == 0);
    read(p[0], big, 65536);
    CHECK("emptying_it_reports_writable_again", epoll_wait(ep, out, 2, 0) == 1 && (out[0].events & EPOLLOUT));
    close(p[0]);
    struct epoll_event e3[2];
    int k = epoll_wait(ep, e3, 2, 0);
    CHECK("reader_gone_reports_epollerr_on_the_write_end", k == 1 && (e3[0].events & EPOLLERR));
    close(p[1]);
    close(ep);
}

static void on_alarm(int sig) { (void)sig; }

/* readv and writev are one read and one write (readv(2)): a pipe's readv
   returns what is there, a writev of at most PIPE_BUF bytes is atomic, a
   datagram socket's readv takes one message and writev sends one. */
static void vectors(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm; /* no SA_RESTART: a hang ends in EINTR */
    sigaction(SIGALRM, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    int p[2];
    pipe(p);
    write(p[1], "abcd", 4);
    char a[4], b[4];
    struct iovec iov[2] = { { a, 4 }, { b, 4 } };
    struct itimerval it = { { 0, 0 }, { 1, 0 } };
    setitimer(ITIMER_REAL, &it, NULL);
    /* A readv that waited would be cut off by the alarm (EINTR): the
       check needs no bound on the time, which a loaded machine stretches. */
    ssize_t r = readv(p[0], iov, 2);
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    CHECK("readv_on_a_pipe_returns_what_is_there_without_waiting", r == 4 && !memcmp(a, "abcd", 4));

    /* Room for 3096 bytes in the newest page, no free slot: a 4096-byte
       writev must wait whole (EAGAIN), not put its first half in. */
    fcntl(p[1], F_SETPIPE_SZ, 8192);
    set_nonblock(p[1]);
    write(p[1], big, 4096 + 1000);
    struct iovec w[2] = { { big, 2048 }, { big, 2048 } };
    r = writev(p[1], w, 2);
    CHECK("a_writev_of_pipe_buf_bytes_is_atomic", r == -1 && errno == EAGAIN);
    close(p[0]);
    close(p[1]);

    int sv[2];
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    send(sv[0], "abcdef", 6, 0);
    send(sv[0], "gh", 2, 0);
    char c[3], d[10];
    struct iovec rv[2] = { { c, 3 }, { d, 10 } };
    r = readv(sv[1], rv, 2);
    CHECK("readv_of_a_datagram_scatters_one_message", r == 6 && !memcmp(c, "abc", 3) && !memcmp(d, "def", 3));
    CHECK("the_next_read_gets_the_next_datagram", read(sv[1], d, sizeof d) == 2 && !memcmp(d, "gh", 2));
    struct iovec wv[2] = { { "ab", 2 }, { "cd", 2 } };
    CHECK("writev_to_a_datagram_socket_sends_one_message",
          writev(sv[0], wv, 2) == 4 && read(sv[1], d, sizeof d) == 4 && !memcmp(d, "abcd", 4));
    close(sv[0]);
    close(sv[1]);
    signal(SIGALRM, SIG_DFL);
}

int main(void)
{
    pipe_size();
    packets();
    end_of_file();
    epoll_rearm();
    vectors();
    return failures;
}
