/*
 * tests/user/binderleak.c: nothing binder takes stays taken (pagelab only:
 * it reads pagelab's /proc/binder/stats).
 *
 *     binderleak PROGRAM [ARGS...]
 *
 * Runs PROGRAM (tests/user/binder.c: every path of the protocol, failures,
 * deaths and killed processes included) three times.  After each run --
 * when every process it made has exited -- the binder objects of every
 * kind (procs, threads, nodes, refs, death notices, transactions) are as
 * many as before it, no buffer is left in use, and once the kernel's caches
 * are dropped (drop_caches 3, which also gives back unused binder frames)
 * no frame is held; and MemFree after the third run equals MemFree after
 * the first (the first warms the page cache and the slabs).
 *
 * Then it checks the frames of a receive area directly: a 64 KiB call
 * takes frames in the receiver's area on first use (zero-filled); freed,
 * they stay as unused frames; drop_caches 2 gives them back (MemFree grows
 * by as many pages, the receiver's page faults SIGBUS there again), and the
 * next call gets new ones.
 */
#define _GNU_SOURCE
#include <setjmp.h>

#include "binder_raw.h"
#include "check.h"

#define KINDS 7
static const char *const kinds[KINDS] = {
    "proc", "thread", "node", "ref", "death", "transaction", "transaction_complete",
};

struct snapshot {
    long active[KINDS];
    long frames_in_use, frames_unused, reclaimed;
    long buffers;  /* buffers in use, all procs */
    long mem_free; /* kB */
};

static char *read_file(const char *path)
{
    static char buf[16384];
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    ssize_t n = 0, r;
    while (n < (ssize_t)sizeof buf - 1 && (r = read(fd, buf + n, sizeof buf - 1 - n)) > 0)
        n += r;
    close(fd);
    buf[n] = 0;
    return buf;
}

static void drop_caches(const char *what)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd < 0 || write(fd, what, strlen(what)) < 0)
        printf("FAIL drop_caches: %s\n", strerror(errno));
    if (fd >= 0)
        close(fd);
}

static int snap(struct snapshot *s)
{
    memset(s, 0, sizeof *s);
    char *t = read_file("/proc/binder/stats");
    if (!t)
        return 0;
    for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
        for (int k = 0; k < KINDS; k++) {
            char fmt[64];
            snprintf(fmt, sizeof fmt, "%s: active %%ld", kinds[k]);
            sscanf(line, fmt, &s->active[k]);
        }
        sscanf(line, "frames: in_use %ld unused %ld reclaimed %ld", &s->frames_in_use,
               &s->frames_unused, &s->reclaimed);
        long b;
        if (sscanf(line, "  buffers: %ld", &b) == 1)
            s->buffers += b;
    }
    t = read_file("/proc/meminfo");
    char *m = t ? strstr(t, "MemFree:") : NULL;
    if (m)
        sscanf(m, "MemFree: %ld", &s->mem_free);
    return 1;
}

static int run(char **argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1); /* its own ok/FAIL lines are the other test's */
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return st;
}

static void compare(const char *when, const struct snapshot *a, const struct snapshot *b)
{
    char name[96], detail[128];
    for (int k = 0; k < KINDS; k++) {
        snprintf(name, sizeof name, "%s_every_%s_freed", when, kinds[k]);
        snprintf(detail, sizeof detail, "active %ld before, %ld after", a->active[k],
                 b->active[k]);
        check(name, a->active[k] == b->active[k], detail);
    }
    snprintf(name, sizeof name, "%s_no_buffer_left", when);
    snprintf(detail, sizeof detail, "%ld buffers in use before, %ld after", a->buffers, b->buffers);
    check(name, a->buffers == b->buffers, detail);
    snprintf(name, sizeof name, "%s_no_frame_left", when);
    snprintf(detail, sizeof detail, "frames in use %ld/%ld unused %ld/%ld", a->frames_in_use,
             b->frames_in_use, a->frames_unused, b->frames_unused);
    check(name, a->frames_in_use == b->frames_in_use && b->frames_unused == 0, detail);
}

static void leak_check(char **argv)
{
    struct snapshot s0, s1, s2;
    drop_caches("3");
    if (!snap(&s0)) {
        CHECK("proc_binder_stats_readable", 0);
        return;
    }
    int st = run(argv);
    CHECK("workload_1_passes", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    drop_caches("3");
    snap(&s1);
    compare("run_1", &s0, &s1);
    for (int i = 2; i <= 3; i++) {
        st = run(argv);
        char name[32];
        snprintf(name, sizeof name, "workload_%d_passes", i);
        CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    drop_caches("3");
    snap(&s2);
    compare("runs_2_3", &s1, &s2);
    char detail[96];
    snprintf(detail, sizeof detail, "MemFree %ld kB after run 1, %ld kB after run 3", s1.mem_free,
             s2.mem_free);
    check("memfree_back_after_runs", s2.mem_free == s1.mem_free, detail);
}

/* ---- the frames of one receive area ------------------------------------------------ */

static sigjmp_buf jump;
static void on_signal(int sig) { siglongjmp(jump, sig); }

/* The manager: takes a 64 KiB call, replies, and after the parent dropped
   the caches, touches the freed buffer (SIGBUS expected); then serves. */
static void area_manager(int ctl_in, int ctl_out)
{
    struct bproc b;
    bopen(&b);
    if (become_manager(&b, 0))
        _exit(1);
    bcmd(&b, BC_ENTER_LOOPER);
    if (write(ctl_out, "r", 1) != 1)
        _exit(1);
    struct ret r;
    bnext_skip(&b, &r);
    volatile const uint8_t *at = (const uint8_t *)(uintptr_t)r.tr.data.ptr.buffer;
    int before = at[0]; /* maps the page now: the reclaim must unmap it */
    reply_with(&b, &r, 0, NULL, 0, NULL, 0);
    expect(&b, BR_TRANSACTION_COMPLETE, NULL);
    char c;
    if (write(ctl_out, "f", 1) != 1 || read(ctl_in, &c, 1) != 1) /* the parent drops */
        _exit(1);
    signal(SIGBUS, on_signal);
    int sig = sigsetjmp(jump, 1);
    if (sig == 0)
        (void)at[0];
    c = sig == SIGBUS && before == 9 ? 'b' : 'n';
    if (write(ctl_out, &c, 1) != 1)
        _exit(1);
    for (;;) {
        if (bnext_skip(&b, &r))
            _exit(1);
        if (r.cmd == BR_TRANSACTION) {
            reply_with(&b, &r, 0, NULL, 0, NULL, 0);
            if (r.tr.code == 99)
                _exit(0);
        }
    }
}

static void frames_check(void)
{
    int to_child[2], to_parent[2];
    if (pipe(to_child) || pipe(to_parent))
        return;
    pid_t pid = fork();
    if (pid == 0)
        area_manager(to_child[0], to_parent[1]);
    char c;
    if (read(to_parent[0], &c, 1) != 1)
        return;
    struct snapshot a, b, d;
    snap(&a);
    struct bproc cl;
    bopen(&cl);
    static uint8_t msg[64 << 10];
    memset(msg, 9, sizeof msg);
    struct ret r;
    CHECK("call_64k", call(&cl, 0, 1, 0, msg, sizeof msg, NULL, 0, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&cl, &r);
    if (read(to_parent[0], &c, 1) != 1)
        return;
    snap(&b);
    long taken = b.frames_in_use + b.frames_unused - a.frames_in_use - a.frames_unused;
    char detail[128];
    snprintf(detail, sizeof detail, "%ld frames taken", taken);
    check("frames_taken_on_first_use", taken >= 16 && taken <= 18, detail);
    snprintf(detail, sizeof detail, "%ld unused frames before, %ld after the free", a.frames_unused,
             b.frames_unused);
    check("freed_buffer_frames_stay_unused", b.frames_unused >= a.frames_unused + 16, detail);
    drop_caches("2");
    snap(&d);
    snprintf(detail, sizeof detail, "%ld unused after drop_caches, %ld reclaimed (%ld before)",
             d.frames_unused, d.reclaimed, b.reclaimed);
    check("drop_caches_gives_unused_frames_back",
          d.frames_unused == 0 && d.reclaimed - b.reclaimed == b.frames_unused, detail);
    snprintf(detail, sizeof detail, "MemFree %ld kB -> %ld kB for %ld frames", b.mem_free,
             d.mem_free, b.frames_unused);
    check("memfree_grows_by_the_frames", d.mem_free - b.mem_free >= b.frames_unused * 4, detail);
    if (write(to_child[1], "d", 1) != 1 || read(to_parent[0], &c, 1) != 1)
        return;
    check("reclaimed_page_is_sigbus_for_the_receiver", c == 'b', "the receiver could still read it");
    CHECK("next_call_gets_new_frames",
          call(&cl, 0, 1, 0, msg, sizeof msg, NULL, 0, &r) == 0 && r.cmd == BR_REPLY);
    free_buffer(&cl, &r);
    call(&cl, 0, 99, 0, NULL, 0, NULL, 0, &r);
    int st;
    waitpid(pid, &st, 0);
    bclose(&cl);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        fprintf(stderr, "usage: binderleak PROGRAM [ARGS...]\n");
        return 2;
    }
    frames_check();
    leak_check(argv + 1);
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
