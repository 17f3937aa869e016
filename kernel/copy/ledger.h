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

#include "libc/include/pagelab/ledger.h"

extern struct ledger_counts ledger_global;
/* The current process's counts (NULL when no process runs); set on context switch. */
extern struct ledger_counts *ledger_current;

void ledger_record(enum copy_kind kind, enum copy_mech mech, uint64_t bytes);
/* A cross-space copy (COPY_CROSS_SPACE) into the memory of process to_pid:
   the copy trace names the receiving address space. */
void ledger_record_cross(enum copy_mech mech, uint64_t bytes, int to_pid);
void ledger_zero_fill(enum copy_mech mech, uint64_t bytes);
void ledger_map_existing(enum copy_mech mech, uint64_t pages);
/* Records into the global ledger and owner's (NULL: global only), from any
   context: a DMA that ends in an interrupt is charged to whoever asked. */
void ledger_record_for(struct ledger_counts *owner, enum copy_kind kind, enum copy_mech mech,
                       uint64_t bytes);
/* The process owning l is going away: transfers still in flight on its
   behalf are charged to the global ledger only (kernel/copy/uaccess.c). */
void ledger_forget_owner(struct ledger_counts *l);

const char *copy_kind_name(enum copy_kind kind);
const char *copy_mech_name(enum copy_mech mech);
static inline int copy_kind_is_device(enum copy_kind k)
{
    return k == COPY_DEVICE_TO_MEMORY || k == COPY_MEMORY_TO_DEVICE;
}

#endif
