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

static size_t total_bytes = 8 << 20;
static int roundtrips = 2000;
static int rounds = 5;
/* The message sizes (--sizes) and the bytes of the current size's rounds
   (bench_round_bytes: all of --bytes, or BENCH_MAX_MESSAGES messages). */
static size_t sizes[BENCH_MAX_SIZES] = {4096, 65536};
static int nsizes = 2;
static size_t round_bytes;

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

/* Byte i of the stream is (i * 7 + i / 4096) mod 256: a message-sized
 * shift or a lost chunk changes what the reader sees. */
static unsigned char pattern_byte(size_t i)
{
    return (unsigned char)(i * 7 + i / 4096);
}

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
        for (ssize_t i = 0; i < n; i += 509) /* a sample of each chunk: checking stays cheap */
            bad |= buf[i] != pattern_byte(got + (size_t)i);
        bad |= buf[n - 1] != pattern_byte(got + (size_t)n - 1);
        got += (size_t)n;
    }
    unsigned char ack = bad ? 'x' : 'k';
    if (send(s, &ack, 1, 0) != 1)
        _exit(4);
    _exit(bad ? 5 : 0);
}

/* Returns the nanoseconds one round of round_bytes took. */
static uint64_t throughput_round(size_t msg, unsigned char *stream)
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
    int status;
    waitpid(pid, &status, 0);
    if (a != 'k' || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "sockbench: the reader saw wrong data (ack %c, status %#x)\n", a, status);
        exit(1);
    }
    return t1 - t0;
}

static struct bench_table table;

static void throughput(size_t msg, unsigned char *stream)
{
    round_bytes = bench_round_bytes(total_bytes, msg);
    uint64_t *ns = calloc(rounds, sizeof *ns);
    for (int r = 0; r < rounds; r++)
        ns[r] = throughput_round(msg, stream);
    struct bench_stats s = bench_summarize(ns, rounds);
    double messages = (double)((round_bytes + msg - 1) / msg);
    const char *cells[] = {
        bench_fmt("throughput %s", bench_size_name(msg)),
        bench_fmt("%.1f", (double)round_bytes / (s.median / 1e9) / 1e6),
        bench_fmt("%.2f", s.median / 1e3 / messages),
        bench_fmt("%.2f", s.min / 1e3 / messages),
        bench_fmt("%.2f", s.p90 / 1e3 / messages),
        bench_fmt("%d x %s", rounds, bench_size_name(round_bytes)),
    };
    bench_table_row(&table, cells);
    free(ns);
}

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
        unsigned char c;
        while (recv(sv[1], &c, 1, 0) == 1) {
            c++;
            if (send(sv[1], &c, 1, 0) != 1)
                _exit(1);
        }
        _exit(0);
    }
    close(sv[1]);
    uint64_t *ns = calloc(roundtrips, sizeof *ns);
    for (int i = 0; i < roundtrips; i++) {
        unsigned char c = (unsigned char)i, back;
        uint64_t t0 = bench_now_ns();
        send_full(sv[0], &c, 1);
        recv_full(sv[0], &back, 1);
        ns[i] = bench_now_ns() - t0;
        if (back != (unsigned char)(c + 1)) {
            fprintf(stderr, "sockbench: round trip %d answered %u to %u\n", i, back, c);
            exit(1);
        }
    }
    close(sv[0]);
    waitpid(pid, NULL, 0);
    struct bench_stats s = bench_summarize(ns, roundtrips);
    const char *cells[] = {
        "round trip 1 B", "-", bench_fmt("%.2f", s.median / 1e3), bench_fmt("%.2f", s.min / 1e3),
        bench_fmt("%.2f", s.p90 / 1e3), bench_fmt("%d round trips", roundtrips),
    };
    bench_table_row(&table, cells);
    free(ns);
}

static void usage(void)
{
    fprintf(stderr, "usage: sockbench [--bytes N] [--sizes LIST] [--roundtrips N] [--rounds R] "
                    "[--quick]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            total_bytes = 1 << 20;
            roundtrips = 200;
            rounds = 3;
        } else if (!strcmp(argv[i], "--bytes") && i + 1 < argc) {
            total_bytes = bench_parse_size(argv[++i]);
        } else if (!strcmp(argv[i], "--sizes") && i + 1 < argc) {
            if (!(nsizes = bench_parse_sizes(argv[++i], sizes, BENCH_MAX_SIZES)))
                usage();
        } else if (!strcmp(argv[i], "--roundtrips") && i + 1 < argc) {
            roundtrips = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else {
            usage();
        }
    }
    if (total_bytes == 0 || roundtrips < 1 || rounds < 1)
        usage();
    unsigned char *stream = malloc(total_bytes);
    if (!stream)
        bench_die("malloc");
    for (size_t i = 0; i < total_bytes; i++)
        stream[i] = pattern_byte(i);

    printf("sockbench: two processes (fork), one AF_UNIX stream socket pair; the us columns are "
           "per message\n");
    static const char *const head[] = {"test", "MB/s", "median us", "min us", "p90 us", "sample"};
    static const int width[] = {19, 8, 9, 8, 8, 18};
    bench_table_init(&table, 6, head, width);
    bench_table_header(&table);
    for (int k = 0; k < nsizes; k++)
        throughput(sizes[k], stream);
    round_trip();
    return 0;
}
