/*
 * tests/proc/proctest.c: process machinery checks, run as init (pid 1)
 * from a GRUB boot module before any file system exists.  Built with
 * musl-gcc -static: an unmodified Linux binary.  There is no console yet,
 * so it reports by its exit status: 0 when every check passed, otherwise
 * the number of the first failing check (tests/suites/40_proc.py decodes it).
 */
#include <errno.h>
#include <setjmp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHECK(n, cond) do { if (!(cond)) _exit(n); } while (0)

static int child_status(pid_t pid)
{
    int st = -1;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return st;
}

static volatile int cow_value = 1;
static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig) { got_usr1 = sig; }

static void check_fork_wait(void)
{
    pid_t pid = fork();
    CHECK(10, pid >= 0);
    if (pid == 0)
        _exit(42);
    int st = child_status(pid);
    CHECK(11, WIFEXITED(st) && WEXITSTATUS(st) == 42);
    CHECK(12, waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

static void check_cow(void)
{
    char *heap = malloc(100000);
    CHECK(20, heap != NULL);
    memset(heap, 'p', 100000);
    pid_t pid = fork();
    if (pid == 0) {
        cow_value = 2;
        memset(heap, 'c', 100000);
        _exit(cow_value + (getppid() == 1 ? 10 : 0));
    }
    int st = child_status(pid);
    CHECK(21, WIFEXITED(st) && WEXITSTATUS(st) == 12);
    CHECK(22, cow_value == 1);
    for (int i = 0; i < 100000; i += 4096)
        CHECK(23, heap[i] == 'p');
    free(heap);
}

static void check_fault_kills(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        *(volatile int *)0x1000 = 1;
        _exit(0);
    }
    int st = child_status(pid);
    CHECK(30, WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    pid = fork();
    if (pid == 0) {
        /* Writing to our own code: a read-only page. */
        *(volatile char *)(uintptr_t)&child_status = 0;
        _exit(0);
    }
    st = child_status(pid);
    CHECK(31, WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
}

static void check_mmap(void)
{
    size_t len = 3 * 4096;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(40, p != MAP_FAILED);
    CHECK(41, p[0] == 0 && p[len - 1] == 0);
    memset(p, 0x55, len);
    CHECK(42, madvise(p, len, MADV_DONTNEED) == 0);
    CHECK(43, p[0] == 0 && p[4096] == 0 && p[len - 1] == 0);
    p[5000] = 9;
    CHECK(44, munmap(p + 4096, 4096) == 0);
    CHECK(45, p[0] == 0);
    pid_t pid = fork();
    if (pid == 0) {
        (void)*(volatile unsigned char *)(p + 5000);
        _exit(0);
    }
    int st = child_status(pid);
    CHECK(46, WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
    CHECK(47, munmap(p, len) == 0);
    CHECK(48, mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
    CHECK(49, munmap((void *)0x1001, 4096) == -1 && errno == EINVAL);
}

static void check_brk(void)
{
    void *start = sbrk(0);
    CHECK(50, start != (void *)-1);
    char *grown = (char *)syscall(SYS_brk, (char *)start + 3 * 4096);
    CHECK(51, grown == (char *)start + 3 * 4096);
    memset(start, 1, 3 * 4096);
    CHECK(52, (char *)syscall(SYS_brk, start) == (char *)start);
}

static void check_signals(void)
{
    struct sigaction sa = { .sa_handler = on_usr1 };
    CHECK(60, sigaction(SIGUSR1, &sa, NULL) == 0);
    kill(getpid(), SIGUSR1);
    CHECK(61, got_usr1 == SIGUSR1);
    signal(SIGUSR2, SIG_IGN);
    kill(getpid(), SIGUSR2);
    pid_t pid = fork();
    if (pid == 0) {
        kill(getpid(), SIGTERM);
        _exit(0);
    }
    int st = child_status(pid);
    CHECK(62, WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    /* A blocked signal waits until unblocked. */
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    got_usr1 = 0;
    sigprocmask(SIG_BLOCK, &set, &old);
    kill(getpid(), SIGUSR1);
    CHECK(63, got_usr1 == 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    CHECK(64, got_usr1 == SIGUSR1);
    CHECK(65, sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL);
    CHECK(66, kill(99999, SIGTERM) == -1 && errno == ESRCH);
    CHECK(67, kill(getpid(), 999) == -1 && errno == EINVAL);
}

static sigjmp_buf fault_jump;
static volatile uintptr_t fault_addr;
static volatile int fault_signo;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_signo = si->si_signo;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(fault_jump, uc != NULL ? 1 : 2);
}

/* A SIGSEGV handler (SA_SIGINFO) sees the address and can jump out. */
static void check_fault_handler(void)
{
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
    CHECK(68, sigaction(SIGSEGV, &sa, NULL) == 0);
    int r = sigsetjmp(fault_jump, 1);
    if (r == 0)
        *(volatile int *)0x2000 = 5;
    CHECK(69, r == 1 && fault_signo == SIGSEGV && fault_addr == 0x2000);
    signal(SIGSEGV, SIG_DFL);
}

static void check_exec(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { "argcheck", "hello", "two words", NULL };
        char *envp[] = { "K=V", NULL };
        execve("/test/argcheck", argv, envp);
        _exit(100 + errno);
    }
    int st = child_status(pid);
    CHECK(70, WIFEXITED(st) && WEXITSTATUS(st) == 7);
    char *argv[] = { "x", NULL };
    CHECK(71, execve("/test/notelf", argv, argv) == -1 && errno == ENOEXEC);
    CHECK(72, execve("/test/absent", argv, argv) == -1 && errno == ENOENT);
    CHECK(73, syscall(SYS_execve, 8, argv, argv) == -1 && errno == EFAULT);
    CHECK(74, syscall(SYS_execve, "/test/argcheck", 8, argv) == -1 && errno == EFAULT);
    /* More argument bytes than the kernel takes (128 KiB): E2BIG, and we live on. */
    size_t big = 200 * 1024;
    char *huge = malloc(big);
    memset(huge, 'x', big - 1);
    huge[big - 1] = 0;
    char *hargv[] = { "argcheck", huge, NULL };
    CHECK(75, execve("/test/argcheck", hargv, argv) == -1 && errno == E2BIG);
    free(huge);
}

static void check_bad_arguments(void)
{
    CHECK(80, syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)16) == -1 && errno == EFAULT);
    CHECK(81, syscall(SYS_clock_gettime, 12345, NULL) == -1 && errno == EINVAL);
    CHECK(82, syscall(SYS_uname, (void *)0xffff800000000000ull) == -1 && errno == EFAULT);
    CHECK(83, syscall(SYS_wait4, -1, NULL, 0x1234, NULL) == -1 && errno == EINVAL);
    /* 999 is no Linux syscall; 184 (tuxcall) is one Linux never implemented. */
    CHECK(84, syscall(999) == -1 && errno == ENOSYS && syscall(999) == -1 && errno == ENOSYS &&
              syscall(184) == -1 && errno == ENOSYS && syscall(184) == -1 && errno == ENOSYS);
    CHECK(85, syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 3) == -1 && errno == EINVAL);
    CHECK(86, syscall(SYS_nanosleep, (void *)24, NULL) == -1 && errno == EFAULT);
    CHECK(87, syscall(SYS_getrandom, (void *)32, 16, 0) == -1 && errno == EFAULT);
    char page[64];
    CHECK(88, syscall(SYS_getrandom, page, 16, 0x100) == -1 && errno == EINVAL);
    CHECK(89, syscall(SYS_rt_sigprocmask, 7, page, NULL, 8) == -1 && errno == EINVAL &&
              syscall(SYS_madvise, (uintptr_t)page & ~(uintptr_t)4095, 4096, 12345) == -1 && errno == EINVAL &&
              syscall(SYS_arch_prctl, 0x9999, 0) == -1 && errno == EINVAL &&
              syscall(SYS_reboot, 1, 2, 3, NULL) == -1 && errno == EINVAL);
}

static void check_time_and_misc(void)
{
    struct timespec a, b, d = { 0, 20 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &a);
    CHECK(90, nanosleep(&d, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000ll + (b.tv_nsec - a.tv_nsec);
    CHECK(91, ns >= 20 * 1000 * 1000 && ns < 2000ll * 1000 * 1000);
    struct utsname u;
    CHECK(92, uname(&u) == 0 && strcmp(u.sysname, "pagelab") == 0 && strcmp(u.machine, "x86_64") == 0);
    unsigned char r1[32] = { 0 }, r2[32] = { 0 };
    CHECK(93, syscall(SYS_getrandom, r1, sizeof r1, 0) == 32 && syscall(SYS_getrandom, r2, 32, 0) == 32);
    CHECK(94, memcmp(r1, r2, 32) != 0);
    CHECK(95, getpid() == syscall(SYS_gettid));
    /* CPU time grows while computing, not while sleeping. */
    struct timespec c0, c1, c2;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    volatile double x = 0;
    for (int i = 0; i < 3000000; i++)
        x += i * 0.5;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c2);
    long long slept = (c1.tv_sec - c0.tv_sec) * 1000000000ll + (c1.tv_nsec - c0.tv_nsec);
    long long busy = (c2.tv_sec - c1.tv_sec) * 1000000000ll + (c2.tv_nsec - c1.tv_nsec);
    CHECK(96, slept >= 0 && slept < 10 * 1000 * 1000 && busy > 0);
    /* getrusage: one minor fault per first touch; children's after wait. */
    struct rusage ru0, ru1, rc;
    char *pages = mmap(NULL, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    getrusage(RUSAGE_SELF, &ru0);
    for (int i = 0; i < 16; i++)
        pages[i * 4096] = 1;
    getrusage(RUSAGE_SELF, &ru1);
    CHECK(97, ru1.ru_minflt - ru0.ru_minflt == 16 && ru1.ru_majflt == ru0.ru_majflt);
    pid_t pid = fork();
    if (pid == 0) {
        char *q = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (int i = 0; i < 64; i++)
            q[i * 4096] = 1;
        _exit(0);
    }
    struct rusage rw;
    int st;
    CHECK(98, wait4(pid, &st, 0, &rw) == pid && rw.ru_minflt >= 64 &&
              getrusage(RUSAGE_CHILDREN, &rc) == 0 && rc.ru_minflt >= 64);
    CHECK(99, getrusage(5, &rc) == -1 && errno == EINVAL);
    munmap(pages, 16 * 4096);
    sched_yield();
}

/* Two processes computing with doubles at once: each keeps its own SSE state
   across preemption. */
static double series(int n)
{
    double s = 0;
    for (int i = 1; i <= n; i++)
        s += 1.0 / ((double)i * i);
    return s;
}

static void check_fpu_preemption(void)
{
    double expect = series(2000000);
    pid_t pid = fork();
    if (pid == 0)
        _exit(series(2000000) == expect ? 0 : 1);
    double mine = series(2000000);
    int st = child_status(pid);
    CHECK(100, WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(101, mine == expect);
}

/* A child that never yields nor sleeps: only timer preemption lets the
   parent run again to kill it. */
static void check_preemption(void)
{
    pid_t pid = fork();
    if (pid == 0)
        for (;;)
            ;
    struct timespec d = { 0, 20 * 1000 * 1000 };
    nanosleep(&d, NULL);
    CHECK(105, kill(pid, SIGKILL) == 0);
    int st = child_status(pid);
    CHECK(106, WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}

/* Hundreds of fork/exit/wait cycles; orphans go to init (us). */
static void check_many_processes(void)
{
    for (int i = 0; i < 300; i++) {
        pid_t pid = fork();
        CHECK(110, pid >= 0);
        if (pid == 0)
            _exit(i & 0xff);
        int st = child_status(pid);
        CHECK(111, WIFEXITED(st) && WEXITSTATUS(st) == (i & 0xff));
    }
    pid_t pid = fork();
    if (pid == 0) {
        if (fork() == 0) {
            struct timespec d = { 0, 30 * 1000 * 1000 };
            nanosleep(&d, NULL);
            _exit(getppid() == 1 ? 55 : 56);
        }
        _exit(0);
    }
    CHECK(112, WIFEXITED(child_status(pid)));
    int st;
    pid_t orphan = wait(&st);
    CHECK(113, orphan > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 55);
}

int main(void)
{
    CHECK(1, getpid() == 1);
    check_fork_wait();
    check_cow();
    check_fault_kills();
    check_mmap();
    check_brk();
    check_signals();
    check_fault_handler();
    check_exec();
    check_bad_arguments();
    check_time_and_misc();
    check_fpu_preemption();
    check_preemption();
    check_many_processes();
    return 0;
}
