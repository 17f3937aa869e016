/* kernel/copy/ledger.c: recording copies globally and for the current
   process, and handing each record to the copy trace (copy_trace.h). */
#include "kernel/copy/ledger.h"
#include "kernel/copy/copy_trace.h"
#include "kernel/hw/io.h"
#include "kernel/hw/layout.h"

struct ledger_counts ledger_global;
struct ledger_counts *ledger_current;

/* Adds n to one counter of the global ledger and of the current process's
   (if a process is running). */
#define LEDGER_ADD(counter, n)              \
    do {                                    \
        ledger_global.counter += (n);       \
        if (ledger_current)                 \
            ledger_current->counter += (n); \
    } while (0)

/* Interrupts are off while counting: a disk-completion IRQ may record a DMA
   transfer in the middle of a process's own record. */
void ledger_record(enum copy_kind kind, enum copy_mech mech, uint64_t bytes)
{
    uint64_t flags = irq_save();
    LEDGER_ADD(bytes[kind][mech], bytes);
    LEDGER_ADD(ops[kind][mech], 1);
    copy_trace_record(ledger_current, kind, mech, bytes, 0);
    irq_restore(flags);
}

void ledger_record_cross(enum copy_mech mech, uint64_t bytes, int to_pid)
{
    uint64_t flags = irq_save();
    LEDGER_ADD(bytes[COPY_CROSS_SPACE][mech], bytes);
    LEDGER_ADD(ops[COPY_CROSS_SPACE][mech], 1);
    copy_trace_record(ledger_current, COPY_CROSS_SPACE, mech, bytes, to_pid);
    irq_restore(flags);
}

void ledger_record_for(struct ledger_counts *owner, enum copy_kind kind, enum copy_mech mech,
                       uint64_t bytes)
{
    uint64_t flags = irq_save();
    ledger_global.bytes[kind][mech] += bytes;
    ledger_global.ops[kind][mech]++;
    if (owner) {
        owner->bytes[kind][mech] += bytes;
        owner->ops[kind][mech]++;
    }
    copy_trace_record(owner, kind, mech, bytes, 0);
    irq_restore(flags);
}

void ledger_zero_fill(enum copy_mech mech, uint64_t bytes)
{
    uint64_t flags = irq_save();
    LEDGER_ADD(zero_fill_bytes[mech], bytes);
    copy_trace_record(ledger_current, COPY_EVENT_ZERO_FILL, mech, bytes, 0);
    irq_restore(flags);
}

void ledger_map_existing(enum copy_mech mech, uint64_t pages)
{
    uint64_t flags = irq_save();
    LEDGER_ADD(mapped_pages[mech], pages);
    copy_trace_record(ledger_current, COPY_EVENT_MAP, mech, pages * PAGE_SIZE, 0);
    irq_restore(flags);
}

const char *copy_kind_name(enum copy_kind kind)
{
    static const char *const names[COPY_KIND_COUNT] = {
        [COPY_USER_TO_KERNEL] = "user->kernel",
        [COPY_KERNEL_TO_USER] = "kernel->user",
        [COPY_KERNEL_TO_KERNEL] = "kernel->kernel",
        [COPY_CROSS_SPACE] = "cross-space",
        [COPY_COW_PAGE] = "cow-page",
        [COPY_DEVICE_TO_MEMORY] = "device->memory",
        [COPY_MEMORY_TO_DEVICE] = "memory->device",
    };
    return kind < COPY_KIND_COUNT ? names[kind] : "?";
}

const char *copy_mech_name(enum copy_mech mech)
{
    static const char *const names[MECH_COUNT] = {
        [MECH_OTHER] = "other",
        [MECH_SYSCALL_ARGS] = "syscall-args",
        [MECH_FILE_READ] = "file-read",
        [MECH_FILE_WRITE] = "file-write",
        [MECH_MMAP_FAULT] = "mmap-fault",
        [MECH_WRITEBACK] = "writeback",
        [MECH_FS_METADATA] = "fs-metadata",
        [MECH_PIPE] = "pipe",
        [MECH_MSGQ] = "msgq",
        [MECH_SOCKET] = "socket",
        [MECH_SHM] = "shm",
        [MECH_BINDER] = "binder",
        [MECH_EXEC] = "exec",
        [MECH_FORK] = "fork",
        [MECH_POSIX_MQ] = "posix-mq",
        [MECH_SPLICE] = "splice",
        [MECH_SWAP] = "swap",
        [MECH_TRACE] = "trace",
    };
    return mech < MECH_COUNT ? names[mech] : "?";
}
