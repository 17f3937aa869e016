/*
 * copycount: how many times each mechanism really copies your data.
 *
 *     copycount [--bytes N] [--msg M] [--dir DIR] [--quick] [--trace]
 *
 * Moves N bytes (default 1 MiB) in messages of M bytes (default 4096)
 * through every mechanism the running kernel has, and prints one row per
 * mechanism from the copy ledger (libc/include/pagelab/ledger.h): the bytes
 * the CPU copied per byte moved, the bytes devices transferred (DMA) per
 * byte moved, their sum ("copies"), pages zero-filled per byte, and the page
 * faults taken (getrusage).  All of these are deltas of the ledger and of
 * the fault counters around the transfer (LEDGER_SELF: this process only),
 * never constants.  Syscall arguments and file-system metadata are left out
 * of the per-byte figures; they are not payload.
 *
 * Beside each row stands the copy count popular articles on Linux IPC
 * claim (docs/claims.md lists them): Binder 1,
 * message queue 2, socket 2, pipe 2, shared memory 0, file read()/write() 2,
 * file mmap 1.  The last column says "differs" where the measured count is
 * not the claimed one.  Those claims count the disk's transfer as a copy, so
 * the comparison is with CPU + device copies.
 *
 * A mechanism the kernel does not have (ENOSYS, or no device) gets a row
 * that says "skipped" and why.  Both ends of pipes and sockets
 * are in this one process, so that its ledger sees the sender's and the
 * receiver's copies.  The other IPC rows use two processes, as the
 * mechanisms are meant to be used, and each process measures its own
 * ledger and faults around its part; the child's figures come back through
 * a pipe (after its measurement ends) to be added to ours.  Message queues
 * (System V and POSIX) and System V shared memory: this process sends or
 * writes, a child receives or reads.  "memfd passed" and "shm_open": a
 * child writes the payload into its own mapping of the object (a memfd it
 * inherited, or a POSIX shared memory object it opened by name), this
 * process reads it from its mapping.  Each side first writes to every page
 * it will write during its window, so that no copy-on-write break of the
 * fork lands in it.
 *
 * "memfd over SCM_RIGHTS" is the zero-copy way Android and desktops share a
 * buffer: the producer (a child) makes a memfd, stores the payload through
 * its mapping and passes the descriptor over a Unix socket (SCM_RIGHTS, a
 * datagram of no bytes); this process receives it, maps it and reads.
 * Both mappings are the same pages, and passing the descriptor moves no
 * payload.
 *
 * Binder: this process calls a child (a binder process cannot call itself),
 * which reads each message in place.
 *
 * --trace (pagelab): each mechanism also runs under the copy trace
 * (pagelab_copy_trace, libc/include/pagelab/ledger.h), which records this
 * process's and its children's copies in order, with where the bytes came
 * from and went to; the events follow the mechanism's row as lines
 *
 *     copytrace: ROW | begin | pid P | events N | lost L
 *     copytrace: ROW | PID | KIND | MECHANISM | FROM | TO | BYTES | OPS
 *
 * (FROM and TO: "pid N", "kernel" or "disk"), what tools/copydiagram draws.
 * The trace keeps COPY_TRACE_MAX_EVENTS events: with --quick (64 KiB) every
 * mechanism fits.
 *
 * The zero-copy rows (sendfile, splice, tee, vmsplice, copy_file_range) read
 * the test file warm (the rows before them leave it cached) and count only
 * the calls that move the data to where the row's name says: emptying the
 * pipe or the socket afterwards (a read() here) is outside the measured
 * windows, except in "splice+read() file->user", which shows what reading
 * spliced pages costs.  "read()+write() file->pipe" is the same move done
 * through this process's buffer, to compare with.  Their claim is the name
 * "zero-copy" the articles give sendfile and splice: no copy.
 */
#define _GNU_SOURCE /* splice, tee, vmsplice, copy_file_range in musl's headers */
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../libc/include/pagelab/binder.h"
#include "benchlib.h"

static size_t total = 1 << 20;
static size_t msg = 4096;
static const char *dir = "/tmp";
static char path[512];
static int ledger;
static int trace; /* --trace */

/* Linux x86-64 ABI values (include/uapi/linux/ipc.h, socket.h). */
#define BENCH_IPC_PRIVATE 0
#define BENCH_IPC_CREAT   01000
#define BENCH_IPC_RMID    0
#define BENCH_AF_UNIX     1
#define BENCH_SOCK_STREAM 1
#define BENCH_SOCK_DGRAM  2
#define MSGQ_MAX_MESSAGE  8192   /* Linux's default msgmax */
#define MQ_MAX_MESSAGE    8192   /* Linux's default /proc/sys/fs/mqueue/msgsize_max */
#define BENCH_SYS_MQ_OPEN 240    /* POSIX message queues: the kernel takes the name without '/' */
#define BENCH_SYS_MQ_UNLINK 241
#define BENCH_SYS_MQ_TIMEDSEND 242
#define BENCH_SYS_MQ_TIMEDRECEIVE 243
#define BENCH_O_RDWR      02
#define BENCH_O_CREAT     0100
#define PIPE_CAPACITY     65536  /* a pipe's buffer: a message must fit */

struct measure {
    struct ledger_counts before;
    struct bench_faults faults_before;
};

struct outcome {
    uint64_t moved;                 /* payload bytes moved */
    struct ledger_counts delta;
    long faults;                    /* -1 when unknown */
    const char *skipped;            /* non-NULL: the reason it did not run */
};

static void measure_start(struct measure *m)
{
    m->faults_before = bench_faults_now();
    bench_ledger_get(LEDGER_SELF, &m->before);
}

static void measure_end(const struct measure *m, struct outcome *o, uint64_t moved)
{
    struct ledger_counts after;
    bench_ledger_get(LEDGER_SELF, &after);
    struct bench_faults f = bench_faults_now();
    bench_ledger_delta(&m->before, &after, &o->delta);
    o->faults = (f.ok && m->faults_before.ok)
                    ? (f.minor - m->faults_before.minor) + (f.major - m->faults_before.major)
                    : -1;
    o->moved = moved;
}

static unsigned char *message;   /* msg bytes of payload */
static unsigned char *inbox;     /* where received messages land */
static volatile unsigned long sink;   /* keeps the reads of mapped data from being optimised out */

/* ---- files -------------------------------------------------------------- */

static void file_write(struct outcome *o)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        bench_die(path);
    struct measure m;
    measure_start(&m);
    for (size_t off = 0; off < total; off += msg)
        if (bench_write_full(fd, message, total - off < msg ? total - off : msg) != 0)
            bench_die("write");
    if (fsync(fd) != 0)
        bench_die("fsync");
    measure_end(&m, o, total);
    close(fd);
}

/* Opens the test file and, for a cold run, drops it from the page cache. */
static int open_test_file(int flags, int cold, struct outcome *o)
{
    int fd = open(path, flags);
    if (fd < 0)
        bench_die(path);
    if (cold && !bench_drop_caches(fd)) {
        o->skipped = "cannot drop the page cache (no /proc/sys/vm/drop_caches, no fadvise)";
        close(fd);
        return -1;
    }
    return fd;
}

static void file_read(struct outcome *o, int cold)
{
    int fd = open_test_file(O_RDONLY, cold, o);
    if (fd < 0)
        return;
    struct measure m;
    measure_start(&m);
    for (size_t off = 0; off < total; off += msg)
        if (bench_read_full(fd, inbox, total - off < msg ? total - off : msg) != 0)
            bench_die("read");
    measure_end(&m, o, total);
    close(fd);
}

static void mmap_read(struct outcome *o, int cold)
{
    int fd = open_test_file(O_RDONLY, cold, o);
    if (fd < 0)
        return;
    struct measure m;
    measure_start(&m);
    const unsigned char *p = mmap(NULL, total, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        bench_die("mmap");
    unsigned long sum = 0;
    for (size_t i = 0; i < total; i++)
        sum += p[i];
    sink = sum;
    munmap((void *)p, total);
    measure_end(&m, o, total);
    close(fd);
}

static void mmap_write(struct outcome *o)
{
    int fd = open_test_file(O_RDWR, 0, o);
    struct measure m;
    measure_start(&m);
    unsigned char *p = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        bench_die("mmap");
    for (size_t off = 0; off < total; off += msg)
        memcpy(p + off, message, total - off < msg ? total - off : msg);
    if (msync(p, total, MS_SYNC) != 0)
        bench_die("msync");
    munmap(p, total);
    measure_end(&m, o, total);
    close(fd);
}

/* ---- IPC ---------------------------------------------------------------- */

/* Sends total bytes through a byte stream (pipe or socket) in chunks that
 * fit its buffer, reading each back from the other end, and measures it. */
static void stream_transfer(struct outcome *o, int wfd, int rfd, const char *what)
{
    size_t chunk = msg < PIPE_CAPACITY ? msg : PIPE_CAPACITY;
    struct measure m;
    measure_start(&m);
    for (size_t off = 0; off < total; off += chunk) {
        size_t n = total - off < chunk ? total - off : chunk;
        if (bench_write_full(wfd, message, n) != 0 || bench_read_full(rfd, inbox, n) != 0)
            bench_die(what);
    }
    measure_end(&m, o, total);
}

static void pipe_transfer(struct outcome *o)
{
    int fds[2];
    if (pipe(fds) != 0) {
        o->skipped = bench_fmt("pipe() failed: %s", strerror(errno));
        return;
    }
    stream_transfer(o, fds[1], fds[0], "pipe transfer");
    close(fds[0]);
    close(fds[1]);
}

static const char *missing(long err, const char *call)
{
    if (err == -ENOSYS)
        return bench_fmt("%s: ENOSYS, not in this kernel", call);
    return bench_fmt("%s failed: %s", call, strerror((int)-err));
}

/* ---- two processes ------------------------------------------------------ */

/* What the child of a two-process transfer measured, sent back by pipe. */
struct child_report {
    struct ledger_counts delta;
    long faults;    /* -1 when unknown */
    int ok;
};

/* fork left the child's stack copy-on-write: the first store to each page
   copies it.  Storing to the stack below the caller now keeps those copies
   (and first touches of deeper pages) out of the measurement. */
static void __attribute__((noinline)) warm_stack(void)
{
    volatile char pad[32 * 1024];
    for (size_t i = 0; i < sizeof pad; i += 256)
        pad[i] = 1;
}

/* Reads a byte of every page of the program's code, so that no row pays
   for reading a page of code from the disk the first time it runs: which
   pages a row's code happens to share with code run before is the linker's
   layout, not the mechanism's cost.  The linker defines both symbols. */
extern const char __executable_start[], etext[];
static void warm_text(void)
{
    for (const volatile char *c = __executable_start; c < etext; c += 4096)
        sink += (unsigned char)*c;
}

/* Writes to every page of [p, p+n): the same, for a buffer. */
static void own_buffer(void *p, size_t n)
{
    volatile unsigned char *c = p;
    for (size_t i = 0; i < n; i += 4096)
        c[i] = c[i];
    if (n)
        c[n - 1] = c[n - 1];
}

struct pair {
    int ready[2];   /* child -> parent: "set up", then the report */
    int go[2];      /* parent -> child: "start" (when the child must wait) */
    pid_t pid;
};

static int pair_fork(struct pair *p)
{
    if (pipe(p->ready) != 0 || pipe(p->go) != 0)
        return -1;
    sink = 0;
    warm_stack();
    p->pid = fork();
    if (p->pid == 0) {
        warm_stack();
        sink = 0;
    }
    return p->pid < 0 ? -1 : 0;
}

static void pair_signal(int fd)
{
    char c = 1;
    if (write(fd, &c, 1) != 1)
        bench_die("pipe");
}

static void pair_wait(int fd)
{
    char c;
    if (bench_read_full(fd, &c, 1) != 0)
        bench_die("pipe");
}

/* The child's end: its measured delta goes to the parent; never returns. */
static void pair_child_report(struct pair *p, const struct measure *m, int ok)
{
    struct outcome mine;
    memset(&mine, 0, sizeof mine);
    measure_end(m, &mine, 0);
    struct child_report r = {mine.delta, mine.faults, ok};
    _exit(bench_write_full(p->ready[1], &r, sizeof r) == 0 ? 0 : 1);
}

/* The parent's end: adds the child's report to o, reaps the child. */
static void pair_collect(struct pair *p, struct outcome *o, const char *what)
{
    struct child_report r;
    if (bench_read_full(p->ready[0], &r, sizeof r) != 0)
        bench_die(what);
    int st;
    waitpid(p->pid, &st, 0);
    if (!r.ok || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        o->skipped = bench_fmt("%s: the receiving process failed", what);
        return;
    }
    uint64_t *d = (uint64_t *)&o->delta;
    const uint64_t *c = (const uint64_t *)&r.delta;
    for (size_t i = 0; i < sizeof o->delta / sizeof(uint64_t); i++)
        d[i] += c[i];
    o->faults = o->faults < 0 || r.faults < 0 ? -1 : o->faults + r.faults;
    close(p->ready[0]);
    close(p->ready[1]);
    close(p->go[0]);
    close(p->go[1]);
}

/* System V message queue: the parent msgsnd()s, the child msgrcv()s. */
static void msgq_transfer(struct outcome *o)
{
    long q = bench_syscall(BENCH_SYS_MSGGET, BENCH_IPC_PRIVATE, BENCH_IPC_CREAT | 0600, 0, 0, 0, 0);
    if (q < 0) {
        o->skipped = missing(q, "msgget");
        return;
    }
    size_t chunk = msg < MSGQ_MAX_MESSAGE ? msg : MSGQ_MAX_MESSAGE;
    struct msgq_buf { long mtype; unsigned char text[MSGQ_MAX_MESSAGE]; };
    struct msgq_buf *out = malloc(sizeof *out), *in = malloc(sizeof *in);
    out->mtype = 1;
    memcpy(out->text, message, chunk);
    memset(in, 0, sizeof *in);
    struct pair p;
    struct measure m;
    if (pair_fork(&p) != 0)
        bench_die("fork");
    if (p.pid == 0) {
        own_buffer(in, sizeof *in);
        pair_signal(p.ready[1]);
        measure_start(&m);
        int ok = 1;
        for (size_t off = 0; off < total && ok; off += chunk) {
            size_t n = total - off < chunk ? total - off : chunk;
            ok = bench_syscall(BENCH_SYS_MSGRCV, q, (long)in, MSGQ_MAX_MESSAGE, 0, 0, 0) == (long)n &&
                 in->text[n - 1] == out->text[n - 1];
        }
        pair_child_report(&p, &m, ok);
    }
    own_buffer(out, sizeof *out);
    pair_wait(p.ready[0]);
    measure_start(&m);
    for (size_t off = 0; off < total; off += chunk) {
        size_t n = total - off < chunk ? total - off : chunk;
        long r = bench_syscall(BENCH_SYS_MSGSND, q, (long)out, (long)n, 0, 0, 0);
        if (r < 0) {
            o->skipped = missing(r, "msgsnd");
            kill(p.pid, SIGKILL);
            break;
        }
    }
    measure_end(&m, o, total);
    if (!o->skipped)
        pair_collect(&p, o, "msgsnd/msgrcv");
    else
        waitpid(p.pid, NULL, 0);
    bench_syscall(BENCH_SYS_MSGCTL, q, BENCH_IPC_RMID, 0, 0, 0, 0);
    free(out);
    free(in);
}

/* POSIX message queue: the parent mq_send()s, the child mq_receive()s. */
static void posix_mq_transfer(struct outcome *o)
{
    size_t chunk = msg < MQ_MAX_MESSAGE ? msg : MQ_MAX_MESSAGE;
    struct { long flags, maxmsg, msgsize, curmsgs, reserved[4]; } attr = {0, 10, (long)chunk, 0, {0}};
    char name[64];
    snprintf(name, sizeof name, "pagelab-copycount-%d", (int)getpid());
    bench_syscall(BENCH_SYS_MQ_UNLINK, (long)name, 0, 0, 0, 0, 0);
    long q = bench_syscall(BENCH_SYS_MQ_OPEN, (long)name, BENCH_O_CREAT | BENCH_O_RDWR, 0600,
                           (long)&attr, 0, 0);
    if (q < 0) {
        o->skipped = missing(q, "mq_open");
        return;
    }
    unsigned char *in = malloc(chunk);
    memset(in, 0, chunk);
    struct pair p;
    struct measure m;
    if (pair_fork(&p) != 0)
        bench_die("fork");
    if (p.pid == 0) {
        own_buffer(in, chunk);
        pair_signal(p.ready[1]);
        measure_start(&m);
        int ok = 1;
        for (size_t off = 0; off < total && ok; off += chunk) {
            size_t n = total - off < chunk ? total - off : chunk;
            ok = bench_syscall(BENCH_SYS_MQ_TIMEDRECEIVE, q, (long)in, (long)chunk, 0, 0, 0) == (long)n &&
                 in[n - 1] == message[n - 1];
        }
        pair_child_report(&p, &m, ok);
    }
    pair_wait(p.ready[0]);
    measure_start(&m);
    for (size_t off = 0; off < total; off += chunk) {
        size_t n = total - off < chunk ? total - off : chunk;
        long r = bench_syscall(BENCH_SYS_MQ_TIMEDSEND, q, (long)message, (long)n, 0, 0, 0);
        if (r < 0) {
            o->skipped = missing(r, "mq_timedsend");
            kill(p.pid, SIGKILL);
            break;
        }
    }
    measure_end(&m, o, total);
    if (!o->skipped)
        pair_collect(&p, o, "mq_send/mq_receive");
    else
        waitpid(p.pid, NULL, 0);
    close((int)q);
    bench_syscall(BENCH_SYS_MQ_UNLINK, (long)name, 0, 0, 0, 0, 0);
    free(in);
}

static void socket_transfer(struct outcome *o)
{
    int sv[2];
    long r = bench_syscall(BENCH_SYS_SOCKETPAIR, BENCH_AF_UNIX, BENCH_SOCK_STREAM, 0, (long)sv, 0, 0);
    if (r < 0) {
        o->skipped = missing(r, "socketpair(AF_UNIX)");
        return;
    }
    stream_transfer(o, sv[0], sv[1], "unix socket transfer");
    close(sv[0]);
    close(sv[1]);
}

/* The parent stores the messages into the segment and a child loads them
 * from it: shared memory moves data with ordinary loads and stores. */
static void shm_transfer(struct outcome *o)
{
    long id = bench_syscall(BENCH_SYS_SHMGET, BENCH_IPC_PRIVATE, (long)total,
                            BENCH_IPC_CREAT | 0600, 0, 0, 0);
    if (id < 0) {
        o->skipped = missing(id, "shmget");
        return;
    }
    struct pair p;
    struct measure m;
    if (pair_fork(&p) != 0)
        bench_die("fork");
    if (p.pid == 0) {
        pair_signal(p.ready[1]);
        pair_wait(p.go[0]);
        measure_start(&m);
        long addr = bench_syscall(BENCH_SYS_SHMAT, id, 0, 0, 0, 0, 0);
        int ok = addr > 0 || addr < -4096;
        unsigned long sum = 0, want = 0;
        const unsigned char *seg = (const unsigned char *)addr;
        for (size_t i = 0; ok && i < total; i++) {
            sum += seg[i];
            want += message[i % msg];
        }
        ok = ok && sum == want && bench_syscall(BENCH_SYS_SHMDT, addr, 0, 0, 0, 0, 0) == 0;
        pair_child_report(&p, &m, ok);
    }
    pair_wait(p.ready[0]);
    measure_start(&m);
    long addr = bench_syscall(BENCH_SYS_SHMAT, id, 0, 0, 0, 0, 0);
    if (addr < 0 && addr > -4096) {
        o->skipped = missing(addr, "shmat");
        kill(p.pid, SIGKILL);
        waitpid(p.pid, NULL, 0);
        bench_syscall(BENCH_SYS_SHMCTL, id, BENCH_IPC_RMID, 0, 0, 0, 0);
        return;
    }
    unsigned char *seg = (unsigned char *)addr;
    for (size_t off = 0; off < total; off += msg)
        memcpy(seg + off, message, total - off < msg ? total - off : msg);
    bench_syscall(BENCH_SYS_SHMDT, addr, 0, 0, 0, 0, 0);
    measure_end(&m, o, total);
    pair_signal(p.go[1]);
    pair_collect(&p, o, "shared memory");
    bench_syscall(BENCH_SYS_SHMCTL, id, BENCH_IPC_RMID, 0, 0, 0, 0);
}

/* The child's half of a two-process transfer: maps the object, stores the
   payload, and sends its measured outcome up the pipe. */
static void shared_writer(int fd, const char *name, int up)
{
    warm_stack();
    struct outcome co;
    memset(&co, 0, sizeof co);
    struct measure m;
    measure_start(&m);
    if (name)
        fd = shm_open(name, O_RDWR, 0);
    unsigned char *w = fd < 0 ? MAP_FAILED
                              : mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (w == MAP_FAILED)
        _exit(1);
    for (size_t off = 0; off < total; off += msg)
        memcpy(w + off, message, total - off < msg ? total - off : msg);
    munmap(w, total);
    if (name)
        close(fd);
    measure_end(&m, &co, total);
    co.skipped = NULL;
    _exit(bench_write_full(up, &co, sizeof co) == 0 ? 0 : 1);
}

/* Payload from a child to this process through a shared object (fd, which
   the child inherits, or the POSIX name the child opens itself). */
static void shared_object_transfer(struct outcome *o, int fd, const char *name)
{
    int p[2];
    if (ftruncate(fd, (off_t)total) != 0 || pipe(p) != 0) {
        o->skipped = bench_fmt("ftruncate/pipe failed: %s", strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(p[0]);
        shared_writer(fd, name, p[1]);
    }
    close(p[1]);
    struct outcome child;
    int got = bench_read_full(p[0], &child, sizeof child) == 0;
    int status = -1;
    waitpid(pid, &status, 0);
    close(p[0]);
    if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        o->skipped = "the writing child failed (mmap of the shared object)";
        return;
    }
    warm_stack(); /* ours is copy-on-write too until the child's exit: take it back now */
    sink = 0;
    struct measure m;
    measure_start(&m);
    const unsigned char *r = mmap(NULL, total, PROT_READ, MAP_SHARED, fd, 0);
    if (r == MAP_FAILED)
        bench_die("mmap");
    unsigned long sum = 0;
    for (size_t i = 0; i < total; i++)
        sum += r[i];
    sink = sum;
    int intact = memcmp(r, message, total < msg ? total : msg) == 0;
    munmap((void *)r, total);
    measure_end(&m, o, total);
    if (!intact)
        bench_die("shared object: the reader did not see the writer's bytes");
    uint64_t *d = (uint64_t *)&o->delta;
    const uint64_t *c = (const uint64_t *)&child.delta;
    for (size_t i = 0; i < sizeof o->delta / sizeof(uint64_t); i++)
        d[i] += c[i];
    o->faults = o->faults < 0 || child.faults < 0 ? -1 : o->faults + child.faults;
}

static void memfd_transfer(struct outcome *o)
{
    long fd = bench_syscall(BENCH_SYS_MEMFD_CREATE, (long)"copycount", 0, 0, 0, 0, 0);
    if (fd < 0) {
        o->skipped = missing(fd, "memfd_create");
        return;
    }
    shared_object_transfer(o, (int)fd, NULL);
    close((int)fd);
}

static void posix_shm_transfer(struct outcome *o)
{
    char name[64];
    snprintf(name, sizeof name, "/copycount-%d", (int)getpid());
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        o->skipped = bench_fmt("shm_open failed: %s", strerror(errno));
        return;
    }
    shared_object_transfer(o, fd, name);
    shm_unlink(name);
    close(fd);
}

/* One descriptor over a Unix socket (SCM_RIGHTS) with no data bytes. */
static int send_fd(int s, int fd)
{
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct msghdr mh = { .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return sendmsg(s, &mh, 0) == 0 ? 0 : -1;
}

static int recv_fd(int s)
{
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct msghdr mh = { .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf };
    struct cmsghdr *c;
    int fd = -1;
    if (recvmsg(s, &mh, 0) == 0 && (c = CMSG_FIRSTHDR(&mh)) && c->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(c), sizeof fd);
    return fd;
}

/* The producer: a memfd of its own, the payload stored through its mapping,
   the descriptor passed on; its measured outcome goes up the pipe. */
static void memfd_producer(int s, int up)
{
    warm_stack();
    struct outcome co;
    memset(&co, 0, sizeof co);
    struct measure m;
    measure_start(&m);
    long fd = bench_syscall(BENCH_SYS_MEMFD_CREATE, (long)"copycount", 0, 0, 0, 0, 0);
    unsigned char *w = MAP_FAILED;
    if (fd >= 0 && ftruncate((int)fd, (off_t)total) == 0)
        w = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
    if (w == MAP_FAILED)
        _exit(1);
    for (size_t off = 0; off < total; off += msg)
        memcpy(w + off, message, total - off < msg ? total - off : msg);
    munmap(w, total);
    if (send_fd(s, (int)fd) != 0)
        _exit(1);
    close((int)fd); /* the message in flight keeps the memfd open */
    measure_end(&m, &co, total);
    _exit(bench_write_full(up, &co, sizeof co) == 0 ? 0 : 1);
}

static void memfd_rights_transfer(struct outcome *o)
{
    int sv[2], p[2];
    long r = bench_syscall(BENCH_SYS_SOCKETPAIR, BENCH_AF_UNIX, BENCH_SOCK_DGRAM, 0, (long)sv, 0, 0);
    if (r < 0) {
        o->skipped = missing(r, "socketpair(AF_UNIX)");
        return;
    }
    long probe = bench_syscall(BENCH_SYS_MEMFD_CREATE, (long)"probe", 0, 0, 0, 0, 0);
    if (probe < 0) {
        o->skipped = missing(probe, "memfd_create");
        close(sv[0]);
        close(sv[1]);
        return;
    }
    close((int)probe);
    if (pipe(p) != 0)
        bench_die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(p[0]);
        memfd_producer(sv[0], p[1]);
    }
    close(p[1]);
    struct outcome child;
    int got = bench_read_full(p[0], &child, sizeof child) == 0;
    int status = -1;
    waitpid(pid, &status, 0);
    close(p[0]);
    if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        o->skipped = "the producing child failed (memfd_create, mmap or sendmsg)";
        close(sv[0]);
        close(sv[1]);
        return;
    }
    warm_stack();
    struct measure m;
    measure_start(&m);
    int fd = recv_fd(sv[1]);
    const unsigned char *in = fd < 0 ? MAP_FAILED : mmap(NULL, total, PROT_READ, MAP_SHARED, fd, 0);
    if (in == MAP_FAILED)
        bench_die("recvmsg(SCM_RIGHTS) or mmap of the received memfd");
    unsigned long sum = 0;
    for (size_t i = 0; i < total; i++)
        sum += in[i];
    sink = sum;
    int intact = memcmp(in, message, total < msg ? total : msg) == 0;
    munmap((void *)in, total);
    measure_end(&m, o, total);
    if (!intact)
        bench_die("memfd over SCM_RIGHTS: the receiver did not see the producer's bytes");
    uint64_t *d = (uint64_t *)&o->delta;
    const uint64_t *c = (const uint64_t *)&child.delta;
    for (size_t i = 0; i < sizeof o->delta / sizeof(uint64_t); i++)
        d[i] += c[i];
    o->faults = o->faults < 0 || child.faults < 0 ? -1 : o->faults + child.faults;
    close(fd);
    close(sv[0]);
    close(sv[1]);
}

/* Binder: the parent calls a forked child (the context manager of
 * /dev/vndbinder, a context no service manager owns) with each message as a
 * synchronous call; the child reads it in place, where the kernel put it
 * in its receive area, and answers with an empty reply.  The ledger counts
 * are the parent's and the child's (which sends its own through a pipe),
 * so both ends of the transfer are in the row. */
#define BINDER_DEV "/dev/vndbinder"

#define BINDER_CODE_DATA   1
#define BINDER_CODE_REPORT 2 /* the child sends its counts and stops */

static struct measure binder_child_measure;
static int binder_child_report_fd, binder_child_done;

static int binder_receive(void *ctx, const struct binder_transaction_data *tr,
                          struct parcel *in, struct parcel *reply)
{
    (void)ctx;
    (void)reply;
    if (tr->code == BINDER_CODE_REPORT) {
        struct outcome o;
        memset(&o, 0, sizeof o);
        measure_end(&binder_child_measure, &o, 0);
        struct child_report r = { o.delta, o.faults, 1 };
        if (write(binder_child_report_fd, &r, sizeof r) != (ssize_t)sizeof r)
            _exit(1);
        binder_child_done = 1;
        return 0;
    }
    unsigned long sum = 0; /* the message is read where it arrived */
    for (size_t i = 0; i < in->size; i++)
        sum += in->data[i];
    sink = sum;
    return 0;
}

static void binder_child(int ready, int report)
{
    struct binder *b = binder_open(BINDER_DEV, 0);
    if (!b || binder_become_context_manager(b) < 0)
        _exit(1);
    struct binder_server s = { binder_receive, NULL, NULL };
    binder_set_server(b, &s);
    binder_child_report_fd = report;
    uint32_t enter = BC_ENTER_LOOPER;
    binder_write(b, &enter, sizeof enter);
    warm_stack(); /* fork's copy-on-write stack pages are not binder's */
    measure_start(&binder_child_measure);
    if (write(ready, "r", 1) != 1)
        _exit(1);
    while (!binder_child_done)
        if (binder_serve_once(b) < 0)
            _exit(1);
    binder_write(b, NULL, 0); /* the report's reply goes out */
    _exit(0);
}

static void binder_transfer(struct outcome *o)
{
    int ready[2], report[2];
    if (access(BINDER_DEV, F_OK) != 0) {
        o->skipped = bench_fmt("no %s: %s", BINDER_DEV, strerror(errno));
        return;
    }
    if (pipe(ready) || pipe(report))
        bench_die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        close(report[0]);
        binder_child(ready[1], report[1]);
    }
    close(ready[1]);
    close(report[1]);
    char c;
    struct binder *b = NULL;
    if (read(ready[0], &c, 1) != 1 || !(b = binder_open(BINDER_DEV, 0))) {
        o->skipped = bench_fmt("%s: no context manager could start", BINDER_DEV);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return;
    }
    warm_stack(); /* ours is copy-on-write too while the child lives */
    struct measure m;
    measure_start(&m);
    for (size_t off = 0; off < total; off += msg) {
        struct parcel in, out;
        parcel_wrap(&in, message, total - off < msg ? total - off : msg);
        int status = binder_call(b, 0, BINDER_CODE_DATA, &in, &out, 0);
        if (status) {
            o->skipped = bench_fmt("binder call failed: status %d", status);
            break;
        }
        parcel_free(&out);
    }
    binder_write(b, NULL, 0); /* the last reply's free goes out */
    if (!o->skipped)
        measure_end(&m, o, total);
    /* The receiving end's counts, from the child. */
    struct parcel none;
    struct child_report r;
    if (binder_call(b, 0, BINDER_CODE_REPORT, NULL, &none, 0) == 0 &&
        read(report[0], &r, sizeof r) == (ssize_t)sizeof r && !o->skipped) {
        parcel_free(&none);
        uint64_t *sum = (uint64_t *)&o->delta;
        const uint64_t *add = (const uint64_t *)&r.delta;
        for (size_t i = 0; i < sizeof o->delta / sizeof *sum; i++)
            sum[i] += add[i];
        if (o->faults >= 0 && r.faults >= 0)
            o->faults += r.faults;
    }
    binder_close(b);
    close(report[0]);
    close(ready[0]);
    waitpid(pid, NULL, 0);
}

/* ---- zero-copy paths ------------------------------------------------------ */

/* A measured window inside a row: the row's delta is the sum of its
   windows, so the work between them (emptying a pipe) is not counted. */
static void window_end(const struct measure *m, struct outcome *o)
{
    struct outcome w;
    memset(&w, 0, sizeof w);
    measure_end(m, &w, 0);
    uint64_t *d = (uint64_t *)&o->delta;
    const uint64_t *c = (const uint64_t *)&w.delta;
    for (size_t i = 0; i < sizeof o->delta / sizeof(uint64_t); i++)
        d[i] += c[i];
    o->faults = o->faults < 0 || w.faults < 0 ? -1 : o->faults + w.faults;
}

static const char *zc_missing(const char *call)
{
    return errno == ENOSYS ? bench_fmt("%s: ENOSYS, not in this kernel", call)
                           : bench_fmt("%s failed: %s", call, strerror(errno));
}

/* A pipe's worth of this process's memory for the rows that read() or
   write() through it, written once before any window so that its first
   touches (page faults, zero-filled pages) stay outside the figures. */
static unsigned char bounce[PIPE_CAPACITY];
static unsigned char scratch[PIPE_CAPACITY]; /* drain's */

static void warm_buffers(void)
{
    memset(bounce, 1, sizeof bounce);
    memset(scratch, 1, sizeof scratch);
}

/* Empties n bytes from fd (unmeasured), checking the first of them. */
static int drain(int fd, size_t n, size_t at)
{
    while (n) {
        size_t k = n < sizeof scratch ? n : sizeof scratch;
        if (bench_read_full(fd, scratch, k) != 0)
            return -1;
        if (scratch[0] != message[at % msg])
            bench_die("zero-copy row: the bytes that arrived are not the file's");
        n -= k;
        at += k;
    }
    return 0;
}

/* read() of the file into this process, write() into a pipe. */
static void readwrite_to_pipe(struct outcome *o)
{
    int fd = open(path, O_RDONLY), p[2];
    if (fd < 0 || pipe(p) != 0)
        bench_die("read()+write()");
    warm_buffers();
    o->faults = 0;
    for (size_t off = 0; off < total;) {
        size_t n = total - off < sizeof bounce ? total - off : sizeof bounce;
        struct measure m;
        measure_start(&m);
        if (bench_read_full(fd, bounce, n) != 0 || bench_write_full(p[1], bounce, n) != 0)
            bench_die("read()+write()");
        window_end(&m, o);
        drain(p[0], n, off);
        off += n;
    }
    o->moved = total;
    close(p[0]);
    close(p[1]);
    close(fd);
}

/* sendfile into a pipe (drain: 0) or a socket; with_read: the pipe's reader
   is measured too. */
static void sendfile_to(struct outcome *o, int to_socket, int with_read)
{
    int fd = open(path, O_RDONLY), p[2];
    int ok = to_socket ? socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0 : pipe(p) == 0;
    if (fd < 0 || !ok)
        bench_die("sendfile");
    int wr = to_socket ? 0 : 1, rd = to_socket ? 1 : 0;
    size_t chunk = to_socket ? 32768 : PIPE_CAPACITY; /* what the other end holds */
    warm_buffers();
    o->faults = 0;
    for (off_t off = 0; (size_t)off < total;) {
        size_t want = total - (size_t)off < chunk ? total - (size_t)off : chunk;
        off_t at = off;
        struct measure m;
        measure_start(&m);
        ssize_t n = with_read ? splice(fd, &off, p[1], NULL, want, 0)
                              : sendfile(p[wr], fd, &off, want);
        if (n > 0 && with_read && bench_read_full(p[0], bounce, (size_t)n) != 0)
            n = -1;
        window_end(&m, o);
        if (n <= 0) {
            o->skipped = zc_missing(with_read ? "splice" : "sendfile");
            break;
        }
        if (!with_read)
            drain(p[rd], (size_t)n, (size_t)at);
    }
    o->moved = total;
    close(p[0]);
    close(p[1]);
    close(fd);
}

static void sendfile_to_pipe(struct outcome *o) { sendfile_to(o, 0, 0); }
static void sendfile_to_socket(struct outcome *o) { sendfile_to(o, 1, 0); }
static void splice_and_read(struct outcome *o) { sendfile_to(o, 0, 1); }

/* splice file -> pipe, then pipe -> another file. */
static void splice_file_pipe_file(struct outcome *o)
{
    char out_path[600];
    snprintf(out_path, sizeof out_path, "%s.out", path);
    int fd = open(path, O_RDONLY), out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600), p[2];
    if (fd < 0 || out < 0 || pipe(p) != 0)
        bench_die("splice");
    o->faults = 0;
    struct measure m;
    for (size_t done = 0; done < total;) {
        measure_start(&m);
        ssize_t n = splice(fd, NULL, p[1], NULL, total - done, 0);
        for (ssize_t left = n; n > 0 && left > 0;) {
            ssize_t k = splice(p[0], NULL, out, NULL, (size_t)left, 0);
            if (k <= 0) {
                n = -1;
                break;
            }
            left -= k;
        }
        window_end(&m, o);
        if (n <= 0) {
            o->skipped = zc_missing("splice");
            break;
        }
        done += (size_t)n;
    }
    o->moved = total;
    close(p[0]);
    close(p[1]);
    close(out);
    close(fd);
    unlink(out_path);
}

/* tee: the pipe's contents shared with a second pipe. */
static void tee_pipes(struct outcome *o)
{
    int a[2], b[2];
    if (pipe(a) != 0 || pipe(b) != 0)
        bench_die("pipe");
    size_t chunk = msg < PIPE_CAPACITY ? msg : PIPE_CAPACITY;
    o->faults = 0;
    for (size_t off = 0; off < total; off += chunk) {
        size_t n = total - off < chunk ? total - off : chunk;
        if (bench_write_full(a[1], message, n) != 0)
            bench_die("tee");
        struct measure m;
        measure_start(&m);
        ssize_t k = tee(a[0], b[1], n, 0);
        window_end(&m, o);
        if (k != (ssize_t)n) {
            o->skipped = zc_missing("tee");
            break;
        }
        drain(a[0], n, 0);
        drain(b[0], n, 0);
    }
    o->moved = total;
    close(a[0]);
    close(a[1]);
    close(b[0]);
    close(b[1]);
}

/* vmsplice: this process's pages (the message) into a pipe. */
static void vmsplice_pipe(struct outcome *o)
{
    int p[2];
    if (pipe(p) != 0)
        bench_die("pipe");
    size_t chunk = msg < PIPE_CAPACITY ? msg : PIPE_CAPACITY;
    o->faults = 0;
    for (size_t off = 0; off < total; off += chunk) {
        size_t n = total - off < chunk ? total - off : chunk;
        struct iovec v = { message, n };
        struct measure m;
        measure_start(&m);
        ssize_t k = vmsplice(p[1], &v, 1, SPLICE_F_GIFT);
        window_end(&m, o);
        if (k != (ssize_t)n) {
            o->skipped = zc_missing("vmsplice");
            break;
        }
        drain(p[0], n, 0);
    }
    o->moved = total;
    close(p[0]);
    close(p[1]);
}

static void copy_range(struct outcome *o)
{
    char out_path[600];
    snprintf(out_path, sizeof out_path, "%s.out", path);
    int fd = open(path, O_RDONLY), out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || out < 0)
        bench_die("copy_file_range");
    struct measure m;
    measure_start(&m);
    size_t done = 0;
    ssize_t k = 1;
    while (done < total && (k = copy_file_range(fd, NULL, out, NULL, total - done, 0)) > 0)
        done += (size_t)k;
    measure_end(&m, o, total);
    if (done != total)
        o->skipped = zc_missing("copy_file_range");
    close(out);
    close(fd);
    unlink(out_path);
}

/* ---- the table ---------------------------------------------------------- */

struct mechanism {
    const char *name;
    int claimed;   /* copies per message, as the articles claim (docs/claims.md) */
    void (*run)(struct outcome *);
};

static void run_file_read_cold(struct outcome *o) { file_read(o, 1); }
static void run_file_read_warm(struct outcome *o) { file_read(o, 0); }
static void run_mmap_read_cold(struct outcome *o) { mmap_read(o, 1); }
static void run_mmap_read_warm(struct outcome *o) { mmap_read(o, 0); }

static const struct mechanism mechanisms[] = {
    {"file write()+fsync", 2, file_write},   /* first: makes the file the others use */
    {"file read() cold", 2, run_file_read_cold},
    {"file read() warm", 2, run_file_read_warm},
    {"mmap read cold", 1, run_mmap_read_cold},
    {"mmap read warm", 1, run_mmap_read_warm},
    {"mmap write+msync", 1, mmap_write},
    {"pipe", 2, pipe_transfer},
    {"read()+write() file->pipe", 3, readwrite_to_pipe},
    {"sendfile file->pipe", 0, sendfile_to_pipe},
    {"sendfile file->socket", 0, sendfile_to_socket},
    {"splice file->pipe->file", 0, splice_file_pipe_file},
    {"splice+read() file->user", 1, splice_and_read},
    {"tee pipe->pipe", 0, tee_pipes},
    {"vmsplice user->pipe", 0, vmsplice_pipe},
    {"copy_file_range", 0, copy_range},
    {"message queue", 2, msgq_transfer},
    {"posix mq", 2, posix_mq_transfer},
    {"unix socket", 2, socket_transfer},
    {"shared memory", 0, shm_transfer},
    {"memfd passed", 0, memfd_transfer},
    {"memfd over SCM_RIGHTS", 0, memfd_rights_transfer},
    {"shm_open", 0, posix_shm_transfer},
    {"binder", 1, binder_transfer},
};

static struct bench_table table;

static void print_row(const struct mechanism *mech, const struct outcome *o)
{
    if (o->skipped) {
        printf("%-*s  skipped: %s\n", table.width[0], mech->name, o->skipped);
        return;
    }
    const char *cpu = "-", *dev = "-", *copies = "-", *zero = "-", *verdict = "";
    if (ledger && o->moved) {
        double c = (double)bench_ledger_cpu_bytes(&o->delta) / (double)o->moved;
        double d = (double)bench_ledger_device_bytes(&o->delta) / (double)o->moved;
        cpu = bench_fmt("%.2f", c);
        dev = bench_fmt("%.2f", d);
        copies = bench_fmt("%.2f", c + d);
        zero = bench_fmt("%.2f", (double)bench_ledger_zero_fill_bytes(&o->delta) / (double)o->moved);
        double diff = c + d - mech->claimed;
        verdict = diff > 0.05 || diff < -0.05 ? "differs" : "same";
    }
    const char *cells[] = {
        mech->name, bench_fmt("%llu", (unsigned long long)o->moved), cpu, dev, copies, zero,
        o->faults < 0 ? "n/a" : bench_fmt("%ld", o->faults), bench_fmt("%d", mech->claimed),
        verdict,
    };
    bench_table_row(&table, cells);
}

static struct copy_trace_event events[COPY_TRACE_MAX_EVENTS];

static void print_trace(const char *row)
{
    long n = bench_copy_trace(COPY_TRACE_READ, events, COPY_TRACE_MAX_EVENTS);
    long lost = bench_copy_trace(COPY_TRACE_LOST, NULL, 0);
    if (n < 0) {
        printf("copytrace: %s | failed: %s\n", row, strerror((int)-n));
        return;
    }
    printf("copytrace: %s | begin | pid %d | events %ld | lost %ld\n", row, (int)getpid(), n,
           lost);
    for (long i = 0; i < n; i++) {
        const struct copy_trace_event *e = &events[i];
        printf("copytrace: %s | %d | %s | %s | %s | %s | %llu | %llu\n", row, e->pid,
               bench_copy_kind_name(e->kind), bench_copy_mech_name(e->mech),
               bench_copy_end_name(e->from), bench_copy_end_name(e->to),
               (unsigned long long)e->bytes, (unsigned long long)e->ops);
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: copycount [--bytes N] [--msg M] [--dir DIR] [--quick] [--trace]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            total = 64 << 10;
        } else if (!strcmp(argv[i], "--bytes") && i + 1 < argc) {
            total = bench_parse_size(argv[++i]);
        } else if (!strcmp(argv[i], "--msg") && i + 1 < argc) {
            msg = bench_parse_size(argv[++i]);
        } else if (!strcmp(argv[i], "--dir") && i + 1 < argc) {
            dir = argv[++i];
        } else if (!strcmp(argv[i], "--trace")) {
            trace = 1;
        } else {
            usage();
        }
    }
    if (total == 0 || msg == 0)
        usage();
    warm_text();
    snprintf(path, sizeof path, "%s/copycount.%d", dir, (int)getpid());
    message = malloc(msg);
    inbox = malloc(msg > MSGQ_MAX_MESSAGE ? msg : MSGQ_MAX_MESSAGE);
    if (!message || !inbox)
        bench_die("malloc");
    for (size_t i = 0; i < msg; i++)
        message[i] = (unsigned char)(i * 13 + 1);
    memset(inbox, 0, msg);

    printf("copycount: %s in messages of %s, files in %s\n", bench_size_name(total),
           bench_size_name(msg), dir);
    ledger = bench_ledger_available();
    printf("per byte moved: cpu = bytes the CPU copied, dev = bytes a device transferred (DMA),\n"
           "copies = cpu + dev, zero = bytes zero-filled; claimed = the articles' count (docs/claims.md)\n");
    static const char *const head[] = {"mechanism", "bytes", "cpu/B", "dev/B", "copies",
                                       "zero/B", "faults", "claimed", "vs claim"};
    static const int width[] = {25, 8, 5, 5, 6, 6, 6, 7, 8};
    bench_table_init(&table, 9, head, width);
    bench_table_header(&table);
    if (trace && bench_copy_trace(COPY_TRACE_STOP, NULL, 0) == -ENOSYS) {
        printf("copytrace: not available on this kernel (syscall %d: ENOSYS)\n",
               SYS_pagelab_copy_trace);
        trace = 0;
    }
    for (size_t i = 0; i < sizeof mechanisms / sizeof mechanisms[0]; i++) {
        struct outcome o;
        memset(&o, 0, sizeof o);
        long traced = trace ? bench_copy_trace(COPY_TRACE_START, NULL, 0) : -1;
        if (traced < 0 && trace)
            printf("copytrace: %s | failed: %s\n", mechanisms[i].name, strerror((int)-traced));
        mechanisms[i].run(&o);
        if (traced == 0)
            bench_copy_trace(COPY_TRACE_STOP, NULL, 0);
        print_row(&mechanisms[i], &o);
        if (traced == 0 && !o.skipped)
            print_trace(mechanisms[i].name);
    }
    unlink(path);
    return 0;
}
