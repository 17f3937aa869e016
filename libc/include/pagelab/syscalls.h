/* pagelab/syscalls.h: wrappers for the system calls Linux lacks (numbers >= 1000). */
#ifndef PAGELAB_SYSCALLS_H
#define PAGELAB_SYSCALLS_H
#include <pagelab/ledger.h>
#include <pagelab/trace.h>
#include <stddef.h>

/* Fills *out with the ledger of scope LEDGER_SELF or LEDGER_GLOBAL; 0 or -1 with errno. */
int pagelab_ledger_get(int scope, struct ledger_counts *out);
/* Zeroes the calling process's ledger; 0 or -1 with errno. */
int pagelab_ledger_reset(void);
/* Traces the caller's syscalls to fd (pagelab/trace.h); 0 or -1 with errno. */
int pagelab_trace(int fd, int flags);
/* The copy trace (pagelab/ledger.h): op COPY_TRACE_START, _STOP, _READ (into
   buf, at most max events: returns how many) or _LOST; -1 with errno. */
long pagelab_copy_trace(int op, struct copy_trace_event *buf, size_t max);

#endif
