/* kernel/proc/sys_exec.c: execve(2): copying path, argv and envp in, then exec_program. */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/syscall.h"
#include "kernel/proc/syscall_nr.h"

#define EXEC_PATH_MAX   4096      /* PATH_MAX */
#define EXEC_ARGS_MAX   (128 * 1024)   /* bytes of argument + environment strings (ARG_MAX-like) */
#define EXEC_STRINGS_MAX 4096     /* argv + envp entries */

/* The strings of argv and envp, copied into one kernel buffer. */
struct exec_strings {
    char *buf;
    size_t used;
    char **vec;                   /* argv entries, NULL, envp entries, NULL */
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

static long sys_execve(SYSCALL_ARGS)
{
    char *path = kmalloc(EXEC_PATH_MAX);
    struct exec_strings s = { kmalloc(EXEC_ARGS_MAX), 0,
                              kmalloc(sizeof(char *) * (EXEC_STRINGS_MAX + 2)), 0 };
    long r = -ENOMEM;
    if (!path || !s.buf || !s.vec)
        goto out;
    r = strncpy_from_user(path, (const char *)a0, EXEC_PATH_MAX);
    if (r >= 0 && path[0] == '\0')
        r = -ENOENT;
    if (r < 0)
        goto out;
    int argc = copy_vector(&s, a1);
    if (argc < 0) {
        r = argc;
        goto out;
    }
    int envc = copy_vector(&s, a2);
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

void exec_init(void)
{
    syscall_register(NR_execve, sys_execve);
}
