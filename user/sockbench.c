/*
 * sockbench: Unix stream socket throughput and latency between two
 * processes (the socket counterpart of pipebench).
 *
 *     sockbench [--bytes N] [--sizes LIST] [--roundtrips N] [--rounds R] [--quick]
 *
 *   throughput  a forked child reads N bytes (default 8 MiB) that the parent
 *               sends over socketpair(AF_UNIX, SOCK_STREAM) in messages of
 *               each size of LIST (default 4K,64K; at most
 *               BENCH_MAX_MESSAGES messages a round); the child answers
 *               one byte on the same socket when it has them all, and the clock runs from
 *               the first send to that answer.  Median of R rounds (default
 *               5): MB/s and microseconds per message.
 *   round trip  one byte to the child and one back over one socket pair,
 *               timed one by one (default 2000 of them); median, minimum
 *               and 90th percentile in microseconds.
 *
 * Every byte the child reads is checked against the pattern the parent
 * sent, so a socket that loses or reorders data fails the run (exit 1).
 * The same musl-built binary runs on Linux (tools/run-on-linux) and on
 * pagelab (docs/benchmarks.md).
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

static struct bench_ipc opt = BENCH_IPC_DEFAULTS; /* the shared options */
/* The bytes of the current size's rounds (bench_round_bytes: all of
   --bytes, or BENCH_MAX_MESSAGES messages). */
static size_t round_bytes;
static unsigned char *stream; /* the pattern (bench_pattern_stream) */

static void send_full(int fd, const unsigned char *buf, size_t len)
{
    while (len) {
        ssize_t n = send(fd, buf, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            bench_die("send");
        buf += n;
        len -= (size_t)n;
    }
}

static void recv_full(int fd, unsigned char *buf, size_t len)
{
    while (len) {
        ssize_t n = recv(fd, buf, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            bench_die("recv");
        buf += n;
        len -= (size_t)n;
    }
}

/* The reader checks every chunk against the pattern (benchlib.h). */
static void child_reader(int s, size_t msg)
{
    unsigned char *buf = malloc(msg);
    size_t got = 0;
    int bad = 0;
    while (got < round_bytes) {
        size_t want = round_bytes - got < msg ? round_bytes - got : msg;
        ssize_t n = recv(s, buf, want, 0);
        if (n <= 0)
            _exit(3);
        bad |= bench_pattern_bad(buf, (size_t)n, got);
        got += (size_t)n;
    }
    unsigned char ack = bad ? 'x' : 'k';
    if (send(s, &ack, 1, 0) != 1)
        _exit(4);
    _exit(bad ? 5 : 0);
}

/* Returns the nanoseconds one round of round_bytes took. */
static uint64_t throughput_round(size_t msg)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        bench_die("socketpair(AF_UNIX, SOCK_STREAM)");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(sv[0]);
        child_reader(sv[1], msg);
    }
    close(sv[1]);
    uint64_t t0 = bench_now_ns();
    for (size_t off = 0; off < round_bytes; off += msg) {
        size_t n = round_bytes - off < msg ? round_bytes - off : msg;
        send_full(sv[0], stream + off, n);
    }
    unsigned char a;
    recv_full(sv[0], &a, 1);
    uint64_t t1 = bench_now_ns();
    close(sv[0]);
    bench_reap_reader("sockbench", pid, a);
    return t1 - t0;
}

static struct bench_table table;

static void round_trip(void)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        bench_die("socketpair(AF_UNIX, SOCK_STREAM)");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(sv[0]);
        bench_echo_child(sv[1], sv[1]);
    }
    close(sv[1]);
    uint64_t *ns = calloc(opt.roundtrips, sizeof *ns);
    bench_time_round_trips("sockbench", sv[0], sv[0], ns, opt.roundtrips);
    close(sv[0]);
    waitpid(pid, NULL, 0);
    bench_round_trip_row(&table, "round trip 1 B", ns, opt.roundtrips);
    free(ns);
}

int main(int argc, char **argv)
{
    bench_ipc_parse(&opt, argc, argv, "sockbench");
    stream = bench_pattern_stream(opt.total_bytes);

    printf("sockbench: two processes (fork), one AF_UNIX stream socket pair; the us columns are "
           "per message\n");
    bench_ipc_table(&table, 19);
    for (int k = 0; k < opt.nsizes; k++) {
        round_bytes = bench_round_bytes(opt.total_bytes, opt.sizes[k]);
        bench_ipc_throughput(&table, &opt, opt.sizes[k], round_bytes, throughput_round);
    }
    round_trip();
    return 0;
}
