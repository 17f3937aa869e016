/* sys/epoll.h (Linux): epoll(7), Linux's values (pagelab/poll_values.h) and
   its packed x86-64 struct epoll_event. */
#ifndef _SYS_EPOLL_H
#define _SYS_EPOLL_H
#include <signal.h>
#include <stdint.h>
#include <time.h>

#include <pagelab/poll_values.h>

typedef union epoll_data {
    void *ptr;
    int fd;
    uint32_t u32;
    uint64_t u64;
} epoll_data_t;

struct epoll_event {
    uint32_t events;
    epoll_data_t data;
} __attribute__((packed));

int epoll_create(int size);
int epoll_create1(int flags);
int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);
int epoll_wait(int epfd, struct epoll_event *events, int max, int timeout_ms);
int epoll_pwait(int epfd, struct epoll_event *events, int max, int timeout_ms,
                const sigset_t *mask);
int epoll_pwait2(int epfd, struct epoll_event *events, int max, const struct timespec *timeout,
                 const sigset_t *mask);

#endif
