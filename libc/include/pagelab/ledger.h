/*
 * pagelab/ledger.h: the copy ledger as user programs see it (shared with the
 * kernel, like Linux's uapi headers).  Read with pagelab_ledger_get():
 *
 *     struct ledger_counts before, after;
 *     pagelab_ledger_get(LEDGER_SELF, &before);
 *     ... move data ...
 *     pagelab_ledger_get(LEDGER_SELF, &after);
 *
 * and subtract.  bytes[kind][mech] is how many payload bytes were moved by
 * that kind of copy on behalf of that mechanism.
 */
#ifndef PAGELAB_UAPI_LEDGER_H
#define PAGELAB_UAPI_LEDGER_H

#include <stdint.h>

/* System calls Linux lacks take numbers from 1000 up, clear of Linux's own. */
#define SYS_pagelab_ledger        1000   /* (int scope, struct ledger_counts *out) */
#define SYS_pagelab_ledger_reset  1001   /* () resets the calling process's counts */
#define SYS_pagelab_copy_trace    1003   /* (int op, struct copy_trace_event *buf, size_t max) */

#define LEDGER_SELF   0   /* the calling process */
#define LEDGER_GLOBAL 1   /* the whole kernel since boot */

enum copy_kind {
    COPY_USER_TO_KERNEL,     /* CPU: copy_from_user */
    COPY_KERNEL_TO_USER,     /* CPU: copy_to_user */
    COPY_KERNEL_TO_KERNEL,   /* CPU: copy_kernel */
    COPY_CROSS_SPACE,        /* CPU: one address space straight into another (binder) */
    COPY_COW_PAGE,           /* CPU: a copy-on-write page copy */
    COPY_DEVICE_TO_MEMORY,   /* DMA: a device wrote memory (disk read) */
    COPY_MEMORY_TO_DEVICE,   /* DMA: a device read memory (disk write) */
    COPY_KIND_COUNT
};

enum copy_mech {
    MECH_OTHER,
    MECH_SYSCALL_ARGS,  /* paths, structs and other syscall arguments */
    MECH_FILE_READ,
    MECH_FILE_WRITE,
    MECH_MMAP_FAULT,    /* filling or copying a page for a mapping */
    MECH_WRITEBACK,     /* page cache write-back, msync */
    MECH_FS_METADATA,   /* file-system metadata I/O */
    MECH_PIPE,
    MECH_MSGQ,          /* System V message queues */
    MECH_SOCKET,
    MECH_SHM,
    MECH_BINDER,
    MECH_EXEC,
    MECH_FORK,
    MECH_POSIX_MQ,      /* POSIX message queues (mq_send, mq_receive) */
    MECH_SPLICE,        /* sendfile, splice, tee, vmsplice, copy_file_range */
    MECH_SWAP,          /* pages written to and read from swap */
    MECH_TRACE,         /* strace lines written for a traced process */
    MECH_COUNT
};

struct ledger_counts {
    uint64_t bytes[COPY_KIND_COUNT][MECH_COUNT];
    uint64_t ops[COPY_KIND_COUNT][MECH_COUNT];    /* number of copy operations */
    uint64_t zero_fill_bytes[MECH_COUNT];         /* pages cleared, not copied */
    uint64_t mapped_pages[MECH_COUNT];            /* existing frames mapped, no copy */
};

/*
 * The copy trace: a short list of the copies one process and the children
 * it forks make, in order, each with where the bytes came from and went to,
 * so that a tool can draw them (tools/copydiagram).  One trace at a time,
 * owned by the process that started it:
 *
 *     pagelab_copy_trace(COPY_TRACE_START, NULL, 0);   clear; trace me and my new children
 *     ... move data ...
 *     pagelab_copy_trace(COPY_TRACE_STOP, NULL, 0);
 *     n = pagelab_copy_trace(COPY_TRACE_READ, events, max);
 *
 * START fails with EBUSY while another process's trace runs.  Consecutive
 * records that differ only in their bytes are one event (ops counts them),
 * so a stream of 4 KiB writes is one line; at most COPY_TRACE_MAX_EVENTS
 * are kept and COPY_TRACE_LOST says how many more there were.  Copies of
 * syscall arguments (paths, structs) are not traced: they are not payload.
 */
enum copy_trace_op {
    COPY_TRACE_START = 0,
    COPY_TRACE_STOP = 1,
    COPY_TRACE_READ = 2,   /* copies min(events, max) into buf; returns how many */
    COPY_TRACE_LOST = 3,   /* returns how many events did not fit */
};

#define COPY_TRACE_MAX_EVENTS 256

/* Where an event's bytes come from and go to: a process's address space
   (its pid, > 0), kernel memory, or a device. */
#define COPY_END_KERNEL 0    /* a kernel buffer, the page cache, a shared object's pages */
#define COPY_END_DEVICE (-1) /* the disk, by DMA */

/* Events that move no byte, beside the copy kinds: a picture shows them. */
#define COPY_EVENT_ZERO_FILL 100 /* bytes cleared: kernel to kernel (pid: for whom) */
#define COPY_EVENT_MAP       101 /* existing pages mapped into a process: bytes = pages * 4096 */

struct copy_trace_event {
    int32_t pid;     /* the process on whose behalf */
    uint16_t kind;   /* enum copy_kind or COPY_EVENT_* */
    uint16_t mech;   /* enum copy_mech */
    int32_t from;    /* pid, COPY_END_KERNEL or COPY_END_DEVICE */
    int32_t to;
    uint64_t bytes;
    uint64_t ops;    /* records merged into this event */
};

#endif
