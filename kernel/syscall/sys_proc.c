/*
 * kernel/syscall/sys_proc.c: the process syscalls: fork vfork execve exit
 * exit_group wait4 getrusage.  The work is the process layer's
 * (kernel/proc/); here are the user-memory sides of it: execve's path,
 * argv and envp copied in, wait4's status and rusage copied out.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"

#define EXEC_PATH_MAX    4096         /* PATH_MAX */
#define EXEC_ARGS_MAX    (128 * 1024) /* bytes of argument + environment strings (ARG_MAX-like) */
#define EXEC_STRINGS_MAX 4096         /* argv + envp entries */

/* The strings of argv and envp, copied into one kernel buffer. */
struct exec_strings {
    char *buf;
    size_t used;
    char **vec; /* argv entries, NULL, envp entries, NULL */
    int count;
};

/* Copies the NULL-terminated user vector uvec, appending to s.  Returns the
   number of strings or -errno. */
static int copy_vector(struct exec_strings *s, uint64_t uvec)
{
    int n = 0;
    for (; uvec; n++) {
        uint64_t uptr;
        if (copy_from_user(&uptr, (void *)(uvec + 8 * (uint64_t)n), 8, MECH_SYSCALL_ARGS))
            return -EFAULT;
        if (!uptr)
            break;
        if (s->count >= EXEC_STRINGS_MAX)
            return -E2BIG;
        long len = strncpy_from_user(s->buf + s->used, (const char *)uptr, EXEC_ARGS_MAX - s->used);
        if (len == -ENAMETOOLONG)
            return -E2BIG;
        if (len < 0)
            return (int)len;
        s->vec[s->count++] = s->buf + s->used;
        s->used += (size_t)len + 1;
    }
    s->vec[s->count++] = NULL;
    return n;
}

long sys_execve(uint64_t upath, uint64_t argv, uint64_t envp)
{
    char *path = kmalloc(EXEC_PATH_MAX);
    struct exec_strings s = { kmalloc(EXEC_ARGS_MAX), 0,
                              kmalloc(sizeof(char *) * (EXEC_STRINGS_MAX + 2)), 0 };
    long r = -ENOMEM;
    if (!path || !s.buf || !s.vec)
        goto out;
    r = strncpy_from_user(path, (const char *)upath, EXEC_PATH_MAX);
    if (r >= 0 && path[0] == '\0')
        r = -ENOENT;
    if (r < 0)
        goto out;
    int argc = copy_vector(&s, argv);
    if (argc < 0) {
        r = argc;
        goto out;
    }
    int envc = copy_vector(&s, envp);
    if (envc < 0) {
        r = envc;
        goto out;
    }
    r = exec_program(path, s.vec, argc, s.vec + argc + 1, envc);
out:
    kfree(path);
    kfree(s.buf);
    kfree(s.vec);
    return r;
}

long sys_fork(void) { return proc_fork(current->user_frame); }

long sys_exit(int status)
{
    /* One thread per process: exit_group is exit. */
    proc_exit(wait_status_exited(status));
}

long sys_wait4(int pid, uint64_t wstatus, int options, uint64_t rusage)
{
    int status;
    struct rusage_linux ru;
    long r = proc_wait(pid, options, &status, &ru);
    if (r <= 0)
        return r;
    if (wstatus && copy_to_user((void *)wstatus, &status, sizeof status, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (rusage && copy_to_user((void *)rusage, &ru, sizeof ru, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return r;
}

long sys_getrusage(int who, uint64_t usage)
{
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
        return -EINVAL;
    struct rusage_linux ru;
    rusage_of(current, who == RUSAGE_CHILDREN, &ru);
    return copy_to_user((void *)usage, &ru, sizeof ru, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}
