/*
 * user/sysfuzz/worker.c: one worker process.  It lives in its own process
 * group and its own directory /tmp/sysfuzz/wN, opens a few descriptors of
 * every kind to hand out, and issues gen_len calls (a generation) picked
 * from the whole table; then it waits for the parent's SIGKILL, so that
 * every generation also tests the exit of a process full of state.  Its
 * rng is seeded from (seed, worker, generation): a seed replays a run.
 */
#include "sysfuzz.h"
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define TICK_US 10000 /* SIGALRM every 10 ms ends any blocking call */

/* The call itself.  A child made by fork, vfork, clone or clone3 exits in
   the same instructions, using no stack: its stack pointer may be random
   and its memory the worker's. */
static long raw_syscall(long nr, const uint64_t a[6], int forks)
{
    register uint64_t r10 __asm__("r10") = a[3];
    register uint64_t r8 __asm__("r8") = a[4];
    register uint64_t r9 __asm__("r9") = a[5];
    long ret;
    if (forks)
        __asm__ volatile("syscall\n\t"
                         "test %%rax, %%rax\n\t"
                         "jnz 1f\n\t"
                         "mov $60, %%eax\n\t" /* exit (this thread only), status 0 */
                         "xor %%edi, %%edi\n\t"
                         "syscall\n\t"
                         "1:"
                         : "=a"(ret)
                         : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    else
        __asm__ volatile("syscall"
                         : "=a"(ret)
                         : "a"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                         : "rcx", "r11", "memory");
    return ret;
}

static void on_alarm(int sig) { (void)sig; }

static uint64_t saved_fs;

/* The state FP_RESTORE calls may have changed: the signal handlers and
   SIGALRM's tick, SIGPIPE ignored, nothing blocked, the TLS pointer. */
static void restore_state(void)
{
    syscall(SYS_arch_prctl, ARCH_SET_FS, saved_fs);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    /* Every signal a worker may send itself is caught, so that kill(0, sig)
       tests delivery instead of ending the generation; faults keep their
       default (returning from a SIGSEGV handler would fault again). */
    for (int sig = 1; sig < 65; sig++)
        if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSEGV && sig != SIGBUS && sig != SIGILL &&
            sig != SIGFPE && sig != SIGTRAP && sig != SIGSYS && sig != SIGPIPE)
            sigaction(sig, &sa, NULL);
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    long tick[4] = {0, TICK_US, 0, TICK_US}; /* struct itimerval */
    syscall(SYS_setitimer, 0 /* ITIMER_REAL */, tick, NULL);
}

static void add_fd(struct worker_ctx *w, int fd)
{
    if (fd >= 0 && w->nsetup < (int)(sizeof w->setup_fd / sizeof w->setup_fd[0]))
        w->setup_fd[w->nsetup++] = fd;
    if (fd > w->maxfd)
        w->maxfd = fd;
}

static void setup(struct worker_ctx *w, int id)
{
    setpgid(0, 0);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    if (null > 2)
        close(null);
    char dir[64];
    mkdir("/tmp/sysfuzz", 0777);
    snprintf(dir, sizeof dir, "/tmp/sysfuzz/w%d", id);
    mkdir(dir, 0777);
    if (chdir(dir) < 0)
        _exit(3);
    w->self = getpid();
    w->maxfd = 2;
    add_fd(w, open(".", O_RDONLY | O_DIRECTORY));
    add_fd(w, open("f0", O_RDWR | O_CREAT, 0644));
    int p[2];
    if (pipe(p) == 0) {
        add_fd(w, p[0]);
        add_fd(w, p[1]);
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, p) == 0) {
        add_fd(w, p[0]);
        add_fd(w, p[1]);
    }
    add_fd(w, (int)syscall(SYS_epoll_create1, 0));
    add_fd(w, (int)syscall(SYS_memfd_create, "sysfuzz", 0));
    add_fd(w, open("/proc/meminfo", O_RDONLY));
    w->closed_fd = w->maxfd + 1;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &saved_fs);
    gen_init_area(w);
    restore_state();
}

const char *fuzz_errno_name(int e)
{
    static const char *const n[FUZZ_ERRNO_MAX] = {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
        [7] = "E2BIG", [8] = "ENOEXEC", [9] = "EBADF", [10] = "ECHILD", [11] = "EAGAIN",
        [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT", [15] = "ENOTBLK", [16] = "EBUSY",
        [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
        [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [25] = "ENOTTY", [26] = "ETXTBSY",
        [27] = "EFBIG", [28] = "ENOSPC", [29] = "ESPIPE", [30] = "EROFS", [31] = "EMLINK",
        [32] = "EPIPE", [33] = "EDOM", [34] = "ERANGE", [35] = "EDEADLK", [36] = "ENAMETOOLONG",
        [37] = "ENOLCK", [38] = "ENOSYS", [39] = "ENOTEMPTY", [40] = "ELOOP", [42] = "ENOMSG",
        [43] = "EIDRM", [61] = "ENODATA", [62] = "ETIME", [71] = "EPROTO", [74] = "EBADMSG",
        [75] = "EOVERFLOW", [88] = "ENOTSOCK", [89] = "EDESTADDRREQ", [90] = "EMSGSIZE",
        [91] = "EPROTOTYPE", [92] = "ENOPROTOOPT", [93] = "EPROTONOSUPPORT",
        [94] = "ESOCKTNOSUPPORT", [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT", [98] = "EADDRINUSE",
        [99] = "EADDRNOTAVAIL", [103] = "ECONNABORTED", [104] = "ECONNRESET", [105] = "ENOBUFS",
        [106] = "EISCONN", [107] = "ENOTCONN", [110] = "ETIMEDOUT", [111] = "ECONNREFUSED",
        [114] = "EALREADY", [115] = "EINPROGRESS",
    };
    return e > 0 && e < FUZZ_ERRNO_MAX && n[e] ? n[e] : NULL;
}

void fuzz_format_rec(const struct fuzz_rec *r, char *buf, size_t size)
{
    const struct fuzz_call *c = &fuzz_calls[r->call];
    int n = snprintf(buf, size, "#%lu %s(", (unsigned long)r->seq, c->name);
    for (int i = 0; i < c->nargs && n < (int)size; i++)
        n += snprintf(buf + n, size - (size_t)n, "%s%#lx", i ? ", " : "", (unsigned long)r->arg[i]);
    if (n >= (int)size)
        return;
    if (!r->done)
        snprintf(buf + n, size - (size_t)n, ") ... (did not return)");
    else if (r->ret < 0 && r->ret >= -4095 && fuzz_errno_name((int)-r->ret))
        snprintf(buf + n, size - (size_t)n, ") = -%s", fuzz_errno_name((int)-r->ret));
    else
        snprintf(buf + n, size - (size_t)n, ") = %ld", (long)r->ret);
}

static void trace(const struct fuzz_rec *r, int id)
{
    char line[320];
    int n = snprintf(line, sizeof line, "sysfuzz w%d ", id);
    fuzz_format_rec(r, line + n, sizeof line - (size_t)n - 1);
    size_t len = strlen(line);
    line[len++] = '\n';
    write(2, line, len);
}

void worker_run(const struct fuzz_config *cfg, int id, uint32_t gen, struct fuzz_slot *slot)
{
    struct worker_ctx w;
    memset(&w, 0, sizeof w);
    w.rng.s = rng_mix(rng_mix(cfg->seed, (uint64_t)id), gen);
    setup(&w, id);
    uint64_t budget = cfg->calls / (uint64_t)cfg->workers + ((uint64_t)id < cfg->calls % (uint64_t)cfg->workers);
    uint64_t end = slot->done + cfg->gen_len;
    if (end > budget)
        end = budget;
    int runnable[512], nrun = 0;
    for (int i = 0; i < fuzz_ncalls; i++)
        if (fuzz_calls[i].policy != FP_EXCLUDED)
            runnable[nrun++] = i;
    slot->state = SLOT_RUNNING;
    while (slot->done < end) {
        const struct fuzz_call *c = &fuzz_calls[runnable[rng_below(&w.rng, (uint64_t)nrun)]];
        uint64_t a[6] = {0};
        gen_refresh(&w);
        for (int i = 0; i < c->nargs; i++)
            a[i] = gen_arg(&w, c, i);
        gen_fixup(&w, c, a);
        gen_mq_name(&w, c, a);
        struct fuzz_rec *r = &slot->ring[slot->ring_pos % FUZZ_RING];
        r->call = (uint32_t)(c - fuzz_calls);
        r->seq = slot->done;
        r->done = 0;
        memcpy(r->arg, a, sizeof a);
        slot->ring_pos++;
        if (cfg->trace)
            trace(r, id);
        long ret = raw_syscall(c->nr, a, c->policy == FP_FORK);
        r->ret = ret;
        r->done = 1;
        if (c->policy == FP_RESTORE)
            restore_state();
        if (ret < 0 && ret >= -4095)
            slot->per_errno[-ret < FUZZ_ERRNO_MAX ? -ret : FUZZ_ERRNO_MAX]++;
        else
            slot->per_errno[0]++;
        slot->per_call[r->call]++;
        if (c->policy == FP_FORK && ret > 0)
            w.child = (pid_t)ret;
        if (ret > 2 && ret < 1024 && ret > w.maxfd && fcntl((int)ret, F_GETFD) >= 0)
            w.maxfd = (int)ret; /* a new descriptor, most likely */
        if (strcmp(c->name, "close") == 0 && ret == 0)
            w.closed_fd = (int)a[0];
        slot->done++;
    }
    slot->state = slot->done >= budget ? SLOT_ALL_DONE : SLOT_GEN_DONE;
    for (;;)
        pause(); /* the parent's SIGKILL ends the generation */
}
