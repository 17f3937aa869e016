/*
 * splicebench: file -> pipe -> file throughput, warm page cache, with
 * read()/write() against splice() and sendfile(), and file -> file without
 * a pipe (sendfile, copy_file_range) beside them.
 *
 *     splicebench [--bytes N] [--rounds R] [--dir DIR] [--quick]
 *
 * One process moves N bytes (default 8 MiB) of DIR/splicebench.PID.in to
 * DIR/splicebench.PID.out, 64 KiB (a pipe's capacity) at a time:
 *
 *   read/write      read() the file into a buffer, write() it into a pipe,
 *                   read() it back out of the pipe, write() it to the file
 *   splice          splice() file -> pipe, splice() pipe -> file
 *   sendfile        sendfile() file -> pipe, splice() pipe -> file
 *   sendfile direct sendfile() file -> file (no pipe of ours)
 *   copy_file_range copy_file_range() file -> file
 *
 * Both files are in the page cache before the first round (the input is
 * read once, the output written once at its full size), and every round
 * overwrites the output in place from offset 0, so no round reads the
 * disk or allocates the output's pages: what is timed is the calls and
 * their copies.  Each row is the median of R rounds (default 5) in MB/s,
 * with the fastest and slowest round, and, where the kernel has the copy
 * ledger (pagelab), the bytes the CPU copied per byte moved in one round.
 * After each method the output is compared with the input byte for byte
 * (untimed); a difference fails the run (exit 1).
 */
#define _GNU_SOURCE /* splice, copy_file_range in musl's headers */
#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "benchlib.h"

#define CHUNK 65536 /* a pipe's default capacity (16 pages) */

static size_t total = 8 << 20;
static int rounds = 5;
static const char *dir = "/tmp";
static char in_path[512], out_path[512];
static int ledger;

static unsigned char buf[CHUNK], buf2[CHUNK];

/* Moves the pipe's n bytes to the file with splice(): 0 or -1. */
static int pipe_to_file(int pr, int out, size_t n)
{
    while (n) {
        ssize_t k = splice(pr, NULL, out, NULL, n, SPLICE_F_MOVE);
        if (k <= 0)
            return -1;
        n -= (size_t)k;
    }
    return 0;
}

/* One round: total bytes from in to out (both at offset 0) by method m.
   0, or -1 with errno set. */
static int move_read_write(int in, int out, int pr, int pw)
{
    for (size_t done = 0; done < total;) {
        size_t n = total - done < CHUNK ? total - done : CHUNK;
        if (bench_read_full(in, buf, n) || bench_write_full(pw, buf, n) ||
            bench_read_full(pr, buf2, n) || bench_write_full(out, buf2, n))
            return -1;
        done += n;
    }
    return 0;
}

static int move_splice(int in, int out, int pr, int pw)
{
    for (size_t done = 0; done < total;) {
        size_t n = total - done < CHUNK ? total - done : CHUNK;
        ssize_t k = splice(in, NULL, pw, NULL, n, SPLICE_F_MOVE);
        if (k <= 0 || pipe_to_file(pr, out, (size_t)k))
            return -1;
        done += (size_t)k;
    }
    return 0;
}

static int move_sendfile(int in, int out, int pr, int pw)
{
    for (size_t done = 0; done < total;) {
        size_t n = total - done < CHUNK ? total - done : CHUNK;
        ssize_t k = sendfile(pw, in, NULL, n);
        if (k <= 0 || pipe_to_file(pr, out, (size_t)k))
            return -1;
        done += (size_t)k;
    }
    return 0;
}

static int move_sendfile_direct(int in, int out, int pr, int pw)
{
    (void)pr; /* no pipe */
    (void)pw;
    for (size_t done = 0; done < total;) {
        ssize_t k = sendfile(out, in, NULL, total - done);
        if (k <= 0)
            return -1;
        done += (size_t)k;
    }
    return 0;
}

static int move_copy_file_range(int in, int out, int pr, int pw)
{
    (void)pr; /* no pipe */
    (void)pw;
    for (size_t done = 0; done < total;) {
        ssize_t k = copy_file_range(in, NULL, out, NULL, total - done, 0);
        if (k <= 0)
            return -1;
        done += (size_t)k;
    }
    return 0;
}

struct method {
    const char *name;
    int (*move)(int in, int out, int pr, int pw);
};

static const struct method methods[] = {
    {"read/write", move_read_write},
    {"splice", move_splice},
    {"sendfile", move_sendfile},
    {"sendfile direct", move_sendfile_direct},
    {"copy_file_range", move_copy_file_range},
};

static unsigned char pattern_byte(size_t i) { return (unsigned char)(i * 7 + i / 4096); }

static void make_input(void)
{
    int fd = open(in_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(in_path);
    for (size_t done = 0; done < total;) {
        size_t n = total - done < CHUNK ? total - done : CHUNK;
        for (size_t i = 0; i < n; i++)
            buf[i] = pattern_byte(done + i);
        if (bench_write_full(fd, buf, n))
            bench_die("write");
        done += n;
    }
    close(fd);
    /* The output at its full size, so that its pages are cached too. */
    fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(out_path);
    memset(buf, 0, sizeof buf);
    for (size_t done = 0; done < total; done += CHUNK)
        if (bench_write_full(fd, buf, total - done < CHUNK ? total - done : CHUNK))
            bench_die("write");
    close(fd);
}

/* Whether the output holds the input's bytes (and then clears its first
   byte of each chunk, so the next method must write them again). */
static int output_matches(void)
{
    int in = open(in_path, O_RDONLY), out = open(out_path, O_RDWR);
    if (in < 0 || out < 0)
        bench_die("open");
    int same = 1;
    for (size_t done = 0; done < total && same;) {
        size_t n = total - done < CHUNK ? total - done : CHUNK;
        if (bench_read_full(in, buf, n) || bench_read_full(out, buf2, n))
            bench_die("read");
        same = memcmp(buf, buf2, n) == 0;
        done += n;
    }
    for (size_t at = 0; at < total; at += CHUNK)
        if (pwrite(out, "", 1, (off_t)at) != 1)
            bench_die("pwrite");
    close(in);
    close(out);
    return same;
}

static struct bench_table table;

static void run_method(const struct method *m)
{
    int p[2];
    if (pipe(p) != 0)
        bench_die("pipe");
    uint64_t *ns = calloc((size_t)rounds, sizeof *ns);
    if (!ns)
        bench_die("calloc");
    struct ledger_counts before, after, delta;
    memset(&delta, 0, sizeof delta);
    const char *failed = NULL;
    for (int r = 0; r < rounds && !failed; r++) {
        int in = open(in_path, O_RDONLY), out = open(out_path, O_WRONLY);
        if (in < 0 || out < 0)
            bench_die("open");
        if (r == 0)
            bench_ledger_get(LEDGER_SELF, &before);
        uint64_t t0 = bench_now_ns();
        if (m->move(in, out, p[0], p[1]))
            failed = strerror(errno);
        ns[r] = bench_now_ns() - t0;
        if (r == 0) {
            bench_ledger_get(LEDGER_SELF, &after);
            bench_ledger_delta(&before, &after, &delta);
        }
        close(in);
        close(out);
    }
    close(p[0]);
    close(p[1]);
    if (failed) {
        printf("%-*s  skipped: %s\n", table.width[0], m->name, failed);
        free(ns);
        return;
    }
    if (!output_matches()) {
        fprintf(stderr, "splicebench: %s: the output differs from the input\n", m->name);
        exit(1);
    }
    struct bench_stats s = bench_summarize(ns, (size_t)rounds);
    const char *cells[] = {
        m->name,
        bench_fmt("%.1f", (double)total / (s.median / 1e9) / 1e6),
        bench_fmt("%.1f", (double)total / (s.max / 1e9) / 1e6),
        bench_fmt("%.1f", (double)total / (s.min / 1e9) / 1e6),
        bench_fmt("%.2f", s.median / 1e6),
        ledger ? bench_fmt("%.2f", (double)bench_ledger_cpu_bytes(&delta) / (double)total) : "-",
        bench_fmt("%d x %s", rounds, bench_size_name(total)),
    };
    bench_table_row(&table, cells);
    free(ns);
}

static void usage(void)
{
    fprintf(stderr, "usage: splicebench [--bytes N] [--rounds R] [--dir DIR] [--quick]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            total = 256 << 10;
            rounds = 2;
        } else if (!strcmp(argv[i], "--bytes") && i + 1 < argc) {
            total = bench_parse_size(argv[++i]);
        } else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            usage();
        }
    }
    if (total == 0 || rounds <= 0)
        usage();
    snprintf(in_path, sizeof in_path, "%s/splicebench.%d.in", dir, (int)getpid());
    snprintf(out_path, sizeof out_path, "%s/splicebench.%d.out", dir, (int)getpid());
    ledger = bench_ledger_available();
    make_input();
    printf("splicebench: %s file -> pipe -> file (and file -> file), warm cache, %d KiB at a time\n",
           bench_size_name(total), CHUNK / 1024);
    static const char *const head[] = {"method", "MB/s", "slowest", "fastest", "ms",
                                       "cpu/B", "rounds"};
    static const int width[] = {15, 8, 8, 8, 8, 5, 12};
    bench_table_init(&table, 7, head, width);
    bench_table_header(&table);
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        run_method(&methods[i]);
    unlink(in_path);
    unlink(out_path);
    return 0;
}
