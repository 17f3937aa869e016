/*
 * kernel/syscall/syscall.c: the dispatcher.  It looks the number up in the
 * table (table.c), converts the argument registers to the handler's types,
 * calls it, and hands the result back in rax; a traced process's calls are
 * written out by strace.c around the call.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "kernel/syscall/user_return_check.h"
#include "kernel/syscall/strace.h"

static uint8_t reported_unknown[SYSCALL_MAX / 8 + 1];

/* A number with no handler: -ENOSYS, said once per number in the log. */
static long not_implemented(uint64_t nr)
{
    if (nr < SYSCALL_MAX) {
        if (reported_unknown[nr / 8] & (1u << (nr % 8)))
            return -ENOSYS;
        reported_unknown[nr / 8] |= 1u << (nr % 8);
    }
    const char *name = syscall_name(nr);
    if (name)
        pr_warn("pid %d (%s): %s: not implemented, ENOSYS\n", current->tgid, current->comm, name);
    else
        pr_warn("pid %d (%s): syscall %lu: no such system call, ENOSYS\n", current->tgid,
                current->comm, nr);
    return -ENOSYS;
}

int syscall_fd_install(struct file *f, int min, bool cloexec)
{
    int fd = fd_install(current->files, f, min, cloexec);
    if (fd < 0)
        file_put(f);
    return fd;
}

struct file *syscall_fd(int fd)
{
    struct file *f = fd_file(current->files, fd);
    if (!f)
        return NULL;
    if (current->nheld_files == PROC_HELD_FILES)
        panic("syscall_fd: a syscall holds more than %d files", PROC_HELD_FILES);
    file_get(f);
    current->held_files[current->nheld_files++] = f;
    return f;
}

struct inode *syscall_cwd(void)
{
    struct fs_context *fs = current->fs;
    if (!fs || !fs->cwd)
        return NULL;
    if (!current->held_cwd) {
        inode_get(fs->cwd);
        current->held_cwd = fs->cwd;
    }
    return current->held_cwd;
}

static void drop_held_files(void)
{
    while (current->nheld_files > 0)
        file_put(current->held_files[--current->nheld_files]);
    if (current->held_cwd) {
        inode_put(current->held_cwd);
        current->held_cwd = NULL;
    }
}

void syscall_dispatch(struct trap_frame *tf)
{
    uint64_t nr = tf->rax;
    const uint64_t args[SYSCALL_ARGS_MAX] = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9 };
    const struct syscall_desc *d =
        nr < SYSCALL_MAX && syscall_table[nr].call ? &syscall_table[nr] : NULL;
    struct strace_call trace;
    bool traced = current->trace_file != NULL;
    if (traced)
        strace_enter(&trace, nr, d, args);
    current->sig.syscall_nr = (long)nr; /* for restarting it (sigrestart.c) */
    long r = d ? d->call(args) : not_implemented(nr);
    if (traced)
        strace_exit(&trace, r);
    drop_held_files();
    /* rt_sigreturn returns the rax it restored; execve returns 0, the rax
       a new program starts with. */
    tf->rax = (uint64_t)r;
    user_return_check((int64_t)nr);
    proc_return_to_user_prepare(tf);
}
