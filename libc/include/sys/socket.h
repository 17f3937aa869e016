/* sys/socket.h (POSIX): sockets, with Linux's values (pagelab/socket_values.h)
   and x86-64 struct layouts.  pagelab has AF_UNIX only (sys/un.h). */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H
#include <sys/types.h>
#include <sys/uio.h>

#include <pagelab/socket_values.h>

typedef unsigned int socklen_t;
typedef unsigned short sa_family_t;

struct sockaddr {
    sa_family_t sa_family;
    char sa_data[14];
};

struct sockaddr_storage {
    sa_family_t ss_family;
    char __ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
    unsigned long __ss_align;
};

struct msghdr {
    void *msg_name;
    socklen_t msg_namelen;
    struct iovec *msg_iov;
    size_t msg_iovlen; /* Linux's size_t (POSIX says int) */
    void *msg_control;
    size_t msg_controllen;
    int msg_flags;
};

struct cmsghdr {
    size_t cmsg_len; /* header and data */
    int cmsg_level;
    int cmsg_type;
};

/* SO_PEERCRED and SCM_CREDENTIALS (a GNU extension, as in glibc). */
struct ucred {
    pid_t pid;
    uid_t uid;
    gid_t gid;
};

#define CMSG_ALIGN(len)  (((len) + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1))
#define CMSG_DATA(cmsg)  ((unsigned char *)((struct cmsghdr *)(cmsg) + 1))
#define CMSG_SPACE(len)  (CMSG_ALIGN(len) + CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_LEN(len)    (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_FIRSTHDR(m)                                                      \
    ((size_t)(m)->msg_controllen >= sizeof(struct cmsghdr)                    \
         ? (struct cmsghdr *)(m)->msg_control                                 \
         : (struct cmsghdr *)0)
#define CMSG_NXTHDR(m, c) __cmsg_nxthdr((m), (c))

/* The record after c, or NULL if there is none whole in the buffer. */
static inline struct cmsghdr *__cmsg_nxthdr(struct msghdr *m, struct cmsghdr *c)
{
    if (c->cmsg_len < sizeof(struct cmsghdr))
        return (struct cmsghdr *)0;
    unsigned char *next = (unsigned char *)c + CMSG_ALIGN(c->cmsg_len);
    unsigned char *end = (unsigned char *)m->msg_control + m->msg_controllen;
    if (next + sizeof(struct cmsghdr) > end ||
        next + CMSG_ALIGN(((struct cmsghdr *)next)->cmsg_len) > end)
        return (struct cmsghdr *)0;
    return (struct cmsghdr *)next;
}

int socket(int domain, int type, int protocol);
int socketpair(int domain, int type, int protocol, int sv[2]);
int bind(int fd, const struct sockaddr *addr, socklen_t len);
int connect(int fd, const struct sockaddr *addr, socklen_t len);
int listen(int fd, int backlog);
int accept(int fd, struct sockaddr *restrict addr, socklen_t *restrict len);
int accept4(int fd, struct sockaddr *restrict addr, socklen_t *restrict len, int flags);
int getsockname(int fd, struct sockaddr *restrict addr, socklen_t *restrict len);
int getpeername(int fd, struct sockaddr *restrict addr, socklen_t *restrict len);
ssize_t send(int fd, const void *buf, size_t n, int flags);
ssize_t recv(int fd, void *buf, size_t n, int flags);
ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr,
               socklen_t len);
ssize_t recvfrom(int fd, void *restrict buf, size_t n, int flags, struct sockaddr *restrict addr,
                 socklen_t *restrict len);
ssize_t sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t recvmsg(int fd, struct msghdr *msg, int flags);

/* Several messages in one call (Linux): each msg_len is set to what went. */
struct mmsghdr {
    struct msghdr msg_hdr;
    unsigned int msg_len;
};
#define MSG_WAITFORONE 0x10000 /* recvmmsg: wait for the first message only */
struct timespec;
int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags);
int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout);
int shutdown(int fd, int how);
int getsockopt(int fd, int level, int name, void *restrict val, socklen_t *restrict len);
int setsockopt(int fd, int level, int name, const void *val, socklen_t len);

#endif
