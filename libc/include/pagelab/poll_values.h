/*
 * pagelab/poll_values.h: Linux's poll(2), select(2) and epoll(7) constants
 * (include/uapi/asm-generic/poll.h, include/uapi/linux/eventpoll.h,
 * include/uapi/linux/posix_types.h), shared by the kernel and our libc.
 */
#ifndef PAGELAB_UAPI_POLL_VALUES_H
#define PAGELAB_UAPI_POLL_VALUES_H

#define POLLIN     0x0001
#define POLLPRI    0x0002
#define POLLOUT    0x0004
#define POLLERR    0x0008
#define POLLHUP    0x0010
#define POLLNVAL   0x0020
#define POLLRDNORM 0x0040
#define POLLRDBAND 0x0080
#define POLLWRNORM 0x0100
#define POLLWRBAND 0x0200
#define POLLMSG    0x0400
#define POLLRDHUP  0x2000

#define EPOLLIN        0x00000001u
#define EPOLLPRI       0x00000002u
#define EPOLLOUT       0x00000004u
#define EPOLLERR       0x00000008u
#define EPOLLHUP       0x00000010u
#define EPOLLNVAL      0x00000020u
#define EPOLLRDNORM    0x00000040u
#define EPOLLRDBAND    0x00000080u
#define EPOLLWRNORM    0x00000100u
#define EPOLLWRBAND    0x00000200u
#define EPOLLMSG       0x00000400u
#define EPOLLRDHUP     0x00002000u
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP    (1u << 29)
#define EPOLLONESHOT   (1u << 30)
#define EPOLLET        (1u << 31)

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLL_CLOEXEC 02000000 /* O_CLOEXEC */

#ifndef FD_SETSIZE /* a host C library's headers may have it too (tests/host) */
#define FD_SETSIZE 1024 /* bits in an fd_set */
#endif

#endif
