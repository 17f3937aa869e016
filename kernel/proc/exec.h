/*
 * kernel/proc/exec.h: loading a program.
 *
 * execve finds the program file through exec_open_hook (installed by the
 * VFS: a path lookup that hands back the file's page cache as a backing
 * object) or, before any file system exists, among the GRUB boot modules.
 */
#ifndef PAGELAB_PROC_EXEC_H
#define PAGELAB_PROC_EXEC_H

#include <stdint.h>
#include "kernel/mm/vm.h"

struct exec_file {
    const struct vm_backing_ops *ops;   /* pages of the file, for mapping */
    void *obj;                          /* held (ops->hold) until exec_file_put */
    uint64_t size;                      /* bytes */
};

/* Looks path up: 0 with *f filled and a hold on f->obj, or -ENOENT,
   -EACCES (not executable), -EISDIR ... */
extern int (*exec_open_hook)(const char *path, struct exec_file *f);

/* Boot modules (kernel/proc/bootmod.c): a module whose GRUB command line is
   a path ("/bin/init") can be executed under that path. */
void bootmod_init(void);
int bootmod_open(const char *path, struct exec_file *f);

/* Replaces the current process's program (execve after argument copying):
   0, or -errno with the old program intact (before the point of no return). */
int exec_program(const char *path, char *const *argv, int argc, char *const *envp, int envc);

/* Starts the first user program from a kernel thread: never returns on success. */
int exec_first_program(const char *path, char *const *argv, char *const *envp);

#endif
