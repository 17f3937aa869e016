/*
 * kernel/copy/copy_trace_test.c: the copy trace (copy_trace.h), driven
 * with ledgers of its own standing for processes, so that no real process
 * is involved: records are made for them directly (copy_trace_record, as
 * ledger.c does for each record) and through ledger_record_for.
 */
#include "kernel/copy/copy_trace.h"
#include "kernel/copy/ledger.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"

static struct ledger_counts proc_a, proc_b, stranger;
static struct copy_trace_event ev[COPY_TRACE_MAX_EVENTS];

/* Leaves no trace running and no member behind, whatever a test did. */
static void trace_clean(void)
{
    copy_trace_forget(&proc_a);
    copy_trace_forget(&proc_b);
    copy_trace_stop(&proc_a);
}

KTEST(copy_trace_merges_like_records_and_names_where_bytes_went)
{
    KEXPECT(copy_trace_start(&proc_a, 7) == 0);
    uint64_t flags = irq_save();
    ledger_record_for(&proc_a, COPY_DEVICE_TO_MEMORY, MECH_FILE_READ, 4096);
    ledger_record_for(&proc_a, COPY_DEVICE_TO_MEMORY, MECH_FILE_READ, 4096);
    copy_trace_record(&proc_a, COPY_KERNEL_TO_USER, MECH_FILE_READ, 100, 0);
    copy_trace_record(&proc_a, COPY_CROSS_SPACE, MECH_BINDER, 64, 9);
    copy_trace_record(&proc_a, COPY_EVENT_MAP, MECH_MMAP_FAULT, 4096, 0);
    irq_restore(flags);
    KEXPECT(copy_trace_stop(&proc_a) == 0);
    KEXPECT(copy_trace_read(ev, 0, COPY_TRACE_MAX_EVENTS) == 4);
    KEXPECT(ev[0].pid == 7 && ev[0].kind == COPY_DEVICE_TO_MEMORY && ev[0].bytes == 8192 &&
            ev[0].ops == 2 && ev[0].from == COPY_END_DEVICE && ev[0].to == COPY_END_KERNEL);
    KEXPECT(ev[1].kind == COPY_KERNEL_TO_USER && ev[1].from == COPY_END_KERNEL && ev[1].to == 7 &&
            ev[1].bytes == 100 && ev[1].ops == 1);
    KEXPECT(ev[2].mech == MECH_BINDER && ev[2].from == 7 && ev[2].to == 9);
    KEXPECT(ev[3].kind == COPY_EVENT_MAP && ev[3].to == 7);
    KEXPECT(copy_trace_read(ev, 3, 8) == 1 && ev[0].kind == COPY_EVENT_MAP);
    trace_clean();
}

KTEST(copy_trace_follows_forked_children_until_they_go)
{
    KEXPECT(copy_trace_start(&proc_a, 7) == 0);
    copy_trace_fork(&proc_a, &proc_b, 8);
    copy_trace_fork(&stranger, &stranger, 99); /* not a member's child */
    uint64_t flags = irq_save();
    copy_trace_record(&proc_b, COPY_USER_TO_KERNEL, MECH_PIPE, 10, 0);
    copy_trace_record(&stranger, COPY_USER_TO_KERNEL, MECH_PIPE, 10, 0);
    irq_restore(flags);
    copy_trace_forget(&proc_b);
    flags = irq_save();
    copy_trace_record(&proc_b, COPY_KERNEL_TO_USER, MECH_PIPE, 10, 0);
    copy_trace_record(&proc_a, COPY_USER_TO_KERNEL, MECH_SYSCALL_ARGS, 10, 0); /* not payload */
    irq_restore(flags);
    KEXPECT(copy_trace_read(ev, 0, COPY_TRACE_MAX_EVENTS) == 1);
    KEXPECT(ev[0].pid == 8 && ev[0].from == 8 && ev[0].to == COPY_END_KERNEL);
    trace_clean();
}

KTEST(copy_trace_keeps_a_bounded_number_of_events_and_counts_the_rest)
{
    KEXPECT(copy_trace_start(&proc_a, 7) == 0);
    uint64_t flags = irq_save();
    for (int i = 0; i < COPY_TRACE_MAX_EVENTS + 10; i++) /* alternating: nothing merges */
        copy_trace_record(&proc_a, i % 2 ? COPY_USER_TO_KERNEL : COPY_KERNEL_TO_USER, MECH_PIPE, 1,
                          0);
    irq_restore(flags);
    KEXPECT(copy_trace_read(ev, 0, COPY_TRACE_MAX_EVENTS) == COPY_TRACE_MAX_EVENTS);
    KEXPECT(copy_trace_lost() == 10);
    KEXPECT(copy_trace_start(&proc_a, 7) == 0); /* starting again clears */
    KEXPECT(copy_trace_read(ev, 0, COPY_TRACE_MAX_EVENTS) == 0 && copy_trace_lost() == 0);
    trace_clean();
}

KTEST(copy_trace_is_busy_while_another_process_traces)
{
    KEXPECT(copy_trace_start(&proc_a, 7) == 0);
    KEXPECT(copy_trace_start(&proc_b, 8) == -EBUSY);
    KEXPECT(copy_trace_stop(&proc_b) == -EBUSY);
    KEXPECT(copy_trace_stop(&proc_a) == 0);
    KEXPECT(copy_trace_start(&proc_b, 8) == 0); /* a stopped trace is free */
    copy_trace_forget(&proc_b);
    KEXPECT(copy_trace_start(&proc_a, 7) == 0); /* so is one whose members are gone */
    trace_clean();
}
