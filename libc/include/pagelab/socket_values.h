/*
 * pagelab/socket_values.h: Linux's socket constants for AF_UNIX
 * (include/linux/socket.h, include/uapi/asm-generic/socket.h, linux/net.h,
 * include/uapi/linux/un.h), shared by the kernel and our libc.
 */
#ifndef PAGELAB_UAPI_SOCKET_VALUES_H
#define PAGELAB_UAPI_SOCKET_VALUES_H

/* Address families (only AF_UNIX exists in pagelab). */
#define AF_UNSPEC 0
#define AF_UNIX   1
#define AF_LOCAL  AF_UNIX
#define AF_INET   2
#define AF_INET6  10
#define PF_UNSPEC AF_UNSPEC
#define PF_UNIX   AF_UNIX
#define PF_LOCAL  AF_UNIX
#define PF_INET   AF_INET
#define PF_INET6  AF_INET6

/* Socket types; SOCK_NONBLOCK and SOCK_CLOEXEC are or-ed into the type. */
#define SOCK_STREAM    1
#define SOCK_DGRAM     2
#define SOCK_RAW       3
#define SOCK_RDM       4
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK  04000    /* O_NONBLOCK */
#define SOCK_CLOEXEC   02000000 /* O_CLOEXEC */
#define SOCK_TYPE_MASK 0xf

#define SOL_SOCKET 1

/* SOL_SOCKET options (asm-generic/socket.h). */
#define SO_DEBUG       1
#define SO_REUSEADDR   2
#define SO_TYPE        3
#define SO_ERROR       4
#define SO_DONTROUTE   5
#define SO_BROADCAST   6
#define SO_SNDBUF      7
#define SO_RCVBUF      8
#define SO_KEEPALIVE   9
#define SO_OOBINLINE   10
#define SO_LINGER      13
#define SO_REUSEPORT   15
#define SO_PASSCRED    16
#define SO_PEERCRED    17
#define SO_RCVLOWAT    18
#define SO_SNDLOWAT    19
#define SO_RCVTIMEO    20 /* struct timeval (Linux's SO_RCVTIMEO_OLD) */
#define SO_SNDTIMEO    21
#define SO_ACCEPTCONN  30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL    38
#define SO_DOMAIN      39
#define SO_RCVTIMEO_NEW 66 /* the same 16 bytes on x86-64 */
#define SO_SNDTIMEO_NEW 67

/* send/recv flags. */
#define MSG_OOB          0x1
#define MSG_PEEK         0x2
#define MSG_DONTROUTE    0x4
#define MSG_CTRUNC       0x8
#define MSG_TRUNC        0x20
#define MSG_DONTWAIT     0x40
#define MSG_EOR          0x80
#define MSG_WAITALL      0x100
#define MSG_NOSIGNAL     0x4000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown(2). */
#define SHUT_RD   0
#define SHUT_WR   1
#define SHUT_RDWR 2

/* Control messages at level SOL_SOCKET. */
#define SCM_RIGHTS      1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD      253 /* descriptors one message may carry (include/net/scm.h) */

#define SOMAXCONN      4096 /* listen(2) backlog ceiling: net.core.somaxconn's default */
#define UNIX_PATH_MAX  108  /* sizeof sockaddr_un.sun_path */

#endif
