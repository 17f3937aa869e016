/*
 * kernel/copy/ledger.h: the copy ledger.
 *
 * Every time the CPU or a device moves payload bytes from one place in memory
 * to another, the helper that does it records the bytes here: by kind (who
 * moved them, from where to where) and by mechanism (on whose behalf).  The
 * records are kept globally and for the current process.  Zero-fills and
 * mappings of existing pages are not copies and are counted separately.
 * Nothing here is computed from a formula: each figure is a sum of records
 * made where the bytes moved.
 */
#ifndef PAGELAB_COPY_LEDGER_H
#define PAGELAB_COPY_LEDGER_H

#include <stdint.h>

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
    MECH_MSGQ,
    MECH_SOCKET,
    MECH_SHM,
    MECH_BINDER,
    MECH_EXEC,
    MECH_FORK,
    MECH_COUNT
};

struct ledger_counts {
    uint64_t bytes[COPY_KIND_COUNT][MECH_COUNT];
    uint64_t ops[COPY_KIND_COUNT][MECH_COUNT];    /* number of copy operations */
    uint64_t zero_fill_bytes[MECH_COUNT];         /* pages cleared, not copied */
    uint64_t mapped_pages[MECH_COUNT];            /* existing frames mapped, no copy */
};

extern struct ledger_counts ledger_global;
/* The current process's counts (NULL when no process runs); set on context switch. */
extern struct ledger_counts *ledger_current;

void ledger_record(enum copy_kind kind, enum copy_mech mech, uint64_t bytes);
void ledger_zero_fill(enum copy_mech mech, uint64_t bytes);
void ledger_map_existing(enum copy_mech mech, uint64_t pages);

const char *copy_kind_name(enum copy_kind kind);
const char *copy_mech_name(enum copy_mech mech);
static inline int copy_kind_is_device(enum copy_kind k)
{
    return k == COPY_DEVICE_TO_MEMORY || k == COPY_MEMORY_TO_DEVICE;
}

#endif
