/*
 * kernel/syscall/sys_proc.c: the process syscalls: clone clone3 fork vfork
 * execve exit exit_group wait4 waitid getrusage.  The work is the process
 * layer's (kernel/proc/); here are the user-memory sides of it: execve's
 * path, argv and envp copied in, wait4's status, waitid's siginfo and the
 * rusage copied out.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/exit.h"
#include "kernel/proc/jobctl.h"
#include "kernel/proc/pidfd.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/rusage.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/siginfo.h"
#include "kernel/lib/string.h"
#include "libc/include/pagelab/sched_values.h"

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

/* vfork(2): the child shares the address space, on the parent's very
   stack, and the parent sleeps until the child execs or exits (clone's
   CLONE_VM | CLONE_VFORK with SIGCHLD).  Only an assembly wrapper such as
   musl's may call it: a C function's return in the child would pull the
   parent's frame from under it (our libc's vfork() is fork). */
long sys_vfork(void)
{
    struct clone_request r = { .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD };
    return proc_clone(&r, current->user_frame);
}

/* clone(2), x86-64 argument order: flags, stack, parent_tid, child_tid, tls. */
long sys_clone(uint64_t flags, uint64_t stack, uint64_t parent_tid, uint64_t child_tid,
               uint64_t tls)
{
    struct clone_request r = { .flags = flags & ~(uint64_t)CSIGNAL,
                               .exit_signal = flags & CSIGNAL,
                               .stack = stack,
                               .parent_tid = parent_tid,
                               .child_tid = child_tid,
                               .tls = tls };
    /* clone's flags are 32 bits (Linux drops the rest: clone3-only flags
       cannot be asked for this way). */
    r.flags &= 0xffffffffull;
    /* clone(2) puts the pidfd where the parent's tid would go: not both. */
    if ((r.flags & CLONE_PIDFD) && (r.flags & CLONE_PARENT_SETTID))
        return -EINVAL;
    r.pidfd = parent_tid;
    return proc_clone(&r, current->user_frame);
}

/* struct clone_args (include/uapi/linux/sched.h): 64 bytes in version 0,
   set_tid (80) and cgroup (88) in later versions. */
struct clone_args_linux {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64
#define CLONE3_SIZE_MAX      4096 /* Linux: PAGE_SIZE */

long sys_clone3(uint64_t uargs, uint64_t size)
{
    struct clone_args_linux a = { 0 };
    if (size > CLONE3_SIZE_MAX)
        return -E2BIG;
    if (size < CLONE_ARGS_SIZE_VER0)
        return -EINVAL;
    size_t have = size < sizeof a ? size : sizeof a;
    if (copy_from_user(&a, (void *)uargs, have, MECH_SYSCALL_ARGS))
        return -EFAULT;
    /* A larger struct from a newer program: its extra bytes must be 0. */
    for (uint64_t off = sizeof a; off < size; off++) {
        uint8_t b;
        if (copy_from_user(&b, (void *)(uargs + off), 1, MECH_SYSCALL_ARGS))
            return -EFAULT;
        if (b)
            return -E2BIG;
    }
    if ((a.exit_signal & ~(uint64_t)CSIGNAL) || a.exit_signal > NSIG)
        return -EINVAL;
    /* Linux's clone3_args_valid: 32 legacy bits and the clone3-only ones;
       the exit signal has its own field, CLONE_DETACHED is gone. */
    if (a.flags & ~(0xffffffffull | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
        return -EINVAL;
    if (a.flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
        return -EINVAL;
    if ((a.stack == 0) != (a.stack_size == 0) || a.set_tid || a.set_tid_size)
        return -EINVAL; /* set_tid needs pid namespaces: none here */
    struct clone_request r = { .flags = a.flags,
                               .exit_signal = a.exit_signal,
                               /* clone3 names the stack's lowest byte and size */
                               .stack = a.stack ? a.stack + a.stack_size : 0,
                               .parent_tid = a.parent_tid,
                               .child_tid = a.child_tid,
                               .tls = a.tls,
                               .pidfd = a.pidfd };
    return proc_clone(&r, current->user_frame);
}

/* exit(2) ends the calling thread; exit_group(2) (what exit(3) calls) ends
   the process. */
long sys_exit(int status) { proc_thread_exit(wait_status_exited(status)); }

long sys_exit_group(int status) { proc_exit(wait_status_exited(status)); }

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

/* waitid(2): which children (P_ALL, P_PID id, P_PGID id: 0 is the
   caller's group, P_PIDFD: the child a pidfd names) in wait4's pid terms. */
#define P_ALL   0
#define P_PID   1
#define P_PGID  2
#define P_PIDFD 3

static long waitid_target(int idtype, int id, int *pid)
{
    switch (idtype) {
    case P_ALL:
        *pid = -1;
        return 0;
    case P_PID:
        *pid = id;
        return id > 0 ? 0 : -EINVAL;
    case P_PGID:
        *pid = id == 0 ? 0 : -id;
        return id >= 0 ? 0 : -EINVAL;
    case P_PIDFD: {
        /* The child the pidfd names; ECHILD once it is reaped (its number
           may be someone else's by now). */
        struct file *f = id >= 0 ? syscall_fd(id) : NULL;
        if (!f || !pidfd_is(f))
            return id < 0 ? -EINVAL : -EBADF;
        *pid = pidfd_pid(f);
        return pidfd_process(f) ? 0 : -ECHILD;
    }
    default:
        return -EINVAL;
    }
}

/* The SIGCHLD siginfo of a wait status word: how it ended or changed. */
static void child_siginfo(const struct wait_report *w, struct ksiginfo *si)
{
    memset(si, 0, sizeof *si);
    if (!w->pid)
        return; /* WNOHANG and nothing yet: all zero, as Linux */
    si->si_signo = SIGCHLD;
    si->chld.pid = w->pid;
    si->chld.uid = (uint32_t)w->uid;
    si->si_code = jobctl_cld_code(w->status, &si->chld.status);
}

long sys_waitid(int idtype, int id, uint64_t infop, int options, uint64_t rusage)
{
    int pid;
    long r = waitid_target(idtype, id, &pid);
    if (r)
        return r;
    struct wait_report w = { 0 };
    struct rusage_linux ru;
    memset(&ru, 0, sizeof ru);
    if ((r = proc_waitid(pid, options, &w, &ru)) < 0)
        return r;
    struct ksiginfo si;
    child_siginfo(&w, &si);
    if (infop && copy_to_user((void *)infop, &si, sizeof si, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (rusage && copy_to_user((void *)rusage, &ru, sizeof ru, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

long sys_getrusage(int who, uint64_t usage)
{
    if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
        return -EINVAL;
    struct rusage_linux ru;
    rusage_of(current, who, &ru);
    return copy_to_user((void *)usage, &ru, sizeof ru, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* pidfd_open(2): a descriptor for process pid (a thread-group leader,
   alive or a zombie), close-on-exec; flags: PIDFD_NONBLOCK (O_NONBLOCK). */
long sys_pidfd_open(int pid, int flags)
{
    if (flags & ~O_NONBLOCK)
        return -EINVAL;
    if (pid <= 0)
        return -EINVAL;
    struct proc *p = proc_find(pid);
    if (!p)
        return -ESRCH;
    if (!proc_is_leader(p))
        return -ENOENT; /* Linux 6.9 on: a thread needs PIDFD_THREAD, which pagelab has not */
    struct file *f;
    int err = pidfd_create(p, flags, &f);
    return err ? err : syscall_fd_install(f, 0, true);
}
