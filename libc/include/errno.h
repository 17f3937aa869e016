/* errno.h: error numbers, Linux's values (asm-generic/errno-base.h, errno.h). */
#ifndef _ERRNO_H
#define _ERRNO_H

/* Each thread's own (pthread.h): in its thread control block. */
int *__errno_location(void);
#define errno (*__errno_location())

#include <pagelab/errno_values.h>

#endif
