/* libc_internal.h: what libc's own files share and programs never see. */
#ifndef LIBC_INTERNAL_H
#define LIBC_INTERNAL_H
#include "syscall_raw.h"

extern unsigned long __auxv_pagesz;

/* stdio: flushes every open stream (exit() calls it). */
void __stdio_flush_all(void);

/* A lock for libc's own shared state (malloc's lists): a futex word,
   0 when free (thread/mutex.c). */
void __lock(volatile int *w);
void __unlock(volatile int *w);

#endif
