/*
 * pagelab/trace.h: pagelab_trace(2), syscall 1002 (SYS_pagelab_trace in
 * pagelab/syscall_nr.h), shared by the kernel (kernel/syscall/strace.c) and
 * our libc: from now on, write a line for each syscall of the caller to
 * the open file behind fd, the way strace(1) shows it; fd -1 stops.
 */
#ifndef PAGELAB_UAPI_TRACE_H
#define PAGELAB_UAPI_TRACE_H

#define PAGELAB_TRACE_CHILDREN 1   /* children (fork) are traced too, lines start "[pid N] " */

#endif
