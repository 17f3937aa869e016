/*
 * threadbench: what threads cost.
 *
 *     threadbench [--count N] [--rounds R] [--quick]
 *
 *   create+join        pthread_create of a thread that returns at once, then
 *                      pthread_join: clone, the first switch to the thread,
 *                      its exit (CLONE_CHILD_CLEARTID's futex wake) and the
 *                      joiner's wake-up; us per thread
 *   futex, threads     two threads of one process hand a turn word back and
 *                      forth with FUTEX_WAIT/FUTEX_WAKE (private futex); us
 *                      per round trip (two hand-overs)
 *   futex, processes   the same between two processes (fork) over a word of
 *                      MAP_SHARED anonymous memory (shared futex)
 *   mutex, 4 threads   four threads each take and release one
 *                      pthread_mutex N times around a counter increment;
 *                      ns per lock+unlock, contended (sleepers, wake-ups)
 *
 * Each round times N operations (default 2000) with one clock reading at
 * each end; R rounds (default 5) give the median, minimum and 90th
 * percentile.  Every hand-over and the final count are checked, so a lost
 * wake-up or a broken mutex fails the run (exit 1).
 *
 * The same source builds with musl (`musl-gcc -static`: the binary timed on
 * pagelab and on Linux, docs/benchmarks.md) and with pagelab's libc.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

#define BENCH_FUTEX_WAIT         0 /* include/uapi/linux/futex.h */
#define BENCH_FUTEX_WAKE         1
#define BENCH_FUTEX_PRIVATE_FLAG 128
#define MUTEX_THREADS            4

static int count = 2000;
static int rounds = 5;

static void futex_wait(int *word, int val, int private_)
{
    bench_syscall(BENCH_SYS_FUTEX, (long)word,
                  BENCH_FUTEX_WAIT | (private_ ? BENCH_FUTEX_PRIVATE_FLAG : 0), val, 0, 0, 0);
}

static void futex_wake(int *word, int private_)
{
    bench_syscall(BENCH_SYS_FUTEX, (long)word,
                  BENCH_FUTEX_WAKE | (private_ ? BENCH_FUTEX_PRIVATE_FLAG : 0), 1, 0, 0, 0);
}

/* --- create + join --- */

static void *return_at_once(void *arg) { return arg; }

static uint64_t create_join_round(void)
{
    uint64_t t0 = bench_now_ns();
    for (int i = 0; i < count; i++) {
        pthread_t t;
        void *r = NULL;
        if (pthread_create(&t, NULL, return_at_once, (void *)(long)(i + 1)) != 0)
            bench_die("pthread_create");
        if (pthread_join(t, &r) != 0 || r != (void *)(long)(i + 1)) {
            fprintf(stderr, "threadbench: join %d returned %p\n", i, r);
            exit(1);
        }
    }
    return bench_now_ns() - t0;
}

/* --- futex ping-pong --- */

struct pingpong {
    int turn; /* 0: the first side's, 1: the other's */
    int stop;
    long seq;
    int private_;
};

static void hand_over(struct pingpong *p, int me)
{
    __atomic_store_n(&p->turn, !me, __ATOMIC_SEQ_CST);
    futex_wake(&p->turn, p->private_);
    while (__atomic_load_n(&p->turn, __ATOMIC_SEQ_CST) != me)
        futex_wait(&p->turn, !me, p->private_);
}

/* The answering side: seq + 1 each time, until told to stop. */
static void answer(struct pingpong *p)
{
    while (__atomic_load_n(&p->turn, __ATOMIC_SEQ_CST) != 1)
        futex_wait(&p->turn, 0, p->private_);
    while (!p->stop) {
        p->seq++;
        hand_over(p, 1);
    }
}

static void *answer_thread(void *arg)
{
    answer(arg);
    return NULL;
}

static uint64_t ping(struct pingpong *p)
{
    uint64_t t0 = bench_now_ns();
    for (int i = 0; i < count; i++) {
        long sent = (long)i * 2;
        p->seq = sent;
        hand_over(p, 0);
        if (p->seq != sent + 1) {
            fprintf(stderr, "threadbench: round trip %d came back with %ld\n", i, p->seq);
            exit(1);
        }
    }
    uint64_t ns = bench_now_ns() - t0;
    p->stop = 1;
    __atomic_store_n(&p->turn, 1, __ATOMIC_SEQ_CST);
    futex_wake(&p->turn, p->private_);
    return ns;
}

static uint64_t futex_threads_round(void)
{
    static struct pingpong p;
    memset(&p, 0, sizeof p);
    p.private_ = 1;
    pthread_t t;
    if (pthread_create(&t, NULL, answer_thread, &p) != 0)
        bench_die("pthread_create");
    uint64_t ns = ping(&p);
    pthread_join(t, NULL);
    return ns;
}

static uint64_t futex_processes_round(void)
{
    struct pingpong *p = mmap(NULL, BENCH_PAGE, PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        bench_die("mmap");
    memset(p, 0, sizeof *p);
    pid_t pid = fork();
    if (pid < 0)
        bench_die("fork");
    if (pid == 0) {
        answer(p);
        _exit(0);
    }
    uint64_t ns = ping(p);
    int status;
    waitpid(pid, &status, 0);
    munmap(p, BENCH_PAGE);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "threadbench: the child failed (status %#x)\n", status);
        exit(1);
    }
    return ns;
}

/* --- a contended mutex --- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *lock_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < count; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static uint64_t mutex_round(void)
{
    pthread_t t[MUTEX_THREADS];
    counter = 0;
    uint64_t t0 = bench_now_ns();
    for (int i = 0; i < MUTEX_THREADS; i++)
        if (pthread_create(&t[i], NULL, lock_many, NULL) != 0)
            bench_die("pthread_create");
    for (int i = 0; i < MUTEX_THREADS; i++)
        pthread_join(t[i], NULL);
    uint64_t ns = bench_now_ns() - t0;
    if (counter != (long)count * MUTEX_THREADS) {
        fprintf(stderr, "threadbench: the mutex lost increments (%ld)\n", counter);
        exit(1);
    }
    return ns;
}

static struct bench_table table;

/* per: operations a round's time is divided by; scale: ns per printed unit. */
static void measure(const char *name, uint64_t (*round)(void), uint64_t per, double scale,
                    const char *unit)
{
    uint64_t *v = calloc((size_t)rounds, sizeof *v);
    for (int r = 0; r < rounds; r++)
        v[r] = round();
    struct bench_stats st = bench_summarize(v, (size_t)rounds);
    const char *cells[] = {
        name,
        bench_fmt("%.2f", (double)st.median / (double)per / scale),
        bench_fmt("%.2f", (double)st.min / (double)per / scale),
        bench_fmt("%.2f", (double)st.p90 / (double)per / scale),
        unit,
        bench_fmt("%d x %llu", rounds, (unsigned long long)per),
    };
    bench_table_row(&table, cells);
    free(v);
}

static void usage(void)
{
    fprintf(stderr, "usage: threadbench [--count N] [--rounds R] [--quick]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            count = 200;
            rounds = 3;
        } else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
            count = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) {
            rounds = atoi(argv[++i]);
        } else {
            usage();
        }
    }
    if (count < 1 || rounds < 1)
        usage();
    printf("threadbench: thread creation, futex hand-overs and a contended mutex; median/min/p90\n"
           "of %d rounds\n", rounds);
    static const char *const head[] = { "test", "median", "min", "p90", "unit", "sample" };
    static const int width[] = { 18, 8, 8, 8, 14, 12 };
    bench_table_init(&table, 6, head, width);
    bench_table_header(&table);
    measure("create+join", create_join_round, (uint64_t)count, 1e3, "us/thread");
    measure("futex, threads", futex_threads_round, (uint64_t)count, 1e3, "us/round trip");
    measure("futex, processes", futex_processes_round, (uint64_t)count, 1e3, "us/round trip");
    measure("mutex, 4 threads", mutex_round, (uint64_t)count * MUTEX_THREADS, 1, "ns/lock+unlock");
    return 0;
}
