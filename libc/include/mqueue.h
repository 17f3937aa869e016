/* mqueue.h (POSIX, mq_overview(7)): message queues, over Linux's syscalls
   240-245.  A queue descriptor is a file descriptor. */
#ifndef _MQUEUE_H
#define _MQUEUE_H
#include <sys/types.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>

typedef int mqd_t;

struct mq_attr {
    long mq_flags;   /* O_NONBLOCK or 0 */
    long mq_maxmsg;  /* the most messages queued */
    long mq_msgsize; /* the largest message, bytes */
    long mq_curmsgs; /* messages queued now */
    long __reserved[4];
};

/* name starts with '/'; with O_CREAT, mode (mode_t) and attr (struct
   mq_attr *, NULL: the defaults) follow. */
mqd_t mq_open(const char *name, int oflag, ...);
int mq_close(mqd_t q);
int mq_unlink(const char *name);
int mq_send(mqd_t q, const char *msg, size_t len, unsigned prio);
int mq_timedsend(mqd_t q, const char *msg, size_t len, unsigned prio,
                 const struct timespec *abs_timeout);
ssize_t mq_receive(mqd_t q, char *msg, size_t len, unsigned *prio);
ssize_t mq_timedreceive(mqd_t q, char *msg, size_t len, unsigned *prio,
                        const struct timespec *abs_timeout);
int mq_getattr(mqd_t q, struct mq_attr *attr);
int mq_setattr(mqd_t q, const struct mq_attr *attr, struct mq_attr *old);
int mq_notify(mqd_t q, const struct sigevent *sev);

#endif
