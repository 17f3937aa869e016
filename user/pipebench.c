/*
 * pipebench: pipe throughput and latency between two processes.
 *
 *     pipebench [--bytes N] [--sizes LIST] [--roundtrips N] [--rounds R] [--quick]
 *
 *   throughput  a forked child reads N bytes (default 8 MiB) that the parent
 *               writes in messages of each size of LIST (default 4K,64K;
 *               at most BENCH_MAX_MESSAGES messages a round); the child
 *               answers one byte when it has them all, and the clock runs
 *               from the first write to that answer.  Median of R rounds
 *               (default 5): MB/s and microseconds per message.
 *   round trip  one byte to the child over one pipe and back over another,
 *               timed one by one (default 2000 of them); median, minimum and
 *               90th percentile in microseconds.
 *
 * Every byte the child reads is checked against the pattern the parent
 * wrote, so a pipe that loses or reorders data fails the run (exit 1).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

static struct bench_ipc opt = BENCH_IPC_DEFAULTS; /* the shared options */
/* The bytes of the current size's rounds (bench_round_bytes: all of
   --bytes, or BENCH_MAX_MESSAGES messages). */
static size_t round_bytes;
static unsigned char *stream; /* the pattern (bench_pattern_stream) */

static void write_full(int fd, const void *buf, size_t len)
{
    if (bench_write_full(fd, buf, len) != 0)
        bench_die("pipe write");
}

static void read_full(int fd, void *buf, size_t len)
{
    if (bench_read_full(fd, buf, len) != 0)
        bench_die("pipe read");
}

/* The reader checks every chunk against the pattern (benchlib.h). */
static void child_reader(int in, int out, size_t msg)
{
    unsigned char *buf = malloc(msg);
    size_t got = 0;
    int bad = 0;
    while (got < round_bytes) {
        size_t want = round_bytes - got < msg ? round_bytes - got : msg;
        ssize_t n = read(in, buf, want);
        if (n <= 0)
            _exit(3);
        bad |= bench_pattern_bad(buf, (size_t)n, got);
        got += (size_t)n;
    }
    char ack = bad ? 'x' : 'k';
    if (write(out, &ack, 1) != 1)
        _exit(4);
    _exit(bad ? 5 : 0);
}

/* Returns the nanoseconds one round of round_bytes took. */
static uint64_t throughput_round(size_t msg)
{
    int data[2], ack[2];
    if (pipe(data) != 0 || pipe(ack) != 0)
        bench_die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(data[1]);
        close(ack[0]);
        child_reader(data[0], ack[1], msg);
    }
    close(data[0]);
    close(ack[1]);
    uint64_t t0 = bench_now_ns();
    for (size_t off = 0; off < round_bytes; off += msg) {
        size_t n = round_bytes - off < msg ? round_bytes - off : msg;
        write_full(data[1], stream + off, n);
    }
    char a;
    read_full(ack[0], &a, 1);
    uint64_t t1 = bench_now_ns();
    close(data[1]);
    close(ack[0]);
    bench_reap_reader("pipebench", pid, a);
    return t1 - t0;
}

static struct bench_table table;

static void round_trip(void)
{
    int to, from;
    pid_t pid = bench_echo_over_pipes(&to, &from);
    uint64_t *ns = calloc(opt.roundtrips, sizeof *ns);
    bench_time_round_trips("pipebench", to, from, ns, opt.roundtrips);
    close(to);
    close(from);
    waitpid(pid, NULL, 0);
    bench_round_trip_row(&table, "round trip 1 B", ns, opt.roundtrips);
    free(ns);
}

int main(int argc, char **argv)
{
    bench_ipc_parse(&opt, argc, argv, "pipebench");
    stream = bench_pattern_stream(opt.total_bytes);

    printf("pipebench: two processes (fork), one pipe each way; the us columns are per message\n");
    bench_ipc_table(&table, 19);
    for (int k = 0; k < opt.nsizes; k++) {
        round_bytes = bench_round_bytes(opt.total_bytes, opt.sizes[k]);
        bench_ipc_throughput(&table, &opt, opt.sizes[k], round_bytes, throughput_round);
    }
    round_trip();
    return 0;
}
