/*
 * user/sysfuzz/gen.c: one generator per argument kind of
 * kernel/syscall/table.h.  Each mixes values that are valid with the
 * edges a hostile program tries: descriptors open, closed, of the wrong
 * kind or out of range; user pointers NULL, unmapped, read-only, into the
 * kernel, non-canonical, misaligned or straddling the end of a mapping;
 * sizes 0, 1, at page boundaries and huge; flags with random bits.  All
 * randomness comes from the worker's rng, so a seed replays a run.
 */
#include "sysfuzz.h"
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGE 4096ul

uint64_t rng_mix(uint64_t a, uint64_t b)
{
    /* splitmix64 of the pair: well spread even for seeds 1, 2, 3 */
    uint64_t z = a + 0x9e3779b97f4a7c15ull * (b + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

uint64_t rng_next(struct rng *r)
{
    r->s += 0x9e3779b97f4a7c15ull;
    return rng_mix(r->s, 0);
}

uint64_t rng_below(struct rng *r, uint64_t n) { return n ? rng_next(r) % n : 0; }

static int one_in(struct worker_ctx *w, int n) { return rng_below(&w->rng, (uint64_t)n) == 0; }

/* The sandbox's names (relative to the worker's directory /tmp/sysfuzz/wN):
   existing or not, files and directories, too long, empty, and "d0/.."
   (the worker's directory itself: renaming or removing it must fail). */
static const char *const names[] = {
    "f0", "f1", "f2", "d0", "d0/f0", "d0/d1", "d0/d1/f3", "s0", "p0", "", "f0/", "./f1",
    "d0/..", "nonexistent/f", "d0/f0/x", ".",
};

/* A word for memory the kernel reads as a struct: zero, a small number,
   a pointer into the area (iovecs, sigactions and timespecs then point
   somewhere real) or anything. */
static uint64_t struct_word(struct worker_ctx *w)
{
    switch (rng_below(&w->rng, 5)) {
    case 0: return 0;
    case 1: return rng_below(&w->rng, 64);
    case 2: return rng_below(&w->rng, 2 * PAGE);
    case 3: return (uint64_t)(w->area + rng_below(&w->rng, AREA_RW_PAGES * PAGE - 64));
    default: return rng_next(&w->rng);
    }
}

/* The area: AREA_RW_PAGES read-write pages, then a read-only one, then a
   PROT_NONE one, so that a buffer at the end of the read-write part
   straddles into memory the kernel may not write or read. */
void gen_init_area(struct worker_ctx *w)
{
    size_t len = (AREA_RW_PAGES + 2) * PAGE;
    w->area = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    w->zone = mmap(NULL, ZONE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (w->area == MAP_FAILED || w->zone == MAP_FAILED)
        _exit(3);
    uint64_t *words = (uint64_t *)w->area;
    for (size_t i = 0; i < (AREA_RW_PAGES + 1) * PAGE / 8; i++)
        words[i] = struct_word(w);
    mprotect(w->area + AREA_RW_PAGES * PAGE, PAGE, PROT_READ);
    mprotect(w->area + (AREA_RW_PAGES + 1) * PAGE, PAGE, PROT_NONE);
}

/* Changes a few words of the area before each call. */
void gen_refresh(struct worker_ctx *w)
{
    uint64_t *words = (uint64_t *)w->area;
    for (int i = 0; i < 8; i++)
        words[rng_below(&w->rng, AREA_RW_PAGES * PAGE / 8)] = struct_word(w);
}

static uint64_t small_int(struct worker_ctx *w)
{
    static const int64_t edges[] = {0, 1, -1, 2, 3, 4, 8, 16, 64, 127, 128, 255, 256, 1024, 4096,
                                    0x7fffffff, -0x7fffffffl - 1, 0xffff, 0x10000};
    if (one_in(w, 2))
        return (uint64_t)edges[rng_below(&w->rng, sizeof edges / sizeof edges[0])];
    return rng_below(&w->rng, 32);
}

static uint64_t gen_fd(struct worker_ctx *w)
{
    int fd;
    switch (rng_below(&w->rng, 10)) {
    case 0: case 1: case 2: case 3: case 4:
        fd = w->nsetup ? w->setup_fd[rng_below(&w->rng, (uint64_t)w->nsetup)] : 0;
        break;
    case 5: case 6:
        fd = (int)rng_below(&w->rng, (uint64_t)w->maxfd + 2);
        break;
    case 7:
        fd = w->closed_fd;
        break;
    default: {
        static const int bad[] = {-1, -100, 1023, 1024, 4096, 0x7fffffff, -0x7fffffff - 1, 1 << 20};
        fd = bad[rng_below(&w->rng, sizeof bad / sizeof bad[0])];
    }
    }
    /* fd 2 stays the console, for --trace and the worker's last words */
    return (uint64_t)(int64_t)(fd == 2 ? 0 : fd);
}

static uint64_t gen_flags(struct worker_ctx *w)
{
    switch (rng_below(&w->rng, 4)) {
    case 0: return 0;
    case 1: return 1ull << rng_below(&w->rng, 32);
    case 2: return (rng_next(&w->rng) & rng_next(&w->rng) & rng_next(&w->rng)) & 0xffffffff;
    default: return rng_next(&w->rng) & 0xffffffff;
    }
}

static uint64_t gen_size(struct worker_ctx *w)
{
    static const uint64_t edges[] = {0, 1, 2, 7, 8, 16, 64, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE,
                                     AREA_RW_PAGES * PAGE, 0x7fffffff, 0x80000000, 0xffffffff,
                                     1ull << 40, 1ull << 62, ~0ull, ~0ull - PAGE + 1};
    if (one_in(w, 2))
        return edges[rng_below(&w->rng, sizeof edges / sizeof edges[0])];
    return rng_below(&w->rng, one_in(w, 2) ? 256 : AREA_RW_PAGES * PAGE);
}

/* A user pointer: into the read-write area mostly, else one of the edges. */
static uint64_t gen_ptr(struct worker_ctx *w)
{
    uint64_t rw = AREA_RW_PAGES * PAGE;
    switch (rng_below(&w->rng, 16)) {
    case 0: return 0;
    case 1: return (uint64_t)w->area + rw - 1 - rng_below(&w->rng, 16); /* straddles into read-only */
    case 2: return (uint64_t)w->area + rw + rng_below(&w->rng, PAGE);  /* read-only */
    case 3: return (uint64_t)w->area + rw + PAGE + rng_below(&w->rng, PAGE); /* PROT_NONE */
    case 4: return 0xffffffff80000000ull + rng_below(&w->rng, 1 << 24) * 8; /* kernel text */
    case 5: return 0xffff800000000000ull + rng_below(&w->rng, 1ull << 30); /* kernel direct map */
    case 6: return 0x0000800000000000ull - 8 + rng_below(&w->rng, 16); /* the canonical edge */
    case 7: return (uint64_t)w->zone + rng_below(&w->rng, ZONE_PAGES * PAGE);
    case 8: return rng_next(&w->rng);
    case 9: return (uint64_t)w->area + 1 + 8 * rng_below(&w->rng, rw / 8 - 1); /* misaligned */
    default: return (uint64_t)w->area + 8 * rng_below(&w->rng, rw / 8 - 64);
    }
}

/* A C string in the area: a sandbox name, at a random place, sometimes
   ending exactly at the read-only page (still valid) or a long one. */
static uint64_t gen_str(struct worker_ctx *w)
{
    if (one_in(w, 8))
        return gen_ptr(w);
    char *s;
    size_t len;
    if (one_in(w, 16)) {
        len = one_in(w, 2) ? 255 : 300 + rng_below(&w->rng, 5000); /* NAME_MAX, past PATH_MAX */
        s = (char *)w->area + PAGE;
        memset(s, 'a', len);
    } else {
        const char *n = names[rng_below(&w->rng, sizeof names / sizeof names[0])];
        len = strlen(n);
        if (one_in(w, 4))
            s = (char *)w->area + AREA_RW_PAGES * PAGE - len - 1;
        else
            s = (char *)w->area + 64 * rng_below(&w->rng, AREA_RW_PAGES * 64 - 128) + PAGE / 2;
        memcpy(s, n, len);
    }
    s[len] = 0;
    return (uint64_t)s;
}

/* A NULL-ended array of strings (or a bad pointer). */
static uint64_t gen_strv(struct worker_ctx *w)
{
    if (one_in(w, 4))
        return gen_ptr(w);
    uint64_t *v = (uint64_t *)(w->area + 8 * rng_below(&w->rng, 64));
    int n = (int)rng_below(&w->rng, 4);
    for (int i = 0; i < n; i++)
        v[i] = one_in(w, 8) ? gen_ptr(w) : gen_str(w);
    v[n] = one_in(w, 8) ? rng_next(&w->rng) : 0; /* sometimes not ended */
    return (uint64_t)v;
}

static uint64_t gen_pid(struct worker_ctx *w)
{
    switch (rng_below(&w->rng, 6)) {
    case 0: return 0;
    case 1: return (uint64_t)(int64_t)w->self;
    case 2: return (uint64_t)(int64_t)(w->child ? w->child : w->self);
    case 3: return (uint64_t)(int64_t)-w->self; /* its own process group */
    case 4: return 0x3fffffff;                 /* nobody */
    default: return (uint64_t)(-0x7fffffffl - 1);
    }
}

uint64_t gen_arg(struct worker_ctx *w, const struct fuzz_call *c, int i)
{
    switch (c->kind[i]) {
    case FK_FD: return gen_fd(w);
    case FK_DIRFD: return one_in(w, 3) ? (uint64_t)(int64_t)AT_FDCWD : gen_fd(w);
    case FK_INT: case FK_UINT: return small_int(w);
    case FK_SIG: return one_in(w, 16) ? small_int(w) : rng_below(&w->rng, 66);
    case FK_PID: return gen_pid(w);
    case FK_FLAGS: case FK_OFLAGS: case FK_PROT: case FK_MFLAGS: return gen_flags(w);
    case FK_MODE: return one_in(w, 4) ? rng_next(&w->rng) & 0xffff : rng_below(&w->rng, 07777);
    case FK_LONG: case FK_OFF:
        return one_in(w, 2) ? small_int(w) : one_in(w, 2) ? gen_size(w) : PAGE * rng_below(&w->rng, 64);
    case FK_SIZE: return gen_size(w);
    case FK_ULONG: case FK_HEX: return one_in(w, 2) ? small_int(w) : one_in(w, 2) ? gen_flags(w) : rng_next(&w->rng);
    case FK_PTR: case FK_BUF_IN: case FK_BUF_OUT: return gen_ptr(w);
    case FK_STR: return gen_str(w);
    case FK_STRV: return gen_strv(w);
    default: return 0;
    }
}

/* A length that keeps [addr, addr + len) inside the zone. */
static uint64_t zone_len(struct worker_ctx *w, uint64_t addr)
{
    uint64_t room = (uint64_t)w->zone + ZONE_PAGES * PAGE - addr;
    return rng_below(&w->rng, room + 1);
}

static uint64_t zone_addr(struct worker_ctx *w)
{
    uint64_t a = (uint64_t)w->zone + PAGE * rng_below(&w->rng, ZONE_PAGES);
    return one_in(w, 8) ? a + 1 + rng_below(&w->rng, PAGE - 1) : a; /* misaligned: EINVAL */
}

static int named(const struct fuzz_call *c, const char *n) { return strcmp(c->name, n) == 0; }

#define LINUX_MAP_FIXED 0x10
#define LINUX_MAP_FIXED_NOREPLACE 0x100000
#define LINUX_S_IFMT 0170000
#define LINUX_S_IFCHR 0020000
#define LINUX_S_IFBLK 0060000

/* The sandbox rules of calls.c that need the arguments. */
void gen_fixup(struct worker_ctx *w, const struct fuzz_call *c, uint64_t a[6])
{
    if (c->policy == FP_MEMORY) {
        /* hostile addresses that can match no mapping stay possible */
        int hostile = one_in(w, 16);
        if (named(c, "mmap")) {
            if (a[3] & (LINUX_MAP_FIXED | LINUX_MAP_FIXED_NOREPLACE)) {
                a[0] = zone_addr(w);
                a[1] = zone_len(w, a[0]);
            }
        } else if (named(c, "shmat")) {
            a[0] = one_in(w, 2) ? 0 : zone_addr(w);
        } else if (named(c, "shmdt")) {
            a[0] = zone_addr(w);
        } else if (!hostile) { /* munmap, mprotect, madvise, msync */
            a[0] = zone_addr(w);
            a[1] = zone_len(w, a[0]);
        } else {
            a[0] = 0xffffffff80000000ull + PAGE * rng_below(&w->rng, 256);
        }
    }
    if (named(c, "wait4") && one_in(w, 4))
        a[0] = (uint64_t)-1; /* any child of the worker's */
    if (named(c, "mknod") || named(c, "mknodat")) {
        int m = named(c, "mknod") ? 1 : 2;
        uint64_t type = a[m] & LINUX_S_IFMT;
        if (type == LINUX_S_IFCHR || type == LINUX_S_IFBLK) {
            /* /dev/null, /dev/zero, binder, or majors nothing registers:
               never the console (its settings are the shell's) */
            static const uint64_t devs[] = {(1 << 8) | 3, (1 << 8) | 5, (10 << 8) | 0, (200 << 8) | 1,
                                            (4095ull << 8) | 255};
            a[m + 1] = devs[rng_below(&w->rng, sizeof devs / sizeof devs[0])];
        }
    }
    /* bind makes a socket file at an AF_UNIX address's path: an absolute
       one would be outside the worker's directory, where the cleanup never
       looks. */
    if (named(c, "bind")) {
        uint64_t rw_end = (uint64_t)w->area + AREA_RW_PAGES * PAGE;
        volatile uint8_t *sa = (volatile uint8_t *)a[1];
        if (a[1] >= (uint64_t)w->area && a[1] + 3 <= rw_end + PAGE && sa[0] == 1 && sa[1] == 0) {
            if (a[1] + 2 < rw_end)
                sa[2] = 'u'; /* relative: in the worker's directory */
            else
                a[1] = 0; /* in the read-only page: a bad pointer instead */
        }
    }
    /* A mask that blocks SIGALRM would keep a sleep from ever ending. */
    int mask_arg = named(c, "rt_sigsuspend") ? 0
                   : named(c, "ppoll")       ? 3
                   : named(c, "epoll_pwait") || named(c, "epoll_pwait2") ? 4
                                                                          : -1;
    if (mask_arg >= 0) {
        /* SIGALRM is bit 5 of the mask's second byte.  A mask in the
           read-only page (or straddling into it) is moved down a page, into
           the read-write area, where that bit can be cleared. */
        uint64_t rw_end = (uint64_t)w->area + AREA_RW_PAGES * PAGE;
        uint64_t q = a[mask_arg] + 1;
        if (q >= rw_end && q < rw_end + PAGE) {
            a[mask_arg] -= PAGE;
            q -= PAGE;
        }
        if (q >= (uint64_t)w->area && q < rw_end)
            *(volatile uint8_t *)q &= (uint8_t) ~(1u << ((SIGALRM - 1) % 8));
    }
}

/* Message-queue names sysfuzz passes, good and bad: a queue made under any
   of them is removed at the end (fuzz_mq_names), so none outlives the run.
   A name from anywhere else (a string of the area's random bytes) could
   make a queue nobody can name afterwards: queues are in no directory. */
static const char *const mq_names[] = {
    "/sysfuzz0", "/sysfuzz1", "/sysfuzz2", "/sysfuzz3", "sysfuzz4", "", "/", "/a/b", "//sysfuzz5",
};

int fuzz_mq_names(const char *const **names)
{
    *names = mq_names;
    return (int)(sizeof mq_names / sizeof mq_names[0]);
}

/* POSIX message-queue names are "/name", not paths: mq_open and mq_unlink
   get one of the names above, or a bad pointer. */
void gen_mq_name(struct worker_ctx *w, const struct fuzz_call *c, uint64_t a[6])
{
    if (!(named(c, "mq_open") || named(c, "mq_unlink")))
        return;
    if (one_in(w, 8)) {
        a[0] = gen_ptr(w);
        return;
    }
    const char *n = mq_names[rng_below(&w->rng, sizeof mq_names / sizeof mq_names[0])];
    char *s = (char *)w->area + PAGE / 4;
    memcpy(s, n, strlen(n) + 1);
    a[0] = (uint64_t)s;
}
