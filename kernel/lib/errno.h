/* kernel/lib/errno.h: error numbers (Linux's values, shared with libc: pagelab/errno_values.h)
   and pointers that carry one. */
#ifndef PAGELAB_LIB_ERRNO_H
#define PAGELAB_LIB_ERRNO_H

#include "libc/include/pagelab/errno_values.h"

/* Pointers that carry an error (for functions returning a pointer). */
#define MAX_ERRNO  4095
#define ERR_PTR(e) ((void *)(long)(e))
#define PTR_ERR(p) ((long)(p))
#define IS_ERR(p)  ((unsigned long)(p) >= (unsigned long)-MAX_ERRNO)

#endif
