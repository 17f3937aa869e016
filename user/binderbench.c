/*
 * binderbench: binder beside a pipe and a Unix socket, between two
 * processes.
 *
 *     binderbench [--bytes N] [--sizes LIST] [--roundtrips N] [--rounds R] [--dev PATH]
 *                 [--quick]
 *
 *   throughput  N bytes (default 8 MiB) from the parent to a forked child
 *               in messages of each size of LIST (default 4K,64K; 256 KiB
 *               at most; no more than BENCH_MAX_MESSAGES messages a round):
 *                 binder call     each message a synchronous call (the
 *                                 library's binder_call, sent from where it
 *                                 lies) that the child reads in place and
 *                                 answers with an empty reply: RPC;
 *                 binder one-way  each message a one-way call, read in
 *                                 place; the child returns credits (a
 *                                 one-way call to the parent's object)
 *                                 every few messages, since one-way calls
 *                                 may fill only half of its area: a stream;
 *                 pipe, unix socket  a stream the child reads into its
 *                                 buffer.
 *               binder copies each byte once, pipe and socket twice.  The
 *               child checks a sample of every message.  Median of R rounds
 *               (default 5) after one warm-up round: MB/s and microseconds
 *               per message.
 *   round trip  4 bytes there and 4 back: a binder call and its reply, or a
 *               write and a read on each side of two pipes / one socket
 *               pair; median, minimum and 90th percentile in microseconds.
 *
 * The child becomes the context manager of --dev (default /dev/vndbinder,
 * a binder context no service manager owns, on pagelab as on Linux with
 * tools/run-on-linux).  A kernel without Unix sockets (socketpair ENOSYS)
 * gets a row that says so.  The same static musl binary runs on pagelab and
 * on Linux 6.1 (docs/benchmarks.md).
 */
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../libc/include/pagelab/binder.h"
#include "benchlib.h"

#define MAP_BYTES (4u << 20) /* the largest receive area Linux allows */
#define CODE_ROUND_TRIP 0x7fffffff /* codes below it are message numbers */
#define BENCH_AF_UNIX 1
#define BENCH_SOCK_STREAM 1

static struct bench_ipc opt = BENCH_IPC_DEFAULTS; /* the shared options */
static const char *dev = "/dev/vndbinder";
/* The bytes of the current size's rounds (bench_round_bytes: all of
   --bytes, or BENCH_MAX_MESSAGES messages). */
static size_t round_bytes;
#define MAX_MSG (256u << 10) /* one-way calls keep a window of a few in half the area */
static unsigned char *stream;
static struct bench_table table;
static double binder_64k_mbs, pipe_64k_mbs;

static int sample_ok(const unsigned char *buf, size_t n, size_t at)
{
    int ok = 1;
    for (size_t i = 0; i < n; i += 509)
        ok &= buf[i] == bench_pattern_byte(at + i);
    return ok && (n == 0 || buf[n - 1] == bench_pattern_byte(at + n - 1));
}

static void add_row(const char *test, const char *mech, double mbs, const struct bench_stats *s,
                    double per, const char *sample)
{
    const char *cells[] = {
        test,
        mech,
        mbs < 0 ? "-" : bench_fmt("%.1f", mbs),
        bench_fmt("%.2f", s->median / 1e3 / per),
        bench_fmt("%.2f", s->min / 1e3 / per),
        bench_fmt("%.2f", s->p90 / 1e3 / per),
        sample,
    };
    bench_table_row(&table, cells);
}

static void skipped_row(const char *test, const char *mech, const char *why)
{
    printf("%-19s  %12s  skipped: %s\n", test, mech, why);
}

/* ---- binder ------------------------------------------------------------------ */

#define CODE_HELLO  0x7ffffffe /* carries the parent's object, for credits */
#define CODE_CREDIT 1          /* child -> parent: this many messages done */
#define LAST_OF_ROUND 0x40000000u /* in a one-way message's code */
#define OBJ_PARENT 0x5eed

static size_t server_msg;      /* the message size of the current test */
static uint32_t parent_handle; /* the child's handle on the parent's object */
static uint32_t unacked;       /* one-way messages since the last credit */
static uint32_t window;        /* one-way messages in flight at most */
static struct binder *server_b;

static void send_credit(void)
{
    struct parcel in;
    parcel_init(&in);
    parcel_write_u32(&in, unacked);
    binder_call(server_b, parent_handle, CODE_CREDIT, &in, NULL, TF_ONE_WAY);
    parcel_free(&in);
    unacked = 0;
}

static int serve(void *ctx, const struct binder_transaction_data *tr, struct parcel *in,
                 struct parcel *reply)
{
    (void)ctx;
    if (tr->code == CODE_ROUND_TRIP) {
        uint32_t v = parcel_read_u32(in);
        return parcel_write_u32(reply, v + 1);
    }
    if (tr->code == CODE_HELLO) {
        parent_handle = parcel_read_handle(in);
        binder_acquire(server_b, parent_handle); /* beyond the request's buffer */
        return parent_handle ? 0 : BINDER_BAD_VALUE;
    }
    /* A message, read where it arrived: code is its number in the round. */
    uint32_t n = tr->code & ~LAST_OF_ROUND;
    size_t at = (size_t)n * server_msg % round_bytes;
    int ok = sample_ok(in->data, in->size, at);
    if (!(tr->flags & TF_ONE_WAY))
        return ok ? 0 : BINDER_BAD_VALUE;
    if (!ok) {
        fprintf(stderr, "binderbench: one-way message %u: wrong data\n", n);
        _exit(1);
    }
    if (++unacked == window || (tr->code & LAST_OF_ROUND))
        send_credit();
    return 0;
}

/* Forks the binder server; returns its pid once it is the manager. */
static pid_t start_binder_server(size_t msg)
{
    int p[2];
    if (pipe(p))
        bench_die("pipe");
    server_msg = msg;
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(p[0]);
        struct binder *b = server_b = binder_open(dev, MAP_BYTES);
        if (!b)
            bench_die(dev);
        /* Linux releases an earlier manager from a work queue: retry. */
        int tries = 0;
        while (binder_become_context_manager(b) < 0) {
            if (errno != EBUSY || ++tries > 500)
                bench_die("BINDER_SET_CONTEXT_MGR");
            usleep(10000);
        }
        struct binder_server s = { serve, NULL, NULL };
        binder_set_server(b, &s);
        if (write(p[1], "r", 1) != 1)
            _exit(1);
        binder_loop(b);
        _exit(1);
    }
    close(p[1]);
    char c;
    if (read(p[0], &c, 1) != 1) {
        fprintf(stderr, "binderbench: the binder server did not start on %s\n", dev);
        exit(1);
    }
    close(p[0]);
    return pid;
}

static void stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* The parent's side of the credits: a one-way call to its object. */
static uint32_t credits;
static int parent_serve(void *ctx, const struct binder_transaction_data *tr, struct parcel *in,
                        struct parcel *reply)
{
    (void)ctx;
    (void)reply;
    if (tr->code != CODE_CREDIT)
        return BINDER_BAD_VALUE;
    credits += parcel_read_u32(in);
    return 0;
}

/* Waits until at most max messages are unacknowledged. */
static void wait_credits(struct binder *b, uint32_t *in_flight, uint32_t max)
{
    while (*in_flight > max) {
        while (!credits)
            if (binder_serve_once(b) < 0)
                bench_die("binder read");
        *in_flight -= credits;
        credits = 0;
    }
}

/* One round: every message a call (sync: its reply ends it; one-way: the
   credits for the last one end it). */
static uint64_t binder_round(struct binder *b, size_t msg, int oneway)
{
    uint64_t t0 = bench_now_ns();
    uint32_t n = 0, in_flight = 0;
    for (size_t off = 0; off < round_bytes; off += msg, n++) {
        size_t len = round_bytes - off < msg ? round_bytes - off : msg;
        struct parcel in, out;
        parcel_wrap(&in, stream + off, len);
        int status;
        if (oneway) {
            wait_credits(b, &in_flight, window - 1);
            uint32_t code = n | (off + len >= round_bytes ? LAST_OF_ROUND : 0);
            status = binder_call(b, 0, code, &in, NULL, TF_ONE_WAY);
            in_flight++;
        } else {
            status = binder_call(b, 0, n, &in, &out, 0);
            parcel_free(&out);
        }
        if (status) {
            fprintf(stderr, "binderbench: binder message %u failed: status %d\n", n, status);
            exit(1);
        }
    }
    if (oneway)
        wait_credits(b, &in_flight, 0);
    return bench_now_ns() - t0;
}

static void binder_throughput(size_t msg, const char *test, int oneway)
{
    /* One-way calls may hold half of the receiver's area, each charged
       its size and the kernel's bookkeeping (pagelab/binder_uapi.h). */
    round_bytes = bench_round_bytes(opt.total_bytes, msg);
    window = (uint32_t)(MAP_BYTES / 2 / (msg + 512)) - 1;
    if (window > 64)
        window = 64;
    pid_t pid = start_binder_server(msg);
    struct binder *b = binder_open(dev, MAP_BYTES);
    if (!b)
        bench_die(dev);
    if (oneway) {
        struct binder_server s = { parent_serve, NULL, NULL };
        binder_set_server(b, &s);
        struct parcel hello, out;
        parcel_init(&hello);
        parcel_write_binder(&hello, OBJ_PARENT, 0);
        uint32_t enter = BC_ENTER_LOOPER; /* credits are calls to our object */
        if (binder_call(b, 0, CODE_HELLO, &hello, &out, 0) || binder_write(b, &enter, 4))
            bench_die("binder hello");
        parcel_free(&out);
        parcel_free(&hello);
    }
    uint64_t *ns = calloc(opt.rounds, sizeof *ns);
    binder_round(b, msg, oneway); /* warm-up: the area's frames get their first use */
    for (int r = 0; r < opt.rounds; r++)
        ns[r] = binder_round(b, msg, oneway);
    struct bench_stats s = bench_summarize(ns, opt.rounds);
    double mbs = (double)round_bytes / (s.median / 1e9) / 1e6;
    add_row(test, oneway ? "binder 1-way" : "binder call", mbs, &s,
            (double)((round_bytes + msg - 1) / msg),
            bench_fmt("%d x %s", opt.rounds, bench_size_name(round_bytes)));
    if (msg == 65536 && oneway)
        binder_64k_mbs = mbs;
    free(ns);
    binder_close(b);
    stop(pid);
}

static void binder_round_trip(void)
{
    pid_t pid = start_binder_server(4);
    struct binder *b = binder_open(dev, MAP_BYTES);
    if (!b)
        bench_die(dev);
    uint64_t *ns = calloc(opt.roundtrips, sizeof *ns);
    for (int i = -1; i < opt.roundtrips; i++) { /* i == -1: warm-up */
        struct parcel in, out;
        parcel_init(&in);
        parcel_write_u32(&in, (uint32_t)i);
        uint64_t t0 = bench_now_ns();
        int status = binder_call(b, 0, CODE_ROUND_TRIP, &in, &out, 0);
        uint32_t back = parcel_read_u32(&out);
        parcel_free(&out);
        if (i >= 0)
            ns[i] = bench_now_ns() - t0;
        parcel_free(&in);
        if (status || back != (uint32_t)i + 1) {
            fprintf(stderr, "binderbench: round trip %d: status %d, answer %u\n", i, status, back);
            exit(1);
        }
    }
    struct bench_stats s = bench_summarize(ns, opt.roundtrips);
    add_row("round trip 4 B", "binder call", -1, &s, 1,
            bench_fmt("%d round trips", opt.roundtrips));
    free(ns);
    binder_close(b);
    stop(pid);
}

/* ---- pipe and Unix socket ----------------------------------------------------- */

struct stream_pair {
    int out, ack_in;  /* the parent's ends */
    int in, ack_out;  /* the child's */
};

/* 0, or -errno when the kernel has no such thing. */
static int open_pair(int socket, struct stream_pair *sp)
{
    if (socket) {
        int sv[2];
        long r = bench_syscall(BENCH_SYS_SOCKETPAIR, BENCH_AF_UNIX, BENCH_SOCK_STREAM, 0, (long)sv,
                               0, 0);
        if (r < 0)
            return (int)r;
        sp->out = sp->ack_in = sv[0];
        sp->in = sp->ack_out = sv[1];
        return 0;
    }
    int a[2], b[2];
    if (pipe(a) || pipe(b))
        return -errno;
    sp->out = a[1];
    sp->in = a[0];
    sp->ack_in = b[0];
    sp->ack_out = b[1];
    return 0;
}

static void close_parent_ends(struct stream_pair *sp)
{
    close(sp->out);
    if (sp->ack_in != sp->out)
        close(sp->ack_in);
}

static void close_child_ends(struct stream_pair *sp)
{
    close(sp->in);
    if (sp->ack_out != sp->in)
        close(sp->ack_out);
}

/* The child: rounds of round_bytes read in msg-sized reads, each answered
   with one byte ('k', or 'x' if the data was wrong). */
static void stream_reader(struct stream_pair *sp, size_t msg, int nrounds)
{
    unsigned char *buf = malloc(msg);
    for (int r = 0; r < nrounds; r++) {
        size_t got = 0;
        int ok = 1;
        while (got < round_bytes) {
            size_t want = round_bytes - got < msg ? round_bytes - got : msg;
            ssize_t n = read(sp->in, buf, want);
            if (n <= 0)
                _exit(3);
            ok &= sample_ok(buf, (size_t)n, got);
            got += (size_t)n;
        }
        char ack = ok ? 'k' : 'x';
        if (write(sp->ack_out, &ack, 1) != 1)
            _exit(4);
    }
    _exit(0);
}

static void stream_throughput(int socket, size_t msg, const char *test)
{
    const char *mech = socket ? "unix socket" : "pipe";
    round_bytes = bench_round_bytes(opt.total_bytes, msg);
    struct stream_pair sp;
    int err = open_pair(socket, &sp);
    if (err) {
        skipped_row(test, mech, bench_fmt("socketpair: %s", strerror(-err)));
        return;
    }
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close_parent_ends(&sp);
        stream_reader(&sp, msg, opt.rounds + 1);
    }
    close_child_ends(&sp);
    uint64_t *ns = calloc(opt.rounds + 1, sizeof *ns);
    for (int r = 0; r <= opt.rounds; r++) {
        uint64_t t0 = bench_now_ns();
        for (size_t off = 0; off < round_bytes; off += msg) {
            size_t n = round_bytes - off < msg ? round_bytes - off : msg;
            if (bench_write_full(sp.out, stream + off, n))
                bench_die("write");
        }
        char a;
        if (bench_read_full(sp.ack_in, &a, 1) || a != 'k') {
            fprintf(stderr, "binderbench: the %s reader saw wrong data\n", mech);
            exit(1);
        }
        ns[r] = bench_now_ns() - t0;
    }
    close_parent_ends(&sp);
    waitpid(pid, NULL, 0);
    struct bench_stats s = bench_summarize(ns + 1, opt.rounds); /* ns[0]: warm-up */
    double mbs = (double)round_bytes / (s.median / 1e9) / 1e6;
    add_row(test, mech, mbs, &s, (double)((round_bytes + msg - 1) / msg),
            bench_fmt("%d x %s", opt.rounds, bench_size_name(round_bytes)));
    if (!socket && msg == 65536)
        pipe_64k_mbs = mbs;
    free(ns);
}

static void stream_round_trip(int socket)
{
    const char *mech = socket ? "unix socket" : "pipe";
    struct stream_pair sp;
    int err = open_pair(socket, &sp);
    if (err) {
        skipped_row("round trip 4 B", mech, bench_fmt("socketpair: %s", strerror(-err)));
        return;
    }
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close_parent_ends(&sp);
        uint32_t v;
        while (bench_read_full(sp.in, &v, 4) == 0) {
            v++;
            if (bench_write_full(sp.ack_out, &v, 4))
                _exit(1);
        }
        _exit(0);
    }
    close_child_ends(&sp);
    uint64_t *ns = calloc(opt.roundtrips, sizeof *ns);
    for (int i = -1; i < opt.roundtrips; i++) {
        uint32_t v = (uint32_t)i, back = 0;
        uint64_t t0 = bench_now_ns();
        if (bench_write_full(sp.out, &v, 4) || bench_read_full(sp.ack_in, &back, 4))
            bench_die(mech);
        if (i >= 0)
            ns[i] = bench_now_ns() - t0;
        if (back != v + 1) {
            fprintf(stderr, "binderbench: %s round trip %d answered %u\n", mech, i, back);
            exit(1);
        }
    }
    close_parent_ends(&sp);
    waitpid(pid, NULL, 0);
    struct bench_stats s = bench_summarize(ns, opt.roundtrips);
    add_row("round trip 4 B", mech, -1, &s, 1, bench_fmt("%d round trips", opt.roundtrips));
    free(ns);
}

static void usage(void) { bench_ipc_usage("binderbench", " [--dev PATH]"); }

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int taken = bench_ipc_option(&opt, argc, argv, &i);
        if (taken < 0)
            usage();
        else if (taken == 0 && !strcmp(argv[i], "--dev") && i + 1 < argc)
            dev = argv[++i];
        else if (taken == 0)
            usage();
    }
    if (!bench_ipc_valid(&opt))
        usage();
    for (int k = 0; k < opt.nsizes; k++)
        if (opt.sizes[k] > MAX_MSG)
            usage();
    signal(SIGPIPE, SIG_IGN);
    stream = bench_pattern_stream(opt.total_bytes);

    printf("binderbench: two processes (fork); binder on %s, read in place: a synchronous call "
           "per message, or one-way calls with credits; pipe and unix socket: a stream; the us "
           "columns are per message\n",
           dev);
    static const char *const head[] = {"test", "mechanism", "MB/s", "median us", "min us",
                                       "p90 us", "sample"};
    static const int width[] = {19, 12, 8, 9, 8, 8, 18};
    bench_table_init(&table, 7, head, width);
    bench_table_header(&table);
    /* A kernel without binder (this host, say) gets rows that say why. */
    struct binder *probe = binder_open(dev, MAP_BYTES);
    const char *no_binder = probe ? NULL : bench_fmt("%s: %s", dev, strerror(errno));
    binder_close(probe);
    for (int k = 0; k < opt.nsizes; k++) {
        char test[32];
        snprintf(test, sizeof test, "throughput %s", bench_size_name(opt.sizes[k]));
        if (no_binder) {
            skipped_row(test, "binder call", no_binder);
            skipped_row(test, "binder 1-way", no_binder);
        } else {
            binder_throughput(opt.sizes[k], test, 0);
            binder_throughput(opt.sizes[k], test, 1);
        }
        stream_throughput(0, opt.sizes[k], test);
        stream_throughput(1, opt.sizes[k], test);
    }
    if (no_binder)
        skipped_row("round trip 4 B", "binder call", no_binder);
    else
        binder_round_trip();
    stream_round_trip(0);
    stream_round_trip(1);
    if (binder_64k_mbs > 0 && pipe_64k_mbs > 0) {
        printf("binder one-way / pipe at 64 KiB: %.2fx\n", binder_64k_mbs / pipe_64k_mbs);
        bench_figure_f("binder one-way / pipe at 64 KiB", "ratio", binder_64k_mbs / pipe_64k_mbs);
    }
    return 0;
}
