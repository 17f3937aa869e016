/*
 * kernel/syscall/sys_ledger.c: the copy ledger for user programs (pagelab's
 * own system calls, libc/include/pagelab/ledger.h):
 *
 *   1000 pagelab_ledger(int scope, struct ledger_counts *out)
 *        scope 0: the calling process's counts, 1: the whole kernel's
 *   1001 pagelab_ledger_reset()  zeroes the calling process's counts
 *   1003 pagelab_copy_trace(int op, struct copy_trace_event *buf, size_t max)
 *        the copy trace (kernel/copy/copy_trace.h): START, STOP, READ, LOST
 *
 * Copying the counts out is bookkeeping, not payload: it goes through
 * copy_to_user like any syscall result and is counted as syscall-args, after
 * the snapshot was taken, so it never shows up in the figures it returns.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/copy/copy_trace.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"

#define NR_pagelab_ledger       1000
#define NR_pagelab_ledger_reset 1001
#define LEDGER_SELF             0
#define LEDGER_GLOBAL           1

long sys_pagelab_ledger(int scope, uint64_t out)
{
    struct ledger_counts snapshot;
    uint64_t flags = irq_save();
    if (scope == LEDGER_SELF)
        snapshot = current->group->ledger;
    else if (scope == LEDGER_GLOBAL)
        snapshot = ledger_global;
    irq_restore(flags);
    if (scope != LEDGER_SELF && scope != LEDGER_GLOBAL)
        return -EINVAL;
    return copy_to_user((void *)out, &snapshot, sizeof snapshot, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_pagelab_ledger_reset(void)
{
    uint64_t flags = irq_save();
    memset(&current->group->ledger, 0, sizeof current->group->ledger);
    irq_restore(flags);
    return 0;
}

/* Events go out a few at a time through a small buffer on the stack: the
   trace itself is read with interrupts off, the user copy (which may
   fault) with them on. */
#define TRACE_CHUNK 8

static long copy_trace_read_user(uint64_t buf, size_t max)
{
    struct copy_trace_event chunk[TRACE_CHUNK];
    size_t done = 0;
    while (done < max) {
        size_t want = max - done < TRACE_CHUNK ? max - done : TRACE_CHUNK;
        size_t n = copy_trace_read(chunk, done, want);
        if (n == 0)
            break;
        if (copy_to_user((struct copy_trace_event *)buf + done, chunk, n * sizeof chunk[0],
                         MECH_SYSCALL_ARGS))
            return -EFAULT;
        done += n;
    }
    return (long)done;
}

long sys_pagelab_copy_trace(int op, uint64_t buf, uint64_t max)
{
    switch (op) {
    case COPY_TRACE_START:
        return copy_trace_start(&current->group->ledger, current->tgid);
    case COPY_TRACE_STOP:
        return copy_trace_stop(&current->group->ledger);
    case COPY_TRACE_READ:
        if (max > COPY_TRACE_MAX_EVENTS)
            max = COPY_TRACE_MAX_EVENTS;
        return copy_trace_read_user(buf, (size_t)max);
    case COPY_TRACE_LOST:
        return (long)copy_trace_lost();
    default:
        return -EINVAL;
    }
}
