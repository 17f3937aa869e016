/*
 * kernel/syscall/strace.h: writing a traced process's system calls, the way
 * strace(1) shows them on Linux:
 *
 *     openat(AT_FDCWD, "/etc/motd", O_RDONLY) = 3
 *     read(3, "Welcome to pagelab\n", 4096) = 19
 *     open("/nope", O_RDONLY) = -1 ENOENT (No such file or directory)
 *
 * A process asks for it with pagelab_trace(fd, flags) (syscall 1002, what
 * /bin/strace does before it execs the command): every later call of the
 * process (and, with PAGELAB_TRACE_CHILDREN, of its children, each line
 * then starting with "[pid N] ") is written to the open file behind fd.
 * The arguments are formatted before the call (execve replaces the memory
 * they point to), the buffers the call fills and the result after it.
 */
#ifndef PAGELAB_SYSCALL_STRACE_H
#define PAGELAB_SYSCALL_STRACE_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/syscall/syscall.h"

#define STRACE_LINE_MAX 512

/* One call being traced: lives on the dispatcher's stack. */
struct strace_call {
    const struct syscall_desc *desc; /* NULL: not implemented */
    uint64_t args[SYSCALL_ARGS_MAX];
    char line[STRACE_LINE_MAX];
    size_t len;
    int out_arg; /* index of a buf_out argument, or -1 */
};

void strace_enter(struct strace_call *c, uint64_t nr, const struct syscall_desc *d,
                  const uint64_t *args);
void strace_exit(struct strace_call *c, long result);

#endif
