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

/* The return addresses of the first n frames from frame pointer rbp into
   ret (0 past the end of the chain): cheap enough for every sleep. */
void backtrace_collect(uint64_t rbp, uint64_t *ret, int n);

#endif
