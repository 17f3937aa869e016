/*
 * user/sysfuzz/main.c: sysfuzz, a system-call fuzzer in the manner of
 * trinity: workers issue calls from the kernel's whole table with typed,
 * hostile arguments (worker.c, gen.c); the parent restarts a worker that
 * dies, kills each at the end of its generation (and one that stalls), and
 * then prints calls per second, an errno histogram and the kernel's
 * counts before and after (tools/fuzz compares them).
 *
 *   sysfuzz [--calls N] [--seed S] [--workers W] [--gen N] [--trace] [--stall SECONDS]
 */
#include "sysfuzz.h"
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 16
/* Linux's __WALL: a worker's clone(CLONE_PARENT) child with another exit
   signal than SIGCHLD is ours to reap too. */
#define WALL_CHILDREN 0x40000000

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static void usage(void)
{
    fprintf(stderr, "usage: sysfuzz [--calls N] [--seed S] [--workers W] [--gen N] [--trace] "
                    "[--stall SECONDS]\n");
    exit(2);
}

/* ---- the kernel's counts, from /proc ---- */

struct counts {
    long free_kb, heap_objects, heap_bytes, files, procs;
};

/* The start of a small file (one read, as /proc files answer), ended by a
   0; its length, or -1 if it could not be opened or read. */
static ssize_t read_text(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;
    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

static long proc_value(const char *path, const char *key)
{
    char buf[2048];
    if (read_text(path, buf, sizeof buf) <= 0)
        return -1;
    if (!key)
        return strtol(buf, NULL, 10);
    size_t klen = strlen(key);
    for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p)
        if (strncmp(p, key, klen) == 0)
            return strtol(p + klen, NULL, 10);
    return -1;
}

static int count_procs(void)
{
    DIR *d = opendir("/proc");
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] >= '1' && e->d_name[0] <= '9';
    if (d)
        closedir(d);
    return n;
}

/* Calls fn with each process's pid and its /proc/PID/stat line (empty if
   it could not be read); returns the sum of what fn returned. */
static int each_process(int (*fn)(pid_t pid, const char *stat))
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int sum = 0;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char path[300], line[256];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        read_text(path, line, sizeof line);
        sum += fn((pid_t)atoi(e->d_name), line);
    }
    if (d)
        closedir(d);
    return sum;
}

static int print_process(pid_t pid, const char *stat)
{
    (void)pid;
    size_t n = strlen(stat);
    printf("sysfuzz: process: %s%s", stat, n && stat[n - 1] == '\n' ? "" : "\n");
    return 0;
}

/* The processes there are, for a report of those left behind. */
static void list_procs(void) { each_process(print_process); }

/* SIGKILL to pid if its parent is this process (field 4 of its stat line). */
static int kill_if_child(pid_t pid, const char *stat)
{
    const char *end = strrchr(stat, ')'); /* the name may hold spaces and parentheses */
    char state;
    int ppid;
    if (!end || sscanf(end + 1, " %c %d", &state, &ppid) != 2 || ppid != getpid())
        return 0;
    kill(pid, SIGKILL);
    return 1;
}

/* Sends SIGKILL to every process whose parent is this one, once the
   workers are gone; returns how many there were. */
static int kill_children(void) { return each_process(kill_if_child); }

/* How a stalled worker's threads are (where each sleeps in the kernel and
   in which call, state, pending and blocked signals, its kernel stack):
   asleep in a call, or stopped, say. */
static void print_task_state(pid_t pid)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9')
            continue;
        char path[330], text[2048], wchan[64], call[192];
        snprintf(path, sizeof path, "%s/%s/wchan", dir, e->d_name);
        if (read_text(path, wchan, sizeof wchan) <= 0)
            strcpy(wchan, "?");
        snprintf(path, sizeof path, "%s/%s/syscall", dir, e->d_name);
        if (read_text(path, call, sizeof call) <= 0)
            strcpy(call, "?");
        call[strcspn(call, "\n")] = 0;
        printf("  task %s: wchan %s, syscall %s,", e->d_name, wchan, call);
        snprintf(path, sizeof path, "%s/%s/status", dir, e->d_name);
        read_text(path, text, sizeof text);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
            if (!strncmp(line, "State:", 6) || !strncmp(line, "SigPnd:", 7) ||
                !strncmp(line, "ShdPnd:", 7) || !strncmp(line, "SigBlk:", 7))
                printf(" %s", line);
        printf("\n");
        snprintf(path, sizeof path, "%s/%s/stack", dir, e->d_name);
        if (read_text(path, text, sizeof text) > 0)
            for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
                printf("    %s\n", line);
    }
    if (d)
        closedir(d);
}

static void drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd >= 0) {
        write(fd, "3\n", 2);
        close(fd);
    }
}

static void take_counts(struct counts *c)
{
    sync();
    drop_caches();
    c->free_kb = proc_value("/proc/meminfo", "MemFree:");
    c->heap_objects = proc_value("/proc/kmallocinfo", "objects ");
    c->heap_bytes = proc_value("/proc/kmallocinfo", "bytes ");
    c->files = proc_value("/proc/sys/fs/file-nr", NULL);
    c->procs = count_procs();
}

static void print_counts(const char *when, const struct counts *c)
{
    printf("sysfuzz: %s: free_kb %ld heap_objects %ld heap_bytes %ld files %ld procs %ld\n", when,
           c->free_kb, c->heap_objects, c->heap_bytes, c->files, c->procs);
}

/* ---- cleaning up what the workers left: files, IPC objects, queues ---- */

/* Removes name (relative to the current directory) and all below it.  It
   walks down with chdir, so that no path grows past PATH_MAX: workers make
   directories of 255-byte names inside each other. */
void remove_tree(const char *name)
{
    struct stat st;
    if (lstat(name, &st) < 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(name);
        return;
    }
    chmod(name, 0700);
    if (chdir(name) < 0)
        return;
    for (int pass = 0; pass < 2; pass++) { /* readdir may skip what is removed meanwhile */
        DIR *d = opendir(".");
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                remove_tree(e->d_name);
        if (d)
            closedir(d);
    }
    if (chdir("..") == 0)
        rmdir(name);
}

/* The ids of /proc/sysvipc/KIND (second column). */
static int ipc_ids(const char *kind, int *ids, int max)
{
    static char buf[1 << 16]; /* a line of ~170 bytes per object */
    char path[64];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", kind);
    int fd = open(path, O_RDONLY), n = 0;
    if (fd < 0)
        return 0;
    ssize_t len = 0, r;
    while (len < (ssize_t)sizeof buf - 1 && (r = read(fd, buf + len, sizeof buf - 1 - (size_t)len)) > 0)
        len += r;
    close(fd);
    buf[len > 0 ? len : 0] = 0;
    char *line = strchr(buf, '\n'); /* the header */
    while (line && *++line && n < max) {
        char *p = line;
        strtol(p, &p, 10);
        ids[n++] = (int)strtol(p, NULL, 10);
        line = strchr(line, '\n');
    }
    return n;
}

static const char *const ipc_kinds[] = {"shm", "msg", "sem"};
static int ipc_before[3][256], ipc_nbefore[3];

static void ipc_remember(void)
{
    for (int k = 0; k < 3; k++)
        ipc_nbefore[k] = ipc_ids(ipc_kinds[k], ipc_before[k], 256);
}

static void ipc_remove_new(void)
{
    static const int ctl[3] = {SYS_shmctl, SYS_msgctl, SYS_semctl};
    for (int k = 0; k < 3; k++) {
        int ids[256], n = ipc_ids(ipc_kinds[k], ids, 256);
        for (int i = 0; i < n; i++) {
            int old = 0;
            for (int j = 0; j < ipc_nbefore[k]; j++)
                old |= ipc_before[k][j] == ids[i];
            if (!old)
            {
                if (k == 2)
                    syscall(ctl[k], ids[i], 0, 0 /* IPC_RMID */, 0);
                else
                    syscall(ctl[k], ids[i], 0 /* IPC_RMID */, 0);
            }
        }
    }
}

static void cleanup(void)
{
    if (chdir("/tmp") == 0)
        remove_tree("sysfuzz");
    chdir("/");
    ipc_remove_new();
    const char *const *names;
    for (int i = fuzz_mq_names(&names) - 1; i >= 0; i--)
        syscall(SYS_mq_unlink, names[i]); /* the very string the workers passed */
}

/* ---- the workers ---- */

struct worker {
    pid_t pid; /* also its process group (worker.c: setpgid(0, 0)) */
    uint32_t gen;
    uint64_t last_done, last_progress_ms;
    int killed; /* by us: at its generation's end or for stalling */
};

static struct fuzz_config cfg = {.seed = 1, .calls = 10000, .workers = 4, .gen_len = 1000, .stall_s = 10};
static struct fuzz_slot *slots;
static struct worker workers[MAX_WORKERS];
static uint64_t deaths_by_signal[65], restarts, stalls;
static int trouble;

/* A signal the parent got (a worker's kill should never reach it): counted
   and reported with its sender, not obeyed, so that the run goes on. */
static volatile uint64_t stray_signals;
static volatile int stray_last_sig, stray_last_pid;

static void on_stray_signal(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    stray_signals++;
    stray_last_sig = sig;
    stray_last_pid = info ? info->si_pid : 0;
}

static void catch_stray_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_stray_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    for (int sig = 1; sig < 65; sig++)
        if (sig != SIGKILL && sig != SIGSTOP && sig != SIGCHLD && sig != SIGINT && sig != SIGTERM &&
            sig != SIGSEGV && sig != SIGBUS && sig != SIGILL)
            sigaction(sig, &sa, NULL);
}

static void print_last_calls(int id)
{
    struct fuzz_slot *s = &slots[id];
    uint32_t pos = s->ring_pos;
    uint32_t first = pos > FUZZ_RING ? pos - FUZZ_RING : 0;
    printf("sysfuzz: worker %d's last calls:\n", id);
    for (uint32_t i = first; i < pos; i++) {
        char line[320];
        fuzz_format_rec(&s->ring[i % FUZZ_RING], line, sizeof line);
        printf("  %s\n", line);
    }
}

static void start_worker(int id)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        worker_run(&cfg, id, workers[id].gen, &slots[id]);
    workers[id].pid = pid;
    workers[id].killed = 0;
    workers[id].last_done = slots[id].done;
    workers[id].last_progress_ms = now_ms();
    if (pid < 0) {
        printf("sysfuzz: TROUBLE: fork of worker %d failed\n", id);
        trouble = 1;
    }
}

/* A worker's end: its whole group, so that children it stopped, or that
   were stopped with it, go too. */
static void kill_worker(struct worker *w)
{
    kill(-w->pid, SIGKILL);
    kill(w->pid, SIGKILL);
    w->killed = 1;
}

static int worker_of(pid_t pid)
{
    for (int i = 0; i < cfg.workers; i++)
        if (workers[i].pid == pid)
            return i;
    return -1;
}

static uint64_t budget_of(int id)
{
    return cfg.calls / (uint64_t)cfg.workers + ((uint64_t)id < cfg.calls % (uint64_t)cfg.workers);
}

/* One pass of the parent's loop: reap, restart, kill at generation end, catch stalls. */
static int supervise(void)
{
    int status, running = 0;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG | WUNTRACED | WALL_CHILDREN)) > 0) {
        int id = worker_of(pid);
        if (id < 0) { /* a CLONE_PARENT child of a worker, or an orphan we adopted */
            if (WIFSTOPPED(status))
                kill(pid, SIGKILL); /* nobody else would ever continue it */
            continue;               /* else reaped */
        }
        if (WIFSTOPPED(status)) { /* it sent itself SIGSTOP: end the generation */
            kill_worker(&workers[id]);
            continue;
        }
        if (WIFSIGNALED(status) && !workers[id].killed)
            deaths_by_signal[WTERMSIG(status) & 63]++;
        workers[id].pid = 0;
        slots[id].state = 0;
        if (slots[id].done < budget_of(id) && !trouble) {
            workers[id].gen++;
            restarts++;
            start_worker(id);
        }
    }
    uint64_t t = now_ms();
    for (int id = 0; id < cfg.workers; id++) {
        struct worker *w = &workers[id];
        if (!w->pid)
            continue;
        running++;
        if ((slots[id].state == SLOT_GEN_DONE || slots[id].state == SLOT_ALL_DONE) && !w->killed) {
            kill_worker(w);
            w->last_progress_ms = t;
            continue;
        }
        if (slots[id].done != w->last_done) {
            w->last_done = slots[id].done;
            w->last_progress_ms = t;
        } else if (t - w->last_progress_ms > (uint64_t)cfg.stall_s * 1000) {
            if (!w->killed) {
                printf("sysfuzz: worker %d (pid %d) made no call for %d s: killing it\n", id, w->pid,
                       cfg.stall_s);
                print_last_calls(id);
                print_task_state(w->pid);
                stalls++;
                kill_worker(w);
                w->last_progress_ms = t;
            } else {
                printf("sysfuzz: TROUBLE: worker %d (pid %d) still alive %d s after SIGKILL\n", id,
                       w->pid, cfg.stall_s);
                print_last_calls(id);
                trouble = 1;
                w->pid = 0; /* cannot reap it: leave it */
            }
        }
    }
    return running;
}

static void report(uint64_t ms)
{
    uint64_t total = 0, per_errno[FUZZ_ERRNO_MAX + 1] = {0};
    for (int id = 0; id < cfg.workers; id++) {
        total += slots[id].done;
        for (int e = 0; e <= FUZZ_ERRNO_MAX; e++)
            per_errno[e] += slots[id].per_errno[e];
    }
    printf("sysfuzz: %lu calls in %lu.%03lu s: %lu calls/s; %lu restarts, %lu stalls\n",
           (unsigned long)total, (unsigned long)(ms / 1000), (unsigned long)(ms % 1000),
           (unsigned long)(ms ? total * 1000 / ms : 0), (unsigned long)restarts, (unsigned long)stalls);
    printf("sysfuzz: workers that died of a signal:");
    for (int s = 1; s < 65; s++)
        if (deaths_by_signal[s])
            printf(" signal%d %lu", s, (unsigned long)deaths_by_signal[s]);
    printf("\nsysfuzz: results: ok %lu", (unsigned long)per_errno[0]);
    for (int e = 1; e < FUZZ_ERRNO_MAX; e++)
        if (per_errno[e]) {
            const char *n = fuzz_errno_name(e);
            if (n)
                printf(" %s %lu", n, (unsigned long)per_errno[e]);
            else
                printf(" errno%d %lu", e, (unsigned long)per_errno[e]);
        }
    if (per_errno[FUZZ_ERRNO_MAX])
        printf(" other %lu", (unsigned long)per_errno[FUZZ_ERRNO_MAX]);
    printf("\n");
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--trace") == 0) {
            cfg.trace = 1;
            continue;
        }
        if (!v)
            usage();
        i++;
        if (strcmp(a, "--calls") == 0)
            cfg.calls = strtoull(v, NULL, 0);
        else if (strcmp(a, "--seed") == 0)
            cfg.seed = strtoull(v, NULL, 0);
        else if (strcmp(a, "--workers") == 0)
            cfg.workers = atoi(v);
        else if (strcmp(a, "--gen") == 0)
            cfg.gen_len = strtoull(v, NULL, 0);
        else if (strcmp(a, "--stall") == 0)
            cfg.stall_s = atoi(v);
        else
            usage();
    }
    if (cfg.workers < 1 || cfg.workers > MAX_WORKERS || cfg.gen_len < 1 || cfg.stall_s < 1)
        usage();
    fuzz_calls_init();
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("sysfuzz: seed %lu, %lu calls, %d workers, %lu calls a generation; %d calls in the table",
           (unsigned long)cfg.seed, (unsigned long)cfg.calls, cfg.workers, (unsigned long)cfg.gen_len,
           fuzz_ncalls);
    for (int i = 0; i < fuzz_ncalls; i++)
        if (fuzz_calls[i].policy == FP_EXCLUDED)
            printf("; %s excluded (%s)", fuzz_calls[i].name, fuzz_excluded_reason(fuzz_calls[i].nr));
    printf("\n");

    slots = mmap(NULL, sizeof(struct fuzz_slot) * (size_t)cfg.workers, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (slots == MAP_FAILED) {
        perror("sysfuzz: mmap");
        return 1;
    }
    memset(slots, 0, sizeof(struct fuzz_slot) * (size_t)cfg.workers);
    ipc_remember(); /* the IPC objects that exist now are not ours */
    cleanup();      /* what an earlier run killed half-way may have left */
    strays_remember();
    struct counts before, after;
    take_counts(&before);
    print_counts("before", &before);

    /* What a worker's children leave when the worker dies comes back to us,
       not to init: we can end it (a stopped child nobody would continue). */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    uint64_t t0 = now_ms();
    for (int id = 0; id < cfg.workers; id++)
        start_worker(id);
    catch_stray_signals(); /* after the forks: workers start with the defaults */
    while (supervise() > 0)
        sleep_ms(20);
    uint64_t ms = now_ms() - t0;
    /* The orphans of workers' children came to us (PR_SET_CHILD_SUBREAPER
       below): none may outlive the run, stopped or asleep. */
    for (int i = 0; i < 100 && kill_children() > 0; i++) {
        while (waitpid(-1, NULL, WNOHANG | WALL_CHILDREN) > 0)
            ;
        sleep_ms(20);
    }
    while (waitpid(-1, NULL, WNOHANG | WALL_CHILDREN) > 0) /* stray CLONE_PARENT children */
        ;
    report(ms);
    if (stray_signals)
        printf("sysfuzz: the parent got %lu signal(s) it never asked for; the last: signal %d from pid %d\n",
               (unsigned long)stray_signals, stray_last_sig, stray_last_pid);

    cleanup();
    strays_remove(remove_tree);
    /* What was killed last may take a moment to be gone. */
    for (int i = 0; i < 100; i++) {
        take_counts(&after);
        if (after.procs <= before.procs && after.files <= before.files)
            break;
        sleep_ms(100);
    }
    take_counts(&after);
    print_counts("after", &after);
    if (after.procs > before.procs)
        list_procs();
    if (trouble)
        printf("sysfuzz: TROUBLE: reproduce with: sysfuzz --calls %lu --seed %lu --workers %d --gen %lu\n",
               (unsigned long)cfg.calls, (unsigned long)cfg.seed, cfg.workers, (unsigned long)cfg.gen_len);
    return trouble ? 1 : 0;
}
