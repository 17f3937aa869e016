/*
 * kernel/proc/exec.h: loading a program.
 *
 * execve finds the program file in the file system (vfs_open_exec: the
 * file's page cache as a backing object) or, before any file system exists,
 * among the GRUB boot modules (kernel/drivers/bootmod.h).
 */
#ifndef PAGELAB_PROC_EXEC_H
#define PAGELAB_PROC_EXEC_H

#include <stdint.h>
#include "kernel/mm/vm.h"

struct exec_file {
    const struct vm_backing_ops *ops; /* pages of the file, for mapping */
    void *obj;                        /* held (ops->hold) until exec_file_put */
    uint64_t size;                    /* bytes */
};

/* Replaces the current process's program (execve after argument copying):
   0, or -errno with the old program intact (before the point of no return).
   A "#!" script runs its interpreter (exec_script.c), up to
   EXEC_SCRIPT_DEPTH interpreters deep (-ELOOP beyond, as on Linux). */
int exec_program(const char *path, char *const *argv, int argc, char *const *envp, int envc);

/* Linux's exec_binprm: at most 5 handlers follow the first (depth > 5 is
   -ELOOP), so 5 nested scripts and their ELF interpreter run. */
#define EXEC_SCRIPT_DEPTH 5

/* The "#!" line of a script: the interpreter and its one optional argument
   (NULL if none), both pointing into text. */
struct script_line {
    char text[256]; /* Linux's BINPRM_BUF_SIZE: what it reads of the file */
    const char *interpreter;
    const char *argument;
};
/* Parses the start of a file: 0, or -ENOEXEC if it is not a script. */
int exec_script_parse(const char *head, uint64_t len, struct script_line *out);

/* What the new program's initial stack tells it (exec_stack.c): addresses
   already biased. */
struct cred;
struct exec_stack {
    uint64_t phdr, phent, phnum; /* the program's headers in memory (AT_PHDR...) */
    uint64_t entry;              /* the program's entry (AT_ENTRY) */
    uint64_t base;               /* where the dynamic loader is (AT_BASE), 0 if none */
    const char *execfn;          /* the path execve was given (AT_EXECFN) */
    uint64_t stack_top;
    const struct cred *cred; /* the ids the new program runs with (AT_UID... AT_SECURE) */
};
/* Writes argc, argv, envp and the auxiliary vector at the top of the
   running process's (new) stack: 0 and *sp, or -ENOMEM / -EFAULT. */
int exec_stack_build(const struct exec_stack *st, char *const *argv, int argc, char *const *envp,
                     int envc, uint64_t *sp);

/* Starts the first user program from a kernel thread (which becomes that
   process, with a fresh descriptor table): never returns on success. */
int exec_first_program(const char *path, char *const *argv, char *const *envp);

#endif
