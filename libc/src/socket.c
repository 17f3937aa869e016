/* socket.c: the socket calls (sys/socket.h), thin wrappers over Linux's
   x86-64 system calls. */
#include <sys/socket.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)

int socket(int domain, int type, int protocol) { RET(__sys3(SYS_socket, domain, type, protocol)); }

int socketpair(int domain, int type, int protocol, int sv[2])
{
    RET(__sys4(SYS_socketpair, domain, type, protocol, sv));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    RET(__sys3(SYS_bind, fd, addr, len));
}

int connect(int fd, const struct sockaddr *addr, socklen_t len)
{
    RET(__sys3(SYS_connect, fd, addr, len));
}

int listen(int fd, int backlog) { RET(__sys2(SYS_listen, fd, backlog)); }

int accept(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
    RET(__sys3(SYS_accept, fd, addr, len));
}

int accept4(int fd, struct sockaddr *restrict addr, socklen_t *restrict len, int flags)
{
    RET(__sys4(SYS_accept4, fd, addr, len, flags));
}

int getsockname(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
    RET(__sys3(SYS_getsockname, fd, addr, len));
}

int getpeername(int fd, struct sockaddr *restrict addr, socklen_t *restrict len)
{
    RET(__sys3(SYS_getpeername, fd, addr, len));
}

ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr,
               socklen_t len)
{
    RET(__sys6(SYS_sendto, fd, (long)buf, (long)n, flags, (long)addr, len));
}

ssize_t recvfrom(int fd, void *restrict buf, size_t n, int flags, struct sockaddr *restrict addr,
                 socklen_t *restrict len)
{
    RET(__sys6(SYS_recvfrom, fd, (long)buf, (long)n, flags, (long)addr, (long)len));
}

ssize_t send(int fd, const void *buf, size_t n, int flags) { return sendto(fd, buf, n, flags, 0, 0); }
ssize_t recv(int fd, void *buf, size_t n, int flags) { return recvfrom(fd, buf, n, flags, 0, 0); }

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
    RET(__sys3(SYS_sendmsg, fd, msg, flags));
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags) { RET(__sys3(SYS_recvmsg, fd, msg, flags)); }
int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags)
{
    RET(__sys4(SYS_sendmmsg, fd, vec, vlen, flags));
}
int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout)
{
    RET(__sys6(SYS_recvmmsg, fd, (long)vec, vlen, flags, (long)timeout, 0));
}

int shutdown(int fd, int how) { RET(__sys2(SYS_shutdown, fd, how)); }

int getsockopt(int fd, int level, int name, void *restrict val, socklen_t *restrict len)
{
    RET(__sys6(SYS_getsockopt, fd, level, name, (long)val, (long)len, 0));
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
    RET(__sys6(SYS_setsockopt, fd, level, name, (long)val, len, 0));
}
