/* errno.h: error numbers, Linux's values (asm-generic/errno-base.h, errno.h). */
#ifndef _ERRNO_H
#define _ERRNO_H

extern int errno;

#include <pagelab/errno_values.h>

#endif
