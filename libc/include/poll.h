/* poll.h (POSIX): waiting for events on descriptors, Linux's values
   (pagelab/poll_values.h). */
#ifndef _POLL_H
#define _POLL_H
#include <signal.h>
#include <time.h>

#include <pagelab/poll_values.h>

typedef unsigned long nfds_t;

struct pollfd {
    int fd;
    short events;
    short revents;
};

int poll(struct pollfd *fds, nfds_t n, int timeout_ms);
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask);

#endif
