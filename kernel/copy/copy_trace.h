/*
 * kernel/copy/copy_trace.h: the copy trace (libc/include/pagelab/ledger.h,
 * "The copy trace"): the ledger's records of one family of processes, in
 * order, with where each one's bytes came from and went to.
 *
 * One trace at a time, in static memory (no allocation on the copy path).
 * Its members are the processes it follows, known by their ledger (the
 * pointer every record is made for: ledger_current, or a DMA transfer's
 * owner) and their pid: the process that started it, and every process
 * forked by a member while it runs.  Everything is changed with interrupts
 * off, as the ledger is: a disk interrupt records its transfer from any
 * context.
 */
#ifndef PAGELAB_COPY_COPY_TRACE_H
#define PAGELAB_COPY_COPY_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "libc/include/pagelab/ledger.h"

/* Called by the ledger (ledger.c) for each record: kind is an enum
   copy_kind or COPY_EVENT_*; peer is the other address space of a
   cross-space copy (its pid), unused otherwise.  Interrupts are off. */
void copy_trace_record(const struct ledger_counts *who, unsigned kind, enum copy_mech mech,
                       uint64_t bytes, int peer);

/* A process with ledger parent forked one (child, pid): followed too when
   the parent is. */
void copy_trace_fork(const struct ledger_counts *parent, const struct ledger_counts *child,
                     int pid);
/* The process of this ledger is going away: no longer followed. */
void copy_trace_forget(const struct ledger_counts *l);

/* The operations of syscall 1003, for the process (ledger who, pid): 0, or
   -EBUSY while another process's trace runs (one whose members live). */
int copy_trace_start(const struct ledger_counts *who, int pid);
int copy_trace_stop(const struct ledger_counts *who);
/* Copies up to max events, from the first-th on, into out (kernel memory);
   returns how many (0 past the last). */
size_t copy_trace_read(struct copy_trace_event *out, size_t first, size_t max);
uint64_t copy_trace_lost(void);

#endif
