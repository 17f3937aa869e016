/*
 * kernel/lib/backtrace.h: symbolized stack traces.  The kernel is built with
 * frame pointers, so each frame starts with [saved rbp][return address].
 * Symbols come from a table embedded at link time (tools/mksyms.py).
 */
#ifndef PAGELAB_LIB_BACKTRACE_H
#define PAGELAB_LIB_BACKTRACE_H

#include <stdint.h>
#include <stddef.h>

/* Finds the function containing addr: its name, and addr's offset in it.
   Returns NULL if addr is not in kernel text. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

/* Formats "name+0xoff" (or the bare address) into buf. */
void ksym_format(uint64_t addr, char *buf, size_t size);

/* Prints the chain of frames starting at frame pointer rbp. */
void backtrace_print(uint64_t rbp);

/* The return addresses of at most n frames from frame pointer rbp into
   ret, following only frames inside [lo, hi) (a task's own stack, so a
   stale chain cannot lead anywhere else); how many. */
int backtrace_collect(uint64_t rbp, uint64_t lo, uint64_t hi, uint64_t *ret, int n);

/* Formats n return addresses one "[<0>] name+0xoff/0xsize" line each, as
   Linux's /proc/PID/stack.  The length written. */
size_t backtrace_format(const uint64_t *ret, int n, char *buf, size_t size);

#endif
