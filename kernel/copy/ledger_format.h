/*
 * kernel/copy/ledger_format.h: the copy ledger as a human-readable table
 * (/proc/copies, /proc/PID/copies).
 *
 * Tables of rows = mechanisms (on whose behalf) and columns = kinds (who
 * moved the bytes, from where to where), narrow enough for an 80-column
 * terminal: bytes copied by the CPU (user->kernel, kernel->user,
 * kernel->kernel, cross-space, cow-page), bytes moved by devices
 * (device->memory, memory->device) with bytes zero-filled and existing
 * pages mapped (neither is a copy), then the same two for the number of
 * operations.  Every mechanism has a row, zero or not, so that scripts can
 * rely on the shape; a last row sums each column.
 */
#ifndef PAGELAB_COPY_LEDGER_FORMAT_H
#define PAGELAB_COPY_LEDGER_FORMAT_H

#include <stddef.h>
#include "kernel/copy/ledger.h"

/* Writes the tables for counts c under the heading title into buf (at most
   size bytes, NUL-terminated); returns the length it needed. */
long ledger_format(const struct ledger_counts *c, const char *title, char *buf, size_t size);

/* ledger_format of a consistent snapshot of live counts (a disk interrupt
   may record a transfer at any time), for the /proc files
   (kernel/copy/ledger_procfs.c). */
long ledger_show(const struct ledger_counts *live, const char *title, char *buf, size_t size);

#endif
