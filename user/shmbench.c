/*
 * shmbench: shared-memory ping-pong and throughput between two processes.
 *
 *     shmbench [--roundtrips N] [--rounds R] [--bytes N] [--sizes LIST] [--quick]
 *
 * A parent and a forked child hand a 64-byte message back and forth through
 * shared memory: the parent writes it and gives the turn to the child, the
 * child checks it, writes its answer and gives the turn back.  The message
 * itself never passes through the kernel; only the hand-over does:
 *
 *   futex, anonymous  the turn is a word of MAP_SHARED|MAP_ANONYMOUS memory;
 *                     each side sleeps in FUTEX_WAIT until the other stores
 *                     the turn and calls FUTEX_WAKE (shared futex: the
 *                     kernel keys it by the physical page both map)
 *   futex, memfd      the same over a memfd both processes map
 *   semaphore         two POSIX semaphores (sem_init pshared=1) in shared
 *                     memory: sem_post / sem_wait, the libc's futex code
 *   pipe 1 B          for reference: one byte each way over two pipes
 *
 * Each round times N round trips (default 2000) with one clock reading at
 * each end, so the clock's own cost is not in the figure; R rounds (default
 * 5) give the median, minimum and 90th percentile of microseconds per round
 * trip.  Every answer is checked (the sequence number it carries), so a lost
 * wake-up or a torn message fails the run (exit 1).
 *
 * Then throughput, the counterpart of pipebench's: N bytes (default 8 MiB)
 * from the parent to the child in messages of each size of LIST (default
 * 4K,64K; no more than BENCH_MAX_MESSAGES messages a round) through a ring
 * of four message slots in MAP_SHARED anonymous memory.  The parent copies
 * each message from its buffer into a free slot (memcpy, in user space) and
 * publishes it; the child checks it where it lies and frees the slot.  Each
 * side sleeps on a futex only when the ring is full or empty, and is woken
 * only when it sleeps, so the kernel takes part in no message, only in the
 * waits.  MB/s and microseconds per message, median of R rounds.
 *
 * The same source builds with musl (`musl-gcc -static`) and with pagelab's
 * libc, so one binary is timed on pagelab and on Linux
 * (docs/benchmarks.md).
 */
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

/* Linux's futex(2) values (include/uapi/linux/futex.h). */
#define BENCH_FUTEX_WAIT 0
#define BENCH_FUTEX_WAKE 1

static struct bench_ipc opt = BENCH_IPC_DEFAULTS; /* the shared options */

enum handover { FUTEX_ANON, FUTEX_MEMFD, SEMAPHORE };

/* The shared page: the turn word (0: the parent's, 1: the child's), the two
   semaphores, and the message. */
struct shared {
    int turn;
    int stop;
    sem_t to_child, to_parent;
    struct {
        uint64_t seq;
        unsigned char text[56];
    } msg;
};

static void futex_wait(int *word, int val)
{
    bench_syscall(BENCH_SYS_FUTEX, (long)word, BENCH_FUTEX_WAIT, val, 0, 0, 0);
}

static void futex_wake(int *word)
{
    bench_syscall(BENCH_SYS_FUTEX, (long)word, BENCH_FUTEX_WAKE, 1, 0, 0, 0);
}

/* Gives the turn to `to` and sleeps until it comes back to `me`. */
static void hand_over(struct shared *s, enum handover how, int me)
{
    if (how == SEMAPHORE) {
        sem_post(me == 0 ? &s->to_child : &s->to_parent);
        sem_wait(me == 0 ? &s->to_parent : &s->to_child);
        return;
    }
    __atomic_store_n(&s->turn, !me, __ATOMIC_SEQ_CST);
    futex_wake(&s->turn);
    while (__atomic_load_n(&s->turn, __ATOMIC_SEQ_CST) != me)
        futex_wait(&s->turn, !me);
}

static void wait_turn(struct shared *s, enum handover how, int me)
{
    if (how == SEMAPHORE) {
        sem_wait(me == 0 ? &s->to_parent : &s->to_child);
        return;
    }
    while (__atomic_load_n(&s->turn, __ATOMIC_SEQ_CST) != me)
        futex_wait(&s->turn, !me);
}

/* The child: answers each message with seq + 1 until told to stop. */
static void child_loop(struct shared *s, enum handover how)
{
    wait_turn(s, how, 1);
    while (!s->stop) {
        s->msg.seq++;
        s->msg.text[s->msg.seq % sizeof s->msg.text] ^= 1;
        hand_over(s, how, 1);
    }
    _exit(0);
}

static struct shared *map_shared(enum handover how)
{
    int fd = -1;
    if (how == FUTEX_MEMFD) {
        fd = (int)bench_syscall(BENCH_SYS_MEMFD_CREATE, (long)"shmbench", 0, 0, 0, 0, 0);
        if (fd < 0 || ftruncate(fd, BENCH_PAGE) != 0)
            bench_die("memfd_create");
    }
    struct shared *s = mmap(NULL, BENCH_PAGE, PROT_READ | PROT_WRITE,
                            MAP_SHARED | (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0);
    if (s == MAP_FAILED)
        bench_die("mmap");
    if (fd >= 0)
        close(fd);
    memset(s, 0, sizeof *s);
    if (sem_init(&s->to_child, 1, 0) != 0 || sem_init(&s->to_parent, 1, 0) != 0)
        bench_die("sem_init");
    return s;
}

/* One round: roundtrips hand-overs each way; the nanoseconds it took. */
static uint64_t shared_round(enum handover how)
{
    struct shared *s = map_shared(how);
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0)
        child_loop(s, how);
    uint64_t t0 = bench_now_ns();
    for (int i = 0; i < opt.roundtrips; i++) {
        uint64_t sent = (uint64_t)i * 2;
        s->msg.seq = sent;
        hand_over(s, how, 0);
        if (s->msg.seq != sent + 1) {
            fprintf(stderr, "shmbench: round trip %d came back with %llu, not %llu\n", i,
                    (unsigned long long)s->msg.seq, (unsigned long long)(sent + 1));
            exit(1);
        }
    }
    uint64_t ns = bench_now_ns() - t0;
    s->stop = 1;
    if (how == SEMAPHORE)
        sem_post(&s->to_child);
    else {
        __atomic_store_n(&s->turn, 1, __ATOMIC_SEQ_CST);
        futex_wake(&s->turn);
    }
    int status;
    waitpid(pid, &status, 0);
    munmap(s, BENCH_PAGE);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "shmbench: the child failed (status %#x)\n", status);
        exit(1);
    }
    return ns;
}

static uint64_t pipe_round(void)
{
    int to, from;
    pid_t pid = bench_echo_over_pipes(&to, &from);
    uint64_t t0 = bench_now_ns();
    for (int i = 0; i < opt.roundtrips; i++) {
        unsigned char c = (unsigned char)i, back;
        if (bench_write_full(to, &c, 1) || bench_read_full(from, &back, 1) ||
            back != (unsigned char)(c + 1)) {
            fprintf(stderr, "shmbench: pipe round trip %d failed\n", i);
            exit(1);
        }
    }
    uint64_t ns = bench_now_ns() - t0;
    close(to);
    close(from);
    waitpid(pid, NULL, 0);
    return ns;
}

/* ---- throughput through a ring of slots ------------------------------------ */

#define SLOTS 4 /* messages in flight, as msgbench's queues */

/* The ring's control words, a page of their own before the slots.  head
   and tail count messages published and consumed since the start; a side
   that sleeps says so first (*_waiting), so the other calls FUTEX_WAKE only
   then: seq_cst stores and loads on both sides make the usual "set the flag,
   look again, then sleep" handshake sound. */
struct ring {
    int head, tail;
    int producer_waiting, consumer_waiting;
    int bad;
};

/* Sleeps until *word is no longer `seen`, as far as the other side's wake
   goes; the caller looks again. */
static void ring_sleep(int *waiting, int *word, int seen)
{
    __atomic_store_n(waiting, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(word, __ATOMIC_SEQ_CST) == seen)
        futex_wait(word, seen);
    __atomic_store_n(waiting, 0, __ATOMIC_SEQ_CST);
}

static void ring_advance(int *word, int *other_waiting)
{
    __atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(other_waiting, __ATOMIC_SEQ_CST))
        futex_wake(word);
}

static void ring_consumer(struct ring *r, unsigned char *slots, size_t msg, size_t bytes)
{
    size_t count = (bytes + msg - 1) / msg;
    for (size_t k = 0; k < count; k++) {
        int h;
        while ((h = __atomic_load_n(&r->head, __ATOMIC_SEQ_CST)) == (int)k)
            ring_sleep(&r->consumer_waiting, &r->head, h);
        const unsigned char *m = slots + (k % SLOTS) * msg;
        size_t off = k * msg, n = bytes - off < msg ? bytes - off : msg;
        for (size_t i = 0; i < n; i += 509)
            r->bad |= m[i] != bench_pattern_byte(off + i);
        r->bad |= m[n - 1] != bench_pattern_byte(off + n - 1);
        ring_advance(&r->tail, &r->producer_waiting);
    }
    _exit(0);
}

/* One round: the nanoseconds from the first message to the child's taking
   the last. */
static uint64_t ring_round(size_t msg, size_t bytes, const unsigned char *stream)
{
    size_t len = BENCH_PAGE + SLOTS * msg;
    unsigned char *map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED)
        bench_die("mmap");
    struct ring *r = (struct ring *)map;
    unsigned char *slots = map + BENCH_PAGE;
    memset(map, 0, len); /* both sides' faults happen before the clock runs */
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0)
        ring_consumer(r, slots, msg, bytes);
    size_t count = (bytes + msg - 1) / msg;
    uint64_t t0 = bench_now_ns();
    for (size_t k = 0; k < count; k++) {
        int t;
        while (k - (size_t)(t = __atomic_load_n(&r->tail, __ATOMIC_SEQ_CST)) >= SLOTS)
            ring_sleep(&r->producer_waiting, &r->tail, t);
        size_t off = k * msg, n = bytes - off < msg ? bytes - off : msg;
        memcpy(slots + (k % SLOTS) * msg, stream + off, n);
        ring_advance(&r->head, &r->consumer_waiting);
    }
    int t;
    while ((size_t)(t = __atomic_load_n(&r->tail, __ATOMIC_SEQ_CST)) != count)
        ring_sleep(&r->producer_waiting, &r->tail, t);
    uint64_t ns = bench_now_ns() - t0;
    int status;
    waitpid(pid, &status, 0);
    int bad = r->bad;
    munmap(map, len);
    if (bad || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "shmbench: the reader saw wrong data (status %#x)\n", status);
        exit(1);
    }
    return ns;
}

static struct bench_table table;

static void measure(const char *name, int pipe_case, enum handover how)
{
    uint64_t *per = calloc(opt.rounds, sizeof *per);
    for (int r = 0; r < opt.rounds; r++)
        per[r] = (pipe_case ? pipe_round() : shared_round(how)) / (uint64_t)opt.roundtrips;
    struct bench_stats st = bench_summarize(per, opt.rounds);
    const char *cells[] = {
        name,
        bench_fmt("%.2f", st.median / 1e3),
        bench_fmt("%.2f", st.min / 1e3),
        bench_fmt("%.2f", st.p90 / 1e3),
        bench_fmt("%d x %d", opt.rounds, opt.roundtrips),
    };
    bench_table_row(&table, cells);
    free(per);
}

static void throughput(struct bench_table *t, size_t msg, const unsigned char *stream)
{
    size_t bytes = bench_round_bytes(opt.total_bytes, msg);
    uint64_t *ns = calloc(opt.rounds, sizeof *ns);
    for (int r = 0; r < opt.rounds; r++)
        ns[r] = ring_round(msg, bytes, stream);
    bench_throughput_row(t, bench_fmt("throughput %s", bench_size_name(msg)), ns, opt.rounds,
                         bytes, msg);
    free(ns);
}

int main(int argc, char **argv)
{
    bench_ipc_parse(&opt, argc, argv, "shmbench");
    printf("shmbench: two processes (fork) hand a 64-byte message in shared memory back and\n"
           "forth; us per round trip (two hand-overs), median/min/p90 of %d rounds\n", opt.rounds);
    static const char *const head[] = {"test", "median us", "min us", "p90 us", "sample"};
    static const int width[] = {18, 9, 8, 8, 14};
    bench_table_init(&table, 5, head, width);
    bench_table_header(&table);
    measure("futex, anonymous", 0, FUTEX_ANON);
    measure("futex, memfd", 0, FUTEX_MEMFD);
    measure("semaphore", 0, SEMAPHORE);
    measure("pipe 1 B", 1, FUTEX_ANON);

    unsigned char *stream = bench_pattern_stream(opt.total_bytes);
    printf("\nthroughput: messages copied into a ring of %d slots in MAP_SHARED memory, checked "
           "in place by the child; the us columns are per message\n", SLOTS);
    struct bench_table tt;
    bench_ipc_table(&tt, 18);
    for (int k = 0; k < opt.nsizes; k++)
        throughput(&tt, opt.sizes[k], stream);
    free(stream);
    return 0;
}
