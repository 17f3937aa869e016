/*
 * msgbench: message-queue throughput and latency between two processes,
 * System V (msgsnd/msgrcv) and POSIX (mq_send/mq_receive).
 *
 *     msgbench [--bytes N] [--sizes LIST] [--roundtrips N] [--rounds R] [--quick]
 *
 *   throughput  a forked child receives N bytes (default 8 MiB) that the
 *               parent sends in messages of each size of LIST (default
 *               4K,64K; 64 KiB at most; no more than BENCH_MAX_MESSAGES
 *               messages a round); the child answers one byte on a pipe when it has them all, and
 *               the clock runs from the first send to that answer.  Median
 *               of R rounds (default 5): MB/s and microseconds per message.
 *               Four messages fit in the queue at a time, for every size and
 *               both kinds: System V's default msgmnb (16384) holds four of
 *               4 KiB; above 8 KiB msgmax and msgmnb are raised to the size
 *               and four times it through /proc/sys/kernel (and put back
 *               after); POSIX queues get mq_maxmsg 4, and msgsize_max is
 *               raised to the size through /proc/sys/fs/mqueue.
 *   round trip  one byte to the child and back, timed one by one (default
 *               2000): System V over one queue (type 1 there, type 2 back),
 *               POSIX over two queues; median, minimum and 90th percentile
 *               in microseconds.
 *
 * Every message the child receives is checked against the pattern the
 * parent sent (a sample of its bytes, its length), so a queue that loses,
 * truncates or reorders data fails the run (exit 1).  The calls go through
 * Linux x86-64 syscall numbers (benchlib.h), so one static binary runs on
 * pagelab and on Linux.  Root is needed for the /proc/sys writes; without
 * them the 64 KiB rows say "skipped" and why.  On Linux the program first
 * moves into an IPC namespace of its own (unshare; pagelab has one and says
 * ENOSYS), so the limits it raises are not the host's.
 */
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

#define SYS_MQ_OPEN          240
#define SYS_MQ_UNLINK        241
#define SYS_MQ_TIMEDSEND     242
#define SYS_MQ_TIMEDRECEIVE  243
#define IPC_PRIVATE_KEY      0
#define IPC_CREAT_FLAG       01000
#define IPC_RMID_CMD         0
#define SYS_UNSHARE          272
#define CLONE_NEWIPC_FLAG    0x08000000
#define IN_FLIGHT            4 /* messages the queue holds at once */
#define BIG                  65536

/* The shared options (benchlib.h); the largest default message is BIG. */
static struct bench_ipc opt = {
    .total_bytes = 8 << 20, .roundtrips = 2000, .rounds = 5, .sizes = {4096, BIG}, .nsizes = 2};
static unsigned char *stream;
/* The bytes of the current size's rounds (bench_round_bytes: all of
   --bytes, or BENCH_MAX_MESSAGES messages). */
static size_t round_bytes;

/* ---- /proc/sys limits ---------------------------------------------------- */

static long read_limit(const char *path)
{
    char buf[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    return atol(buf);
}

static int write_limit(const char *path, long v)
{
    char buf[32];
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    int len = snprintf(buf, sizeof buf, "%ld\n", v);
    int ok = write(fd, buf, (size_t)len) == len;
    close(fd);
    return ok ? 0 : -1;
}

/* Sets path to at least v for a run; restore() puts the old value back. */
struct limit {
    const char *path;
    long old;
};

static int raise_limit(struct limit *l, const char *path, long v)
{
    l->path = path;
    l->old = read_limit(path);
    if (l->old < 0)
        return -1;
    return l->old >= v ? 0 : write_limit(path, v);
}

static void restore(const struct limit *l)
{
    if (l->old >= 0)
        write_limit(l->path, l->old);
}

/* ---- the two kinds of queue ----------------------------------------------- */

struct queue {
    int posix;
    long id;        /* System V msqid, or the POSIX descriptor */
    char name[64];  /* POSIX: without the leading '/' (the syscall's form) */
};

struct sysv_msg {
    long mtype;
    unsigned char text[BIG];
};

static const char *queue_open(struct queue *q, int posix, size_t msgsize, const char *suffix)
{
    q->posix = posix;
    if (!posix) {
        q->id = bench_syscall(BENCH_SYS_MSGGET, IPC_PRIVATE_KEY, IPC_CREAT_FLAG | 0600, 0, 0, 0, 0);
        return q->id < 0 ? bench_fmt("msgget: %s", strerror((int)-q->id)) : NULL;
    }
    struct { long flags, maxmsg, msgsize, curmsgs, reserved[4]; } attr = {
        0, IN_FLIGHT, (long)msgsize, 0, {0}};
    snprintf(q->name, sizeof q->name, "pagelab-msgbench-%d-%s", (int)getpid(), suffix);
    bench_syscall(SYS_MQ_UNLINK, (long)q->name, 0, 0, 0, 0, 0);
    q->id = bench_syscall(SYS_MQ_OPEN, (long)q->name, O_CREAT | O_RDWR, 0600, (long)&attr, 0, 0);
    return q->id < 0 ? bench_fmt("mq_open: %s", strerror((int)-q->id)) : NULL;
}

static void queue_close(struct queue *q)
{
    if (!q->posix) {
        bench_syscall(BENCH_SYS_MSGCTL, q->id, IPC_RMID_CMD, 0, 0, 0, 0);
        return;
    }
    close((int)q->id);
    bench_syscall(SYS_MQ_UNLINK, (long)q->name, 0, 0, 0, 0, 0);
}

/* Sends n bytes of text as one message of type (System V) or priority 0. */
static long queue_send(struct queue *q, struct sysv_msg *buf, size_t n, long type)
{
    if (q->posix)
        return bench_syscall(SYS_MQ_TIMEDSEND, q->id, (long)buf->text, (long)n, 0, 0, 0);
    buf->mtype = type;
    return bench_syscall(BENCH_SYS_MSGSND, q->id, (long)buf, (long)n, 0, 0, 0);
}

/* Receives one message (of type, System V) into buf: its length or -errno. */
static long queue_recv(struct queue *q, struct sysv_msg *buf, size_t cap, long type)
{
    if (q->posix)
        return bench_syscall(SYS_MQ_TIMEDRECEIVE, q->id, (long)buf->text, (long)cap, 0, 0, 0);
    return bench_syscall(BENCH_SYS_MSGRCV, q->id, (long)buf, (long)cap, type, 0, 0);
}

/* ---- throughput ----------------------------------------------------------- */

static void child_receiver(struct queue *q, size_t msg, int ack)
{
    struct sysv_msg *buf = malloc(sizeof *buf);
    size_t got = 0;
    int bad = 0;
    while (got < round_bytes && !bad) {
        size_t want = round_bytes - got < msg ? round_bytes - got : msg;
        long n = queue_recv(q, buf, msg, 1);
        bad |= n != (long)want;
        for (long i = 0; !bad && i < n; i += 509)
            bad |= buf->text[i] != bench_pattern_byte(got + (size_t)i);
        bad |= n > 0 && buf->text[n - 1] != bench_pattern_byte(got + (size_t)n - 1);
        got += want;
    }
    char a = bad ? 'x' : 'k';
    if (write(ack, &a, 1) != 1)
        _exit(4);
    _exit(bad ? 5 : 0);
}

/* The nanoseconds one round took, or 0 with *why set. */
static uint64_t throughput_round(int posix, size_t msg, const char **why)
{
    struct queue q;
    if ((*why = queue_open(&q, posix, msg, "t")))
        return 0;
    int ack[2];
    if (pipe(ack) != 0)
        bench_die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(ack[0]);
        child_receiver(&q, msg, ack[1]);
    }
    close(ack[1]);
    /* System V messages carry their type before the text: they are laid
       out whole beforehand, so that the timed loop only sends. */
    size_t count = (round_bytes + msg - 1) / msg, stride = sizeof(long) + msg;
    unsigned char *all = NULL;
    if (!posix) {
        if (!(all = malloc(count * stride)))
            bench_die("malloc");
        for (size_t k = 0; k < count; k++) {
            size_t off = k * msg, n = round_bytes - off < msg ? round_bytes - off : msg;
            *(long *)(all + k * stride) = 1;
            memcpy(all + k * stride + sizeof(long), stream + off, n);
        }
    }
    uint64_t t0 = bench_now_ns();
    for (size_t off = 0, k = 0; off < round_bytes; off += msg, k++) {
        size_t n = round_bytes - off < msg ? round_bytes - off : msg;
        long r = posix ? bench_syscall(SYS_MQ_TIMEDSEND, q.id, (long)(stream + off), (long)n, 0, 0, 0)
                       : bench_syscall(BENCH_SYS_MSGSND, q.id, (long)(all + k * stride), (long)n, 0,
                                       0, 0);
        if (r < 0) {
            fprintf(stderr, "msgbench: send: %s\n", strerror((int)-r));
            exit(1);
        }
    }
    char a = 0;
    if (bench_read_full(ack[0], &a, 1) != 0)
        a = 0;
    uint64_t t1 = bench_now_ns();
    close(ack[0]);
    int status;
    waitpid(pid, &status, 0);
    queue_close(&q);
    free(all);
    if (a != 'k' || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "msgbench: the receiver saw wrong data (ack %c, status %#x)\n", a, status);
        exit(1);
    }
    return t1 - t0;
}

static struct bench_table table;

static void skipped_row(const char *name, const char *why)
{
    printf("%-*s  skipped: %s\n", table.width[0], name, why);
}

static void throughput(int posix, size_t msg)
{
    const char *name = bench_fmt("%sthroughput %s", posix ? "mq " : "", bench_size_name(msg));
    struct limit l1 = {0, -1}, l2 = {0, -1};
    int lim = 0;
    if (msg > 4096) { /* the defaults hold four of 4 KiB (raise_limit never lowers) */
        lim = posix ? raise_limit(&l1, "/proc/sys/fs/mqueue/msgsize_max", (long)msg)
                    : raise_limit(&l1, "/proc/sys/kernel/msgmax", (long)msg) ||
                          raise_limit(&l2, "/proc/sys/kernel/msgmnb", (long)(IN_FLIGHT * msg));
    }
    if (lim) {
        skipped_row(name, "cannot raise the /proc/sys limits (not root?)");
        restore(&l1);
        restore(&l2);
        return;
    }
    round_bytes = bench_round_bytes(opt.total_bytes, msg);
    uint64_t *ns = calloc((size_t)opt.rounds, sizeof *ns);
    const char *why = NULL;
    for (int r = 0; r < opt.rounds && !why; r++)
        ns[r] = throughput_round(posix, msg, &why);
    restore(&l1);
    restore(&l2);
    if (why) {
        skipped_row(name, why);
        free(ns);
        return;
    }
    bench_throughput_row(&table, name, ns, opt.rounds, round_bytes, msg);
    free(ns);
}

/* ---- round trip ------------------------------------------------------------ */

static void round_trip(int posix)
{
    const char *name = posix ? "mq round trip 1 B" : "round trip 1 B";
    struct queue there, back;
    const char *why = queue_open(&there, posix, 16, "there");
    if (!why && posix)
        why = queue_open(&back, posix, 16, "back");
    else
        back = there; /* System V: one queue, type 1 there, type 2 back */
    if (why) {
        skipped_row(name, why);
        return;
    }
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        struct sysv_msg *m = malloc(sizeof *m);
        for (;;) {
            if (queue_recv(&there, m, 16, 1) != 1)
                _exit(m->text[0] == 0xff ? 0 : 1);
            if (m->text[0] == 0xff)
                _exit(0);
            m->text[0]++;
            if (queue_send(&back, m, 1, 2) != 0)
                _exit(1);
        }
    }
    struct sysv_msg *m = malloc(sizeof *m);
    uint64_t *ns = calloc((size_t)opt.roundtrips, sizeof *ns);
    for (int i = 0; i < opt.roundtrips; i++) {
        unsigned char c = (unsigned char)(i % 200);
        uint64_t t0 = bench_now_ns();
        m->text[0] = c;
        long r = queue_send(&there, m, 1, 1);
        if (r == 0)
            r = queue_recv(&back, m, 16, 2);
        ns[i] = bench_now_ns() - t0;
        if (r != 1 || m->text[0] != (unsigned char)(c + 1)) {
            fprintf(stderr, "msgbench: round trip %d answered %ld / %u to %u\n", i, r, m->text[0], c);
            exit(1);
        }
    }
    m->text[0] = 0xff;
    queue_send(&there, m, 1, 1);
    waitpid(pid, NULL, 0);
    queue_close(&there);
    if (posix)
        queue_close(&back);
    bench_round_trip_row(&table, name, ns, opt.roundtrips);
    free(ns);
    free(m);
}

int main(int argc, char **argv)
{
    bench_ipc_parse(&opt, argc, argv, "msgbench");
    for (int k = 0; k < opt.nsizes; k++)
        if (opt.sizes[k] > BIG)
            bench_ipc_usage("msgbench", ""); /* a message lives in a struct sysv_msg */
    bench_syscall(SYS_UNSHARE, CLONE_NEWIPC_FLAG, 0, 0, 0, 0, 0);
    stream = bench_pattern_stream(opt.total_bytes);

    printf("msgbench: two processes (fork); %d messages in flight; the us columns are per message\n",
           IN_FLIGHT);
    bench_ipc_table(&table, 22);
    for (int posix = 0; posix < 2; posix++)
        for (int k = 0; k < opt.nsizes; k++)
            throughput(posix, opt.sizes[k]);
    round_trip(0);
    round_trip(1);
    return 0;
}
