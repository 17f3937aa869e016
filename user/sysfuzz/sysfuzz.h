/*
 * user/sysfuzz/sysfuzz.h: the pieces of sysfuzz, the system-call fuzzer.
 *
 * The parent (main.c) forks worker processes (worker.c); each issues calls
 * picked from the kernel's own table of system calls (calls.c, generated
 * from kernel/syscall/table.h by tools/mkfuzz.py) with arguments made by
 * one generator per argument kind (gen.c).  Workers report through one
 * slot each of memory shared with the parent, so that a worker that dies
 * or hangs leaves its last calls behind.
 */
#ifndef SYSFUZZ_H
#define SYSFUZZ_H
#include <stdint.h>
#include <sys/types.h>

/* The argument kinds of kernel/syscall/table.h, in tools/mkfuzz.py's order. */
enum fuzz_kind {
    FK_FD, FK_DIRFD, FK_INT, FK_SIG, FK_PID, FK_FLAGS, FK_OFLAGS, FK_PROT, FK_MFLAGS, FK_UINT,
    FK_MODE, FK_LONG, FK_OFF, FK_SIZE, FK_ULONG, FK_HEX, FK_PTR, FK_STR, FK_STRV, FK_BUF_IN,
    FK_BUF_OUT, FK_NKINDS
};

/* What sysfuzz does with a call besides generating its arguments. */
enum fuzz_policy {
    FP_PLAIN,    /* arguments as generated */
    FP_EXCLUDED, /* never issued (calls.c says why) */
    FP_FORK,     /* makes a process or thread: the child exits at once */
    FP_RESTORE,  /* changes the worker's signal, timer or TLS state: restored after */
    FP_MEMORY,   /* changes mappings: confined to the worker's zone */
};

struct fuzz_call {
    int nr;
    const char *name;
    int nargs;
    enum fuzz_kind kind[6];
    enum fuzz_policy policy;
};
extern struct fuzz_call fuzz_calls[];
extern const int fuzz_ncalls;
void fuzz_calls_init(void);            /* sets each call's policy */
const char *fuzz_excluded_reason(int nr);

#define FUZZ_ERRNO_MAX 134 /* one past Linux's last errno (EHWPOISON 133) */
#define FUZZ_RING 16       /* last calls kept per worker */

struct fuzz_rec {
    uint32_t call;   /* index in fuzz_calls */
    uint32_t done;   /* 0 while the call runs */
    uint64_t seq;    /* the worker's call number */
    uint64_t arg[6];
    int64_t ret;
};

enum { SLOT_RUNNING = 1, SLOT_GEN_DONE, SLOT_ALL_DONE };

/* One worker's report, in memory shared with the parent. */
struct fuzz_slot {
    volatile uint64_t done;   /* calls finished, over every generation */
    volatile uint32_t state;
    volatile uint32_t ring_pos;
    struct fuzz_rec ring[FUZZ_RING];
    uint64_t per_errno[FUZZ_ERRNO_MAX + 1]; /* [0]: success, [FUZZ_ERRNO_MAX]: other */
    uint64_t per_call[512];
};

struct fuzz_config {
    uint64_t seed;
    uint64_t calls;   /* in all */
    int workers;
    uint64_t gen_len; /* calls before the parent kills a worker and starts a new one */
    int trace;        /* print every call on stderr before issuing it */
    int stall_s;
};

/* gen.c */
struct rng { uint64_t s; };
uint64_t rng_next(struct rng *r);
uint64_t rng_below(struct rng *r, uint64_t n);
uint64_t rng_mix(uint64_t a, uint64_t b);

#define AREA_RW_PAGES 8
#define ZONE_PAGES 16
struct worker_ctx {
    struct rng rng;
    uint8_t *area;  /* AREA_RW_PAGES read-write, one read-only, one PROT_NONE */
    uint8_t *zone;  /* where the memory calls may map and unmap */
    int setup_fd[8];
    int nsetup;
    int maxfd, closed_fd;
    pid_t self, child;
};
void gen_init_area(struct worker_ctx *w);
void gen_refresh(struct worker_ctx *w);
uint64_t gen_arg(struct worker_ctx *w, const struct fuzz_call *c, int i);
void gen_fixup(struct worker_ctx *w, const struct fuzz_call *c, uint64_t a[6]);
void gen_mq_name(struct worker_ctx *w, const struct fuzz_call *c, uint64_t a[6]);
/* The message-queue names gen_mq_name hands out (the cleanup's list). */
int fuzz_mq_names(const char *const **names);

/* worker.c */
void worker_run(const struct fuzz_config *cfg, int id, uint32_t gen, struct fuzz_slot *slot)
    __attribute__((noreturn));
void fuzz_format_rec(const struct fuzz_rec *r, char *buf, size_t size);
const char *fuzz_errno_name(int e);

/* main.c: removes a file, or a directory and all in it (relative to the
   working directory, or absolute). */
void remove_tree(const char *name);

/* strays.c: every file there is now, remembered; after the run, the new
   ones removed (with remove_tree), each named.  How many were removed. */
void strays_remember(void);
int strays_remove(void (*remove)(const char *path));

#endif
