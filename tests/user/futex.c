/*
 * tests/user/futex.c: futex(2) between processes (threads come later): the
 * value check, relative and absolute timeouts, signals, bitsets, requeue,
 * wake_op, private against shared keys, keys that follow the frame (one
 * page mapped at two addresses, a file mapped by two processes) and the
 * errors of bad arguments.  One line per check ("ok NAME" or "FAIL NAME:
 * what happened"); the exit status is the number of failures.  The same
 * binary passes on Linux first (the suite runs it there), then on pagelab.
 *
 * Waiting is by timing: a child announces it is about to wait (a counter in
 * shared memory), the parent gives it 100 ms to get there before acting.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* include/uapi/linux/futex.h (musl has no <linux/futex.h>). */
#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_REQUEUE         3
#define FUTEX_CMP_REQUEUE     4
#define FUTEX_WAKE_OP         5
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET     10
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define FUTEX_OP(op, oparg, cmp, cmparg) \
    ((((op)&0xf) << 28) | (((cmp)&0xf) << 24) | (((oparg)&0xfff) << 12) | ((cmparg)&0xfff))
#define OP_SET  0
#define OP_ADD  1
#define OP_OR   2
#define OP_ANDN 3
#define OP_XOR  4
#define OP_SHIFT 8
#define CMP_EQ 0
#define CMP_NE 1
#define CMP_LT 2
#define CMP_GE 5

#define BAD_ADDR ((void *)0x10000)   /* below any mapping */
#define KERNEL_ADDR ((void *)0xffff800000000000ull)

/* The raw call: -errno on failure, so bad pointers reach the kernel as is. */
static long fx(void *uaddr, int op, unsigned val, const void *timeout, void *uaddr2, unsigned val3)
{
    long r = syscall(SYS_futex, uaddr, op, val, timeout, uaddr2, val3);
    return r < 0 ? -errno : r;
}

static uint64_t now_ns(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

static struct timespec abs_in(clockid_t c, long ms)
{
    uint64_t t = now_ns(c) + (uint64_t)ms * 1000000;
    return (struct timespec){ (time_t)(t / 1000000000), (long)(t % 1000000000) };
}

/* A page of anonymous shared memory: word 0.. for futexes, ready counts. */
struct shared {
    int word[16];
    volatile int ready;   /* children about to wait */
    volatile int result[8];
};

static struct shared *new_shared(void)
{
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(100);
    }
    return memset(p, 0, 4096);
}

/* Forks a child that announces itself and waits on word with op/val/bitset;
   it exits with 0 if woken, else with its errno (ETIMEDOUT after 3 s). */
static pid_t waiter(struct shared *s, int *word, int op, unsigned bitset)
{
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec limit = abs_in(CLOCK_MONOTONIC, 3000);
        __sync_fetch_and_add(&s->ready, 1);
        long r = fx(word, (op & FUTEX_PRIVATE_FLAG) | FUTEX_WAIT_BITSET, (unsigned)*word, &limit,
                    NULL, bitset);
        _exit(r == 0 ? 0 : (int)-r);
    }
    return pid;
}

/* Waits until n children announced themselves, then gives them 100 ms. */
static void until_ready(struct shared *s, int n)
{
    for (int i = 0; i < 3000 && s->ready < n; i++)
        sleep_ms(1);
    sleep_ms(100);
}

static int exit_code(pid_t pid)
{
    int st = -1;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static void value_and_errors(void)
{
    struct shared *s = new_shared();
    int *w = &s->word[0];
    *w = 7;
    CHECK("wait_value_differs_is_eagain", fx(w, FUTEX_WAIT, 8, NULL, NULL, 0) == -EAGAIN);
    CHECK("wait_private_value_differs_is_eagain",
          fx(w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 8, NULL, NULL, 0) == -EAGAIN);
    CHECK("wake_without_waiters_is_0", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
    CHECK("misaligned_wait_is_einval", fx((char *)w + 1, FUTEX_WAIT, 7, NULL, NULL, 0) == -EINVAL);
    CHECK("misaligned_wake_is_einval", fx((char *)w + 2, FUTEX_WAKE, 1, NULL, NULL, 0) == -EINVAL);
    CHECK("wait_unmapped_is_efault", fx(BAD_ADDR, FUTEX_WAIT, 0, NULL, NULL, 0) == -EFAULT);
    CHECK("wait_private_unmapped_is_efault",
          fx(BAD_ADDR, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0) == -EFAULT);
    CHECK("wake_shared_unmapped_is_efault", fx(BAD_ADDR, FUTEX_WAKE, 1, NULL, NULL, 0) == -EFAULT);
    /* A private key needs no page: Linux does not look. */
    CHECK("wake_private_unmapped_is_0",
          fx(BAD_ADDR, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0) == 0);
    CHECK("wake_kernel_address_is_efault",
          fx(KERNEL_ADDR, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0) == -EFAULT);
    void *none = mmap(NULL, 4096, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("wait_prot_none_is_efault", fx(none, FUTEX_WAIT, 0, NULL, NULL, 0) == -EFAULT);
    CHECK("wake_shared_prot_none_is_efault", fx(none, FUTEX_WAKE, 1, NULL, NULL, 0) == -EFAULT);
    munmap(none, 4096);
    int *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("wait_read_only_page_reads_it", fx(ro, FUTEX_WAIT, 1, NULL, NULL, 0) == -EAGAIN);
    int *wo = mmap(NULL, 4096, PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("wait_write_only_page_reads_it", fx(wo, FUTEX_WAIT, 1, NULL, NULL, 0) == -EAGAIN);
    munmap(wo, 4096);
    CHECK("bitset_0_wait_is_einval", fx(w, FUTEX_WAIT_BITSET, 7, NULL, NULL, 0) == -EINVAL);
    CHECK("bitset_0_wake_is_einval", fx(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0) == -EINVAL);
    CHECK("unknown_op_is_enosys", fx(w, 99, 0, NULL, NULL, 0) == -ENOSYS);
    CHECK("realtime_flag_with_wait_is_enosys",
          fx(w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 8, NULL, NULL, 0) == -ENOSYS);
    CHECK("realtime_flag_with_wake_is_enosys",
          fx(w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0) == -ENOSYS);
    struct timespec bad_ns = { 0, 1000000000 }, neg = { -1, 0 };
    /* The timeout is checked before the value. */
    CHECK("timeout_nsec_too_big_is_einval", fx(w, FUTEX_WAIT, 8, &bad_ns, NULL, 0) == -EINVAL);
    CHECK("timeout_negative_is_einval", fx(w, FUTEX_WAIT, 8, &neg, NULL, 0) == -EINVAL);
    CHECK("timeout_bad_pointer_is_efault", fx(w, FUTEX_WAIT, 8, BAD_ADDR, NULL, 0) == -EFAULT);
    /* Wake has no timeout: that register is not looked at. */
    CHECK("wake_ignores_timeout_register", fx(w, FUTEX_WAKE, 1, BAD_ADDR, NULL, 0) == 0);
    munmap(ro, 4096);
    munmap(s, 4096);
}

static void timeouts(void)
{
    int w = 0;
    struct timespec rel = { 0, 200 * 1000000 };
    uint64_t t0 = now_ns(CLOCK_MONOTONIC);
    long r = fx(&w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &rel, NULL, 0);
    uint64_t took = now_ns(CLOCK_MONOTONIC) - t0;
    CHECK("relative_timeout_is_etimedout", r == -ETIMEDOUT);
    CHECK("relative_timeout_waits_its_time", took >= 190000000ull && took < 2000000000ull);

    struct timespec at = abs_in(CLOCK_MONOTONIC, 200);
    t0 = now_ns(CLOCK_MONOTONIC);
    r = fx(&w, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &at, NULL, ~0u);
    took = now_ns(CLOCK_MONOTONIC) - t0;
    CHECK("absolute_monotonic_timeout_is_etimedout", r == -ETIMEDOUT);
    CHECK("absolute_monotonic_timeout_waits_until_then",
          now_ns(CLOCK_MONOTONIC) >= (uint64_t)at.tv_sec * 1000000000ull + (uint64_t)at.tv_nsec &&
              took < 2000000000ull);

    at = abs_in(CLOCK_REALTIME, 200);
    t0 = now_ns(CLOCK_MONOTONIC);
    r = fx(&w, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 0, &at, NULL, ~0u);
    took = now_ns(CLOCK_MONOTONIC) - t0;
    CHECK("absolute_realtime_timeout_is_etimedout", r == -ETIMEDOUT);
    CHECK("absolute_realtime_timeout_waits_its_time", took >= 150000000ull && took < 2000000000ull);

    struct timespec past = abs_in(CLOCK_MONOTONIC, -20); /* 20 ms ago */
    t0 = now_ns(CLOCK_MONOTONIC);
    CHECK("absolute_past_deadline_is_etimedout_at_once",
          fx(&w, FUTEX_WAIT_BITSET, 0, &past, NULL, ~0u) == -ETIMEDOUT &&
              now_ns(CLOCK_MONOTONIC) - t0 < 100000000ull);
    CHECK("value_check_comes_before_the_deadline",
          fx(&w, FUTEX_WAIT_BITSET, 1, &past, NULL, ~0u) == -EAGAIN);
    struct timespec zero = { 0, 0 };
    CHECK("zero_relative_timeout_is_etimedout",
          fx(&w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &zero, NULL, 0) == -ETIMEDOUT);
}

static void on_usr1(int sig) { (void)sig; }

static void signals(void)
{
    struct shared *s = new_shared();
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_usr1; /* no SA_RESTART: the wait ends with EINTR */
        sigaction(SIGUSR1, &sa, NULL);
        __sync_fetch_and_add(&s->ready, 1);
        long r = fx(&s->word[0], FUTEX_WAIT, 0, NULL, NULL, 0);
        _exit(r == -EINTR ? 0 : 1);
    }
    until_ready(s, 1);
    kill(pid, SIGUSR1);
    CHECK("signal_interrupts_wait_with_eintr", exit_code(pid) == 0);

    s->ready = 0;
    pid = fork();
    if (pid == 0) {
        __sync_fetch_and_add(&s->ready, 1);
        fx(&s->word[1], FUTEX_WAIT, 0, NULL, NULL, 0);
        _exit(1);
    }
    until_ready(s, 1);
    kill(pid, SIGKILL);
    CHECK("sigkill_ends_a_waiter", exit_code(pid) == 1000 + SIGKILL);
    CHECK("killed_waiter_left_no_sleeper", fx(&s->word[1], FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 0);
    munmap(s, 4096);
}

static void wake_counts(void)
{
    struct shared *s = new_shared();
    int *w = &s->word[0];
    pid_t kids[3];
    for (int i = 0; i < 3; i++)
        kids[i] = waiter(s, w, 0, ~0u);
    until_ready(s, 3);
    CHECK("wake_2_of_3_returns_2", fx(w, FUTEX_WAKE, 2, NULL, NULL, 0) == 2);
    sleep_ms(50);
    CHECK("wake_rest_returns_1", fx(w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 1);
    int ok = 1;
    for (int i = 0; i < 3; i++)
        ok &= exit_code(kids[i]) == 0;
    CHECK("woken_waiters_return_0", ok);

    s->ready = 0;
    kids[0] = waiter(s, w, 0, ~0u);
    until_ready(s, 1);
    CHECK("wake_0_wakes_one_as_linux", fx(w, FUTEX_WAKE, 0, NULL, NULL, 0) == 1);
    CHECK("wake_0_waiter_returns_0", exit_code(kids[0]) == 0);

    /* Another word of the same page is another futex. */
    s->ready = 0;
    kids[0] = waiter(s, &s->word[1], 0, ~0u);
    until_ready(s, 1);
    CHECK("other_word_same_page_not_woken", fx(&s->word[2], FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
    CHECK("right_word_woken", fx(&s->word[1], FUTEX_WAKE, 1, NULL, NULL, 0) == 1);
    exit_code(kids[0]);

    /* Bitsets: a wake must share a bit with the waiter's set. */
    s->ready = 0;
    kids[0] = waiter(s, w, 0, 0x1);
    until_ready(s, 1);
    CHECK("wake_bitset_disjoint_wakes_none", fx(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x2) == 0);
    CHECK("wake_bitset_overlap_wakes", fx(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x3) == 1);
    CHECK("bitset_waiter_returns_0", exit_code(kids[0]) == 0);
    s->ready = 0;
    kids[0] = waiter(s, w, 0, 0x4);
    until_ready(s, 1);
    CHECK("plain_wake_matches_any_bitset", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0) == 1);
    exit_code(kids[0]);
    munmap(s, 4096);
}

/* Private keys are (address space, address): another process never meets
   them, even on the same shared page; and a shared wait on private memory
   is keyed apart from private waits. */
static void private_keys(void)
{
    struct shared *s = new_shared();
    pid_t pid = waiter(s, &s->word[0], FUTEX_PRIVATE_FLAG, ~0u);
    until_ready(s, 1);
    CHECK("private_wake_from_other_process_wakes_none",
          fx(&s->word[0], FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0) == 0);
    CHECK("shared_wake_misses_private_waiter", fx(&s->word[0], FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
    kill(pid, SIGKILL);
    exit_code(pid);

    /* A shared-op waiter on private anonymous memory: after fork each process
       has its own copy, so the parent's wake finds nobody. */
    static int private_word;
    s->ready = 0;
    pid = fork();
    if (pid == 0) {
        struct timespec rel = { 0, 400 * 1000000 };
        __sync_fetch_and_add(&s->ready, 1);
        long r = fx(&private_word, FUTEX_WAIT, 0, &rel, NULL, 0);
        _exit(r == -ETIMEDOUT ? 0 : 1);
    }
    until_ready(s, 1);
    CHECK("private_memory_is_not_shared_after_fork",
          fx(&private_word, FUTEX_WAKE, 1, NULL, NULL, 0) == 0);
    CHECK("private_memory_waiter_times_out", exit_code(pid) == 0);
    munmap(s, 4096);
}

/* Shared keys name the frame: one page seen at two addresses, a memfd or a
   file mapped by two processes. */
static void frame_keys(void)
{
    struct shared *s = new_shared();
    int fd = memfd_create("futex-test", 0);
    CHECK("memfd_for_futex", fd >= 0 && ftruncate(fd, 4096) == 0);
    int *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    int *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("two_mappings_at_two_addresses", a != MAP_FAILED && b != MAP_FAILED && a != b);
    pid_t pid = waiter(s, &a[3], 0, ~0u);
    until_ready(s, 1);
    CHECK("wake_through_other_address_wakes", fx(&b[3], FUTEX_WAKE, 1, NULL, NULL, 0) == 1);
    CHECK("waiter_on_memfd_returns_0", exit_code(pid) == 0);
    munmap(a, 4096);
    munmap(b, 4096);
    close(fd);

    /* A file of the disk, mapped by parent and child separately. */
    char path[] = "/tmp/futex-file-XXXXXX";
    fd = mkstemp(path);
    CHECK("file_for_futex", fd >= 0 && ftruncate(fd, 8192) == 0);
    s->ready = 0;
    pid = fork();
    if (pid == 0) {
        int f = open(path, O_RDWR);
        int *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
        struct timespec limit = abs_in(CLOCK_MONOTONIC, 3000);
        __sync_fetch_and_add(&s->ready, 1);
        long r = fx(&m[1024 + 5], FUTEX_WAIT_BITSET, 0, &limit, NULL, ~0u);
        _exit(r == 0 ? 0 : (int)-r);
    }
    until_ready(s, 1);
    int *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("file_futex_woken_from_other_process", fx(&m[1024 + 5], FUTEX_WAKE, 1, NULL, NULL, 0) == 1);
    CHECK("file_futex_waiter_returns_0", exit_code(pid) == 0);
    munmap(m, 8192);
    close(fd);
    unlink(path);
    munmap(s, 4096);
}

static void requeue(void)
{
    struct shared *s = new_shared();
    int *a = &s->word[0], *b = &s->word[1];
    pid_t kids[3];
    for (int i = 0; i < 3; i++)
        kids[i] = waiter(s, a, 0, ~0u);
    until_ready(s, 3);
    CHECK("requeue_returns_woken_plus_moved",
          fx(a, FUTEX_REQUEUE, 1, (void *)1L, b, 0) == 2);
    sleep_ms(50);
    CHECK("requeue_left_one_on_first", fx(a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 1);
    CHECK("requeue_moved_one_to_second", fx(b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 1);
    int ok = 1;
    for (int i = 0; i < 3; i++)
        ok &= exit_code(kids[i]) == 0;
    CHECK("requeued_waiters_return_0", ok);

    s->ready = 0;
    *a = 5;
    for (int i = 0; i < 2; i++)
        kids[i] = waiter(s, a, 0, ~0u);
    until_ready(s, 2);
    CHECK("cmp_requeue_value_differs_is_eagain",
          fx(a, FUTEX_CMP_REQUEUE, 1, (void *)1L, b, 6) == -EAGAIN);
    CHECK("cmp_requeue_moves_all", fx(a, FUTEX_CMP_REQUEUE, 0, (void *)INT_MAX, b, 5) == 2);
    CHECK("cmp_requeue_left_none", fx(a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 0);
    CHECK("cmp_requeue_wake_moved", fx(b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0) == 2);
    for (int i = 0; i < 2; i++)
        exit_code(kids[i]);
    CHECK("requeue_negative_count_is_einval",
          fx(a, FUTEX_CMP_REQUEUE, (unsigned)-1, (void *)1L, b, 5) == -EINVAL);
    CHECK("requeue_negative_requeue_is_einval",
          fx(a, FUTEX_REQUEUE, 1, (void *)-1L, b, 0) == -EINVAL);
    CHECK("requeue_bad_second_address_is_efault",
          fx(a, FUTEX_REQUEUE, 1, (void *)1L, BAD_ADDR, 0) == -EFAULT);
    munmap(s, 4096);
}

static void wake_op(void)
{
    struct shared *s = new_shared();
    int *a = &s->word[0], *b = &s->word[1];
    *b = 5;
    CHECK("wake_op_add", fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_ADD, 3, CMP_EQ, 5)) == 0 &&
                             *b == 8);
    CHECK("wake_op_or", fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_OR, 0x10, CMP_EQ, 0)) == 0 &&
                            *b == 0x18);
    CHECK("wake_op_andn",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_ANDN, 0x8, CMP_EQ, 0)) == 0 && *b == 0x10);
    CHECK("wake_op_xor",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_XOR, 0x11, CMP_EQ, 0)) == 0 && *b == 1);
    CHECK("wake_op_shift_arg",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_SET | OP_SHIFT, 4, CMP_EQ, 0)) == 0 &&
              *b == 16);
    CHECK("wake_op_negative_arg",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_SET, -2, CMP_EQ, 0)) == 0 && *b == -2);

    /* One waiter on each word: the comparison decides whether b's wakes. */
    *a = 0;
    *b = 0;
    pid_t wa = waiter(s, a, 0, ~0u), wb = waiter(s, b, 0, ~0u);
    until_ready(s, 2);
    CHECK("wake_op_cmp_false_wakes_first_only",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_SET, 0, CMP_NE, 0)) == 1);
    CHECK("wake_op_first_waiter_woken", exit_code(wa) == 0);
    s->ready = 0;
    wa = waiter(s, a, 0, ~0u);
    until_ready(s, 1);
    CHECK("wake_op_cmp_true_wakes_both",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_SET, 1, CMP_LT, 1)) == 2 && *b == 1);
    CHECK("wake_op_both_waiters_woken", exit_code(wa) == 0 && exit_code(wb) == 0);

    *b = 5;
    CHECK("wake_op_bad_cmp_is_enosys_after_the_store",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(OP_ADD, 1, 7, 0)) == -ENOSYS && *b == 6);
    CHECK("wake_op_bad_op_is_enosys",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, b, FUTEX_OP(6, 1, CMP_EQ, 0)) == -ENOSYS && *b == 6);
    int *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("wake_op_read_only_second_is_efault",
          fx(a, FUTEX_WAKE_OP, 1, (void *)1L, ro, FUTEX_OP(OP_SET, 1, CMP_GE, 0)) == -EFAULT);
    munmap(ro, 4096);
    munmap(s, 4096);
}

int main(void)
{
    value_and_errors();
    timeouts();
    signals();
    wake_counts();
    private_keys();
    frame_keys();
    requeue();
    wake_op();
    printf("%d failures\n", failures);
    return failures;
}
