/*
 * splicebench: file -> pipe -> file throughput, warm page cache, with
 * read()/write() against splice() and sendfile(), and file -> file without
 * a pipe (sendfile, copy_file_range) beside them; then the pipe methods by
 * chunk size.
 *
 *     splicebench [--bytes N] [--sizes LIST] [--rounds R] [--dir DIR] [--quick]
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
 * The second table moves the same bytes through the pipe in chunks of
 * each size of LIST (default 4K,64K; at most 64 KiB, a pipe's capacity,
 * since one process both fills and drains it; at most BENCH_MAX_MESSAGES
 * chunks a round, as the other IPC benchmarks), by the three pipe
 * methods: rows "throughput SIZE / read+write", "... / splice" and
 * "... / sendfile+splice", which make bench's throughput plot draws
 * beside the other IPC mechanisms' message sizes.
 *
 * Both files are in the page cache before the first round (the input is
 * read once, the output written once at its full size), and every round
 * overwrites the output in place from offset 0, so no round reads the
 * disk or allocates the output's pages: what is timed is the calls and
 * their copies.  Each row is the median of R rounds (default 5) in MB/s,
 * with the fastest and slowest round, and, where the kernel has the copy
 * ledger (pagelab), the bytes the CPU copied per byte moved in one round.
 * After each row the output is compared with the input byte for byte
 * (untimed) and zeroed again; a difference fails the run (exit 1).
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
static size_t sizes[BENCH_MAX_SIZES] = {4096, 65536}; /* --sizes */
static int nsizes = 2;
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

/* What one round moves: bytes from in to out (both at offset 0), chunk
   bytes at a time (at most CHUNK, so that one chunk fits in the pipe),
   through the pipe pr/pw where the method has one.  The move functions
   return 0, or -1 with errno set. */
struct job {
    int in, out, pr, pw;
    size_t bytes, chunk;
};

static size_t next_chunk(const struct job *j, size_t done)
{
    return j->bytes - done < j->chunk ? j->bytes - done : j->chunk;
}

static int move_read_write(const struct job *j)
{
    for (size_t done = 0; done < j->bytes;) {
        size_t n = next_chunk(j, done);
        if (bench_read_full(j->in, buf, n) || bench_write_full(j->pw, buf, n) ||
            bench_read_full(j->pr, buf2, n) || bench_write_full(j->out, buf2, n))
            return -1;
        done += n;
    }
    return 0;
}

static int move_splice(const struct job *j)
{
    for (size_t done = 0; done < j->bytes;) {
        ssize_t k = splice(j->in, NULL, j->pw, NULL, next_chunk(j, done), SPLICE_F_MOVE);
        if (k <= 0 || pipe_to_file(j->pr, j->out, (size_t)k))
            return -1;
        done += (size_t)k;
    }
    return 0;
}

static int move_sendfile(const struct job *j)
{
    for (size_t done = 0; done < j->bytes;) {
        ssize_t k = sendfile(j->pw, j->in, NULL, next_chunk(j, done));
        if (k <= 0 || pipe_to_file(j->pr, j->out, (size_t)k))
            return -1;
        done += (size_t)k;
    }
    return 0;
}

/* The file -> file methods ask for everything at once: the kernel picks
   its own chunks, so they have no chunk-size rows. */
static int move_sendfile_direct(const struct job *j)
{
    for (size_t done = 0; done < j->bytes;) {
        ssize_t k = sendfile(j->out, j->in, NULL, j->bytes - done);
        if (k <= 0)
            return -1;
        done += (size_t)k;
    }
    return 0;
}

static int move_copy_file_range(const struct job *j)
{
    for (size_t done = 0; done < j->bytes;) {
        ssize_t k = copy_file_range(j->in, NULL, j->out, NULL, j->bytes - done, 0);
        if (k <= 0)
            return -1;
        done += (size_t)k;
    }
    return 0;
}

struct method {
    const char *name;      /* in the first table */
    const char *size_name; /* in the chunk-size table (NULL: not there) */
    int (*move)(const struct job *j);
};

/* The size rows' names have no "/": make bench names a row by its cells
   joined with " / " ("throughput 4 KiB / read+write"). */
static const struct method methods[] = {
    {"read/write", "read+write", move_read_write},
    {"splice", "splice", move_splice},
    {"sendfile", "sendfile+splice", move_sendfile},
    {"sendfile direct", NULL, move_sendfile_direct},
    {"copy_file_range", NULL, move_copy_file_range},
};

static unsigned char pattern_byte(size_t i) { return (unsigned char)(i * 7 + i / 4096); }

/* Writes n bytes of the pattern (or zeros) to fd from offset 0. */
static void write_region(int fd, size_t n, int pattern)
{
    if (lseek(fd, 0, SEEK_SET) != 0)
        bench_die("lseek");
    for (size_t done = 0; done < n;) {
        size_t k = n - done < CHUNK ? n - done : CHUNK;
        for (size_t i = 0; i < k; i++)
            buf[i] = pattern ? pattern_byte(done + i) : 0;
        if (bench_write_full(fd, buf, k))
            bench_die("write");
        done += k;
    }
}

static void make_input(void)
{
    int fd = open(in_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(in_path);
    write_region(fd, total, 1);
    close(fd);
    /* The output at its full size, so that its pages are cached too. */
    fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(out_path);
    write_region(fd, total, 0);
    close(fd);
}

/* Whether the output's first n bytes are the input's; then zeroes them,
   so that a chunk the next row fails to write shows. */
static int output_matches(size_t n)
{
    int in = open(in_path, O_RDONLY), out = open(out_path, O_RDWR);
    if (in < 0 || out < 0)
        bench_die("open");
    int same = 1;
    for (size_t done = 0; done < n && same;) {
        size_t k = n - done < CHUNK ? n - done : CHUNK;
        if (bench_read_full(in, buf, k) || bench_read_full(out, buf2, k))
            bench_die("read");
        same = memcmp(buf, buf2, k) == 0;
        done += k;
    }
    write_region(out, n, 0);
    close(in);
    close(out);
    return same;
}

static struct bench_table table, size_table;

/* R rounds of m moving bytes in chunks; the row's name cells are lead[0..nlead)
   and it goes into t.  A method the kernel lacks gives a "skipped" row. */
static void run_method(const struct method *m, struct bench_table *t, const char *const *lead,
                       int nlead, size_t bytes, size_t chunk)
{
    struct job j = {.bytes = bytes, .chunk = chunk};
    int p[2];
    if (pipe(p) != 0)
        bench_die("pipe");
    j.pr = p[0];
    j.pw = p[1];
    uint64_t *ns = calloc((size_t)rounds, sizeof *ns);
    if (!ns)
        bench_die("calloc");
    struct ledger_counts before, after, delta;
    memset(&delta, 0, sizeof delta);
    const char *failed = NULL;
    for (int r = 0; r < rounds && !failed; r++) {
        j.in = open(in_path, O_RDONLY);
        j.out = open(out_path, O_WRONLY);
        if (j.in < 0 || j.out < 0)
            bench_die("open");
        if (r == 0)
            bench_ledger_get(LEDGER_SELF, &before);
        uint64_t t0 = bench_now_ns();
        if (m->move(&j))
            failed = strerror(errno);
        ns[r] = bench_now_ns() - t0;
        if (r == 0) {
            bench_ledger_get(LEDGER_SELF, &after);
            bench_ledger_delta(&before, &after, &delta);
        }
        close(j.in);
        close(j.out);
    }
    close(p[0]);
    close(p[1]);
    const char *cells[BENCH_MAX_COLS];
    for (int i = 0; i < nlead; i++)
        cells[i] = lead[i];
    if (failed) {
        printf("%-*s", t->width[0], lead[0]);
        for (int i = 1; i < nlead; i++)
            printf("  %-*s", t->width[i], lead[i]);
        printf("  skipped: %s\n", failed);
        free(ns);
        return;
    }
    if (!output_matches(bytes)) {
        fprintf(stderr, "splicebench: %s, %s chunks: the output differs from the input\n",
                m->name, bench_size_name(chunk));
        exit(1);
    }
    struct bench_stats s = bench_summarize(ns, (size_t)rounds);
    const char *figs[] = {
        bench_fmt("%.1f", (double)bytes / (s.median / 1e9) / 1e6),
        bench_fmt("%.1f", (double)bytes / (s.max / 1e9) / 1e6),
        bench_fmt("%.1f", (double)bytes / (s.min / 1e9) / 1e6),
        /* the first table: ms a round; the chunk table: us a chunk */
        nlead == 1 ? bench_fmt("%.2f", s.median / 1e6)
                   : bench_fmt("%.2f", s.median / 1e3 / (double)((bytes + chunk - 1) / chunk)),
        ledger ? bench_fmt("%.2f", (double)bench_ledger_cpu_bytes(&delta) / (double)bytes) : "-",
        bench_fmt("%d x %s", rounds, bench_size_name(bytes)),
    };
    for (int i = 0; i < 6; i++)
        cells[nlead + i] = figs[i];
    bench_table_row(t, cells);
    free(ns);
}

static void usage(void)
{
    fprintf(stderr, "usage: splicebench [--bytes N] [--sizes LIST] [--rounds R] [--dir DIR] "
                    "[--quick]\n(the sizes: at most %d KiB, a pipe's capacity)\n",
            CHUNK / 1024);
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            /* the IPC harness's --quick (benchlib.h): the same bytes a
               round as the other mechanisms of make bench's plot */
            total = 1 << 20;
            rounds = 3;
        } else if (!strcmp(argv[i], "--bytes") && i + 1 < argc) {
            total = bench_parse_size(argv[++i]);
        } else if (!strcmp(argv[i], "--sizes") && i + 1 < argc) {
            nsizes = bench_parse_sizes(argv[++i], sizes, BENCH_MAX_SIZES);
            if (nsizes == 0)
                usage();
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
    for (int k = 0; k < nsizes; k++)
        if (sizes[k] > CHUNK)
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
        run_method(&methods[i], &table, &methods[i].name, 1, total, CHUNK);

    printf("\nsplicebench: file -> pipe -> file by chunk size; the us column is per chunk\n");
    static const char *const size_head[] = {"test", "method", "MB/s", "slowest", "fastest",
                                            "median us", "cpu/B", "rounds"};
    static const int size_width[] = {17, 15, 8, 8, 8, 9, 5, 12};
    bench_table_init(&size_table, 8, size_head, size_width);
    bench_table_header(&size_table);
    for (int k = 0; k < nsizes; k++) {
        char test[48]; /* bench_fmt's buffers are reused within a few rows */
        snprintf(test, sizeof test, "throughput %s", bench_size_name(sizes[k]));
        for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
            if (!methods[i].size_name)
                continue;
            const char *lead[] = {test, methods[i].size_name};
            run_method(&methods[i], &size_table, lead, 2, bench_round_bytes(total, sizes[k]),
                       sizes[k]);
        }
    }
    unlink(in_path);
    unlink(out_path);
    return 0;
}
