/* sys/syscall.h: system call numbers, SYS_name (Linux x86-64's, and pagelab's own). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#include <pagelab/syscall_nr.h>

#endif
