/*
 * kernel/syscall/sys_mq.c: the POSIX message queue syscalls (Linux's
 * 240-245): mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify
 * mq_getsetattr.  The queues are kernel/ipc/mqueue.c's; this file copies
 * the arguments in and out, checks them in Linux's order (timeouts and
 * priorities before the descriptor), and delivers the signal an mq_notify
 * registration asks for.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/task.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "libc/include/pagelab/ipc_values.h"

#define NOTIFY_COOKIE_LEN 32 /* SIGEV_THREAD's cookie (Linux's mqueue.h) */

static bool fd_available(struct files *t)
{
    for (int fd = 0; fd < FD_MAX; fd++)
        if (!fd_file(t, fd))
            return true;
    return false;
}

long sys_mq_open(uint64_t uname, int oflag, unsigned mode, uint64_t uattr)
{
    struct mq_attr_k attr;
    if (uattr && copy_from_user(&attr, (const void *)uattr, sizeof attr, MECH_SYSCALL_ARGS))
        return -EFAULT;
    char *name;
    long r = path_in(uname, &name);
    if (r < 0)
        return r;
    if (r == 0) {
        kfree(name);
        return -ENOENT; /* Linux's getname: an empty name */
    }
    struct files *t = current->files;
    if (!fd_available(t)) {
        kfree(name);
        return -EMFILE;
    }
    struct file *f;
    int err = mqueue_open(name, oflag, mode & ~current->fs->umask, uattr ? &attr : NULL, &f);
    kfree(name);
    if (err)
        return err;
    int fd = fd_install(t, f, 0, oflag & O_CLOEXEC);
    if (fd < 0)
        file_put(f);
    return fd;
}

long sys_mq_unlink(uint64_t uname)
{
    char *name;
    long r = path_in(uname, &name);
    if (r < 0)
        return r;
    int err = r == 0 ? -ENOENT : mqueue_unlink(name);
    kfree(name);
    return err;
}

/* An absolute timeout argument: 0 (none when utime is 0) or -EFAULT/-EINVAL. */
static long timeout_in(uint64_t utime, struct mq_abstime *t)
{
    if (!utime)
        return 0;
    if (copy_from_user(t, (const void *)utime, sizeof *t, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return t->sec < 0 || t->nsec < 0 || t->nsec >= (int64_t)NSEC_PER_SEC ? -EINVAL : 0;
}

/* The open queue behind fd, referenced (drop with file_put), or NULL. */
static struct file *queue_file(int fd)
{
    struct file *f = fd_file(current->files, fd);
    if (!f || !mqueue_is(f))
        return NULL;
    file_get(f);
    return f;
}

long sys_mq_timedsend(int fd, uint64_t umsg, uint64_t len, unsigned prio, uint64_t utime)
{
    struct mq_abstime t;
    long err = timeout_in(utime, &t);
    if (err)
        return err;
    if (prio >= MQ_PRIO_MAX)
        return -EINVAL;
    struct file *f = queue_file(fd);
    if (!f)
        return -EBADF;
    struct mq_notice notice;
    err = mqueue_send(f, umsg, len, prio, utime ? &t : NULL, &notice);
    file_put(f);
    struct proc *p = notice.pid ? proc_find_process(notice.pid) : NULL;
    if (p) {
        /* Linux's __do_notify: SI_MESGQ, the registration's value, and the
           sender as si_pid and si_uid. */
        struct task_cred c;
        task_current_cred(&c);
        struct ksiginfo info = { .si_signo = notice.signo, .si_code = SI_MESGQ };
        info.kill.pid = c.pid;
        info.kill.uid = c.uid;
        info.kill.value = notice.value;
        signal_send_info(p, &info);
    }
    return err;
}

long sys_mq_timedreceive(int fd, uint64_t umsg, uint64_t len, uint64_t uprio, uint64_t utime)
{
    struct mq_abstime t;
    long err = timeout_in(utime, &t);
    if (err)
        return err;
    struct file *f = queue_file(fd);
    if (!f)
        return -EBADF;
    err = mqueue_receive(f, umsg, len, uprio, utime ? &t : NULL);
    file_put(f);
    return err;
}

/* Linux's checks of a struct sigevent.  SIGEV_THREAD needs a netlink
   socket as sigev_signo; pagelab has none, so a descriptor that is open is
   not one (ENOTSOCK). */
static long check_sigevent(const struct sigevent_k *sev)
{
    char cookie[NOTIFY_COOKIE_LEN];
    switch (sev->sigev_notify) {
    case SIGEV_NONE:
        return 0;
    case SIGEV_SIGNAL:
        return sev->sigev_signo < 0 || sev->sigev_signo > NSIG ? -EINVAL : 0;
    case SIGEV_THREAD:
        if (copy_from_user(cookie, (const void *)sev->sigev_value, sizeof cookie,
                           MECH_SYSCALL_ARGS))
            return -EFAULT;
        return fd_file(current->files, sev->sigev_signo) ? -ENOTSOCK : -EBADF;
    default:
        return -EINVAL;
    }
}

long sys_mq_notify(int fd, uint64_t usev)
{
    struct sigevent_k sev;
    if (usev) {
        if (copy_from_user(&sev, (const void *)usev, sizeof sev, MECH_SYSCALL_ARGS))
            return -EFAULT;
        long err = check_sigevent(&sev);
        if (err)
            return err;
    }
    struct file *f = queue_file(fd);
    if (!f)
        return -EBADF;
    int err = mqueue_notify(f, usev ? &sev : NULL, current->tgid, current->files);
    file_put(f);
    return err;
}

long sys_mq_getsetattr(int fd, uint64_t unew, uint64_t uold)
{
    struct mq_attr_k new, old;
    if (unew && copy_from_user(&new, (const void *)unew, sizeof new, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (unew && (new.mq_flags & ~(int64_t)O_NONBLOCK))
        return -EINVAL;
    struct file *f = queue_file(fd);
    if (!f)
        return -EBADF;
    int err = mqueue_getsetattr(f, unew ? &new : NULL, uold ? &old : NULL);
    file_put(f);
    if (!err && uold && copy_to_user((void *)uold, &old, sizeof old, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return err;
}
