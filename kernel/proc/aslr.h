/*
 * kernel/proc/aslr.h: address-space layout randomization, as Linux does it
 * for a new program (execve) on x86-64:
 *
 *   the stack's top       up to 16 GiB lower  (22 bits of pages: STACK_RND_MASK)
 *   the mmap area's top   up to 1 TiB lower   (28 bits: mmap_rnd_bits), where
 *                         the dynamic loader, the shared libraries and every
 *                         mmap without an address go
 *   a PIE's load address  up to 1 TiB above ELF_ET_DYN_BASE (28 bits)
 *   the heap (brk) start  up to 32 MiB above the program's end, with 2 only
 *
 * /proc/sys/kernel/randomize_va_space chooses, with Linux's values: 0 none
 * (every run gets the same addresses: handy with gdb), 1 all but the heap,
 * 2 everything (the default).
 */
#ifndef PAGELAB_PROC_ASLR_H
#define PAGELAB_PROC_ASLR_H

#include <stdint.h>

enum aslr_area { ASLR_STACK, ASLR_MMAP, ASLR_PIE, ASLR_BRK };

/* A random page-aligned offset for area (0 when randomization is off). */
uint64_t aslr_offset(enum aslr_area area);

#endif
