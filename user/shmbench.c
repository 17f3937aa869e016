/*
 * shmbench: shared-memory ping-pong between two processes.
 *
 *     shmbench [--roundtrips N] [--rounds R] [--quick]
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

static int roundtrips = 2000;
static int rounds = 5;

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
    for (int i = 0; i < roundtrips; i++) {
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
    int to_child[2], to_parent[2];
    if (pipe(to_child) != 0 || pipe(to_parent) != 0)
        bench_die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        close(to_child[1]);
        close(to_parent[0]);
        unsigned char c;
        while (read(to_child[0], &c, 1) == 1) {
            c++;
            if (write(to_parent[1], &c, 1) != 1)
                _exit(1);
        }
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    uint64_t t0 = bench_now_ns();
    for (int i = 0; i < roundtrips; i++) {
        unsigned char c = (unsigned char)i, back;
        if (bench_write_full(to_child[1], &c, 1) || bench_read_full(to_parent[0], &back, 1) ||
            back != (unsigned char)(c + 1)) {
            fprintf(stderr, "shmbench: pipe round trip %d failed\n", i);
            exit(1);
        }
    }
    uint64_t ns = bench_now_ns() - t0;
    close(to_child[1]);
    close(to_parent[0]);
    waitpid(pid, NULL, 0);
    return ns;
}

static struct bench_table table;

static void measure(const char *name, int pipe_case, enum handover how)
{
    uint64_t *per = calloc(rounds, sizeof *per);
    for (int r = 0; r < rounds; r++)
        per[r] = (pipe_case ? pipe_round() : shared_round(how)) / (uint64_t)roundtrips;
    struct bench_stats st = bench_summarize(per, rounds);
    const char *cells[] = {
        name,
        bench_fmt("%.2f", st.median / 1e3),
        bench_fmt("%.2f", st.min / 1e3),
        bench_fmt("%.2f", st.p90 / 1e3),
        bench_fmt("%d x %d", rounds, roundtrips),
    };
    bench_table_row(&table, cells);
    free(per);
}

static void usage(void)
{
    fprintf(stderr, "usage: shmbench [--roundtrips N] [--rounds R] [--quick]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            roundtrips = 200;
            rounds = 3;
        } else if (!strcmp(argv[i], "--roundtrips") && i + 1 < argc) {
            roundtrips = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else {
            usage();
        }
    }
    if (roundtrips < 1 || rounds < 1)
        usage();
    printf("shmbench: two processes (fork) hand a 64-byte message in shared memory back and\n"
           "forth; us per round trip (two hand-overs), median/min/p90 of %d rounds\n", rounds);
    static const char *const head[] = {"test", "median us", "min us", "p90 us", "sample"};
    static const int width[] = {18, 9, 8, 8, 14};
    bench_table_init(&table, 5, head, width);
    bench_table_header(&table);
    measure("futex, anonymous", 0, FUTEX_ANON);
    measure("futex, memfd", 0, FUTEX_MEMFD);
    measure("semaphore", 0, SEMAPHORE);
    measure("pipe 1 B", 1, FUTEX_ANON);
    return 0;
}
