/* ipc/mqueue.c: POSIX message queues (mqueue.h) over Linux's syscalls
   240-245.  The kernel takes the name without its leading '/'. */
#include <mqueue.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include "../libc_internal.h"

#define RET(x) return __syscall_ret(x)

mqd_t mq_open(const char *name, int oflag, ...)
{
    mode_t mode = 0;
    struct mq_attr *attr = 0;
    if (name[0] != '/') {
        errno = EINVAL; /* glibc's rule: a queue name starts with '/' */
        return -1;
    }
    if (oflag & O_CREAT) {
        va_list ap;
        va_start(ap, oflag);
        mode = va_arg(ap, mode_t);
        attr = va_arg(ap, struct mq_attr *);
        va_end(ap);
    }
    RET(__sys4(SYS_mq_open, name + 1, oflag, mode, attr));
}

int mq_close(mqd_t q) { return close(q); }

int mq_unlink(const char *name)
{
    if (name[0] != '/') {
        errno = ENOENT;
        return -1;
    }
    /* The kernel says EPERM (an unlink from a sticky directory); POSIX,
       glibc and musl say EACCES. */
    long r = __sys1(SYS_mq_unlink, name + 1);
    RET(r == -EPERM ? -EACCES : r);
}

int mq_timedsend(mqd_t q, const char *msg, size_t len, unsigned prio,
                 const struct timespec *abs_timeout)
{
    RET(__sys6(SYS_mq_timedsend, q, (long)msg, (long)len, prio, (long)abs_timeout, 0));
}

int mq_send(mqd_t q, const char *msg, size_t len, unsigned prio)
{
    return mq_timedsend(q, msg, len, prio, 0);
}

ssize_t mq_timedreceive(mqd_t q, char *msg, size_t len, unsigned *prio,
                        const struct timespec *abs_timeout)
{
    RET(__sys6(SYS_mq_timedreceive, q, (long)msg, (long)len, (long)prio, (long)abs_timeout, 0));
}

ssize_t mq_receive(mqd_t q, char *msg, size_t len, unsigned *prio)
{
    return mq_timedreceive(q, msg, len, prio, 0);
}

int mq_getattr(mqd_t q, struct mq_attr *attr) { RET(__sys3(SYS_mq_getsetattr, q, 0, attr)); }

int mq_setattr(mqd_t q, const struct mq_attr *attr, struct mq_attr *old)
{
    RET(__sys3(SYS_mq_getsetattr, q, attr, old));
}

int mq_notify(mqd_t q, const struct sigevent *sev) { RET(__sys2(SYS_mq_notify, q, sev)); }
