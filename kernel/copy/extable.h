/*
 * kernel/copy/extable.h: the exception table.
 *
 * A few kernel instructions are allowed to fault: the ones in the checked
 * user-copy helpers (kernel/copy/uaccess_asm.S).  Each has an entry
 * {address of the instruction, address to continue at} in the .extable
 * section (linker.ld: extable_start..extable_end).  When such an instruction
 * faults on a bad user address, the page-fault handler moves the trapped
 * rip to the continuation, which returns -EFAULT.
 */
#ifndef PAGELAB_COPY_EXTABLE_H
#define PAGELAB_COPY_EXTABLE_H

#include <stdint.h>

struct extable_entry {
    uint64_t fault_rip;
    uint64_t fixup_rip;
};

/* The entry for an instruction at rip, or NULL if it may not fault. */
const struct extable_entry *extable_find(uint64_t rip);

#endif
