/*
 * kernel/syscall/sys_socket.c: the socket syscalls: socket socketpair bind
 * connect listen accept accept4 getsockname getpeername sendto recvfrom
 * sendmsg recvmsg shutdown setsockopt getsockopt.  Only AF_UNIX exists
 * (kernel/ipc/unix_sock.h); this file moves the arguments in and out with
 * Linux's rules (net/socket.c):
 *
 *   - an address argument is at most sizeof(struct sockaddr_storage) (128)
 *     bytes (EINVAL); an address going out is cut to the caller's length,
 *     and the full length is written back;
 *   - struct msghdr is read whole; more than UIO_MAXIOV iovecs is EMSGSIZE,
 *     a negative length EINVAL, a kernel address EFAULT; msg_control of
 *     more than UNIX_CONTROL_MAX bytes is ENOBUFS;
 *   - a non-blocking file adds MSG_DONTWAIT;
 *   - EPIPE from a stream socket raises SIGPIPE unless MSG_NOSIGNAL (the
 *     socket only reports it, as a pipe does).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/iov_iter.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/unix_sock.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/time.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"

#define SOCKADDR_STORAGE 128  /* sizeof(struct sockaddr_storage) */
#define UIO_MAXIOV       1024 /* iovecs per call (uio.h) */
#define UIO_FASTIOV      8    /* iovecs kept on the stack */
#define MAX_RW_COUNT     0x7ffff000ull
#define SOCK_INT_MAX     0x7fffffffull
#define UNIX_CONTROL_MAX 131072 /* Linux's net.core.optmem_max */
#define SOCK_FLAGS       (SOCK_NONBLOCK | SOCK_CLOEXEC)
#define SOCK_MAX         11 /* types beyond Linux's last are EINVAL */
#define NPROTO           46 /* families beyond Linux's last are EAFNOSUPPORT */

/* Linux's struct msghdr (x86-64): 56 bytes. */
struct msghdr_linux {
    uint64_t msg_name;
    int32_t msg_namelen;
    int32_t pad0;
    uint64_t msg_iov;
    uint64_t msg_iovlen;
    uint64_t msg_control;
    uint64_t msg_controllen;
    int32_t msg_flags;
    int32_t pad1;
};
_Static_assert(sizeof(struct msghdr_linux) == 56, "Linux x86-64 struct msghdr is 56 bytes");

/* The socket behind fd (-EBADF or -ENOTSOCK otherwise), with a reference
   on its file until sock_put: a call may sleep (waiting, or faulting in a
   user page), and the descriptor may be closed meanwhile. */
static long sock_get(int fd, struct unix_sock **s, struct file **f)
{
    struct file *file = fd_file(current->files, fd);
    if (!file)
        return -EBADF;
    if (!(*s = unix_sock_of(file)))
        return -ENOTSOCK;
    file_get(file);
    *f = file;
    return 0;
}

static long sock_put(struct file *f, long r)
{
    file_put(f);
    return r;
}

/* An address argument into kaddr (room for SOCKADDR_STORAGE bytes). */
static long addr_in(uint64_t uaddr, int len, void *kaddr)
{
    if (len < 0 || len > SOCKADDR_STORAGE)
        return -EINVAL;
    return copy_from_user(kaddr, (void *)uaddr, (size_t)len, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* Linux's move_addr_to_user: at most *ulen bytes of the klen-byte address,
   then klen into *ulen. */
static long addr_out(const void *kaddr, uint32_t klen, uint64_t uaddr, uint64_t ulen)
{
    int len;
    if (copy_from_user(&len, (void *)ulen, sizeof len, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    if ((uint32_t)len > klen)
        len = (int)klen;
    if (len && copy_to_user((void *)uaddr, kaddr, (size_t)len, MECH_SYSCALL_ARGS))
        return -EFAULT;
    int full = (int)klen;
    return copy_to_user((void *)ulen, &full, sizeof full, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

static long sigpipe(struct unix_sock *s, long r, int flags)
{
    if (r == -EPIPE && unix_epipe_signals(s) && !(flags & MSG_NOSIGNAL))
        signal_send(current, SIGPIPE);
    return r;
}

static int dontwait(const struct file *f, int flags)
{
    return (f->flags & O_NONBLOCK) ? flags | MSG_DONTWAIT : flags;
}

/* socket(2)'s checks, in Linux's order: flags, type, family, protocol. */
static long type_and_flags(int domain, int type, int protocol, int *stype, int *fflags)
{
    if (type & ~(SOCK_TYPE_MASK | SOCK_FLAGS))
        return -EINVAL;
    *stype = type & SOCK_TYPE_MASK;
    *fflags = type & SOCK_NONBLOCK ? O_NONBLOCK : 0;
    if (*stype >= SOCK_MAX)
        return -EINVAL;
    if (domain < 0 || domain >= NPROTO || domain != AF_UNIX)
        return -EAFNOSUPPORT;
    if (protocol && protocol != PF_UNIX)
        return -EPROTONOSUPPORT;
    if (*stype == SOCK_RAW)
        *stype = SOCK_DGRAM; /* Linux: a raw Unix socket is a datagram socket */
    return 0;
}

long sys_socket(int domain, int type, int protocol)
{
    int stype, fflags;
    long r = type_and_flags(domain, type, protocol, &stype, &fflags);
    if (r)
        return r;
    struct file *f;
    if ((r = unix_create(stype, fflags, &f)))
        return r;
    return syscall_fd_install(f, 0, type & SOCK_CLOEXEC);
}

long sys_socketpair(int domain, int type, int protocol, uint64_t usv)
{
    int stype, fflags;
    long r = type_and_flags(domain, type, protocol, &stype, &fflags);
    if (r)
        return r;
    struct file *a, *b;
    if ((r = unix_socketpair(stype, fflags, &a, &b)))
        return r;
    struct files *t = current->files;
    bool cloexec = type & SOCK_CLOEXEC;
    int fds[2] = { fd_install(t, a, 0, cloexec), -1 };
    if (fds[0] < 0) {
        file_put(a);
        file_put(b);
        return fds[0];
    }
    if ((fds[1] = fd_install(t, b, 0, cloexec)) < 0) {
        fd_close(t, fds[0]);
        file_put(b);
        return fds[1];
    }
    if (copy_to_user((void *)usv, fds, sizeof fds, MECH_SYSCALL_ARGS)) {
        fd_close(t, fds[0]);
        fd_close(t, fds[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_bind(int fd, uint64_t uaddr, int len)
{
    struct unix_sock *s;
    struct file *f;
    uint8_t addr[SOCKADDR_STORAGE];
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    r = addr_in(uaddr, len, addr);
    if (!r)
        r = (uint32_t)len > UNIX_ADDR_MAX ? -EINVAL
                                          : unix_bind(s, current->files, addr, (uint32_t)len);
    return sock_put(f, r);
}

long sys_connect(int fd, uint64_t uaddr, int len)
{
    struct unix_sock *s;
    struct file *f;
    uint8_t addr[SOCKADDR_STORAGE];
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    r = addr_in(uaddr, len, addr);
    if (!r)
        r = (uint32_t)len > UNIX_ADDR_MAX
                ? -EINVAL
                : unix_connect(s, current->files, addr, (uint32_t)len, f->flags & O_NONBLOCK);
    return sock_put(f, r);
}

long sys_listen(int fd, int backlog)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    return r ? r : sock_put(f, unix_listen(s, backlog));
}

long sys_accept4(int fd, uint64_t uaddr, uint64_t ulen, int flags)
{
    if (flags & ~SOCK_FLAGS)
        return -EINVAL;
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    struct file *nf;
    r = sock_put(
        f, unix_accept(s, flags & SOCK_NONBLOCK ? O_NONBLOCK : 0, f->flags & O_NONBLOCK, &nf));
    if (r)
        return r;
    if (uaddr) {
        uint8_t addr[UNIX_NAME_MAX];
        uint32_t klen;
        r = unix_getname(unix_sock_of(nf), true, addr, &klen);
        if (!r)
            r = addr_out(addr, klen, uaddr, ulen);
        if (r) { /* Linux closes the new connection when it cannot report it */
            file_put(nf);
            return r;
        }
    }
    return syscall_fd_install(nf, 0, flags & SOCK_CLOEXEC);
}

long sys_accept(int fd, uint64_t uaddr, uint64_t ulen) { return sys_accept4(fd, uaddr, ulen, 0); }

static long getname(int fd, uint64_t uaddr, uint64_t ulen, bool peer)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    uint8_t addr[UNIX_NAME_MAX];
    uint32_t klen;
    r = unix_getname(s, peer, addr, &klen);
    return sock_put(f, r ? r : addr_out(addr, klen, uaddr, ulen));
}

long sys_getsockname(int fd, uint64_t uaddr, uint64_t ulen)
{
    return getname(fd, uaddr, ulen, false);
}

long sys_getpeername(int fd, uint64_t uaddr, uint64_t ulen)
{
    return getname(fd, uaddr, ulen, true);
}

long sys_shutdown(int fd, int how)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    return r ? r : sock_put(f, unix_shutdown(s, how));
}

long sys_setsockopt(int fd, int level, int name, uint64_t uval, int len)
{
    if (len < 0)
        return -EINVAL;
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    /* Linux: shorter than an int is EINVAL for every option, shorter than
       the option's own size too; only that size is read. */
    uint64_t v[UNIX_OPT_MAX / 8]; /* aligned for a timeval */
    uint32_t want = unix_setsockopt_len(name);
    if (level != SOL_SOCKET)
        r = -EOPNOTSUPP;
    else if ((size_t)len < sizeof(int) || (uint32_t)len < want)
        r = -EINVAL;
    else if (copy_from_user(v, (void *)uval, want, MECH_SYSCALL_ARGS))
        r = -EFAULT;
    else
        r = unix_setsockopt(s, level, name, v, want);
    return sock_put(f, r);
}

static long getsockopt_on(struct unix_sock *s, int level, int name, uint64_t uval, uint64_t ulen)
{
    if (level != SOL_SOCKET)
        return -EOPNOTSUPP;
    int len;
    if (copy_from_user(&len, (void *)ulen, sizeof len, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (len < 0)
        return -EINVAL;
    uint64_t val[UNIX_OPT_MAX / 8];
    uint32_t klen;
    long r = unix_getsockopt(s, level, name, val, &klen);
    if (r)
        return r;
    if ((uint32_t)len > klen)
        len = (int)klen;
    if (copy_to_user((void *)uval, val, (size_t)len, MECH_SYSCALL_ARGS) ||
        copy_to_user((void *)ulen, &len, sizeof len, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return 0;
}

long sys_getsockopt(int fd, int level, int name, uint64_t uval, uint64_t ulen)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    return r ? r : sock_put(f, getsockopt_on(s, level, name, uval, ulen));
}

/* --- data --- */

/* The iovecs of a call, copied in and checked (Linux's import_iovec). */
struct msg_iovs {
    struct iovec_linux inline_segs[UIO_FASTIOV];
    struct iovec_linux *segs;
    struct iov_iter it;
};

static long iovs_in(struct msg_iovs *v, uint64_t uiov, uint64_t n)
{
    if (n > UIO_MAXIOV)
        return -EMSGSIZE;
    v->segs = n <= UIO_FASTIOV ? v->inline_segs : kmalloc(n * sizeof *v->segs);
    if (!v->segs)
        return -ENOMEM;
    if (copy_from_user(v->segs, (void *)uiov, n * sizeof *v->segs, MECH_SYSCALL_ARGS))
        return -EFAULT;
    uint64_t total = 0;
    for (uint64_t i = 0; i < n; i++) {
        if ((int64_t)v->segs[i].len < 0)
            return -EINVAL;
        if (v->segs[i].len > MAX_RW_COUNT - total)
            v->segs[i].len = MAX_RW_COUNT - total; /* Linux caps a call at MAX_RW_COUNT */
        if (!user_range_ok(v->segs[i].base, v->segs[i].len))
            return -EFAULT;
        total += v->segs[i].len;
    }
    iov_iter_init(&v->it, v->segs, (int)n, total, true, MECH_SOCKET);
    return 0;
}

static void iovs_done(struct msg_iovs *v)
{
    if (v->segs && v->segs != v->inline_segs)
        kfree(v->segs);
}

static long one_buffer(struct msg_iovs *v, uint64_t ubuf, uint64_t len)
{
    if (len > SOCK_INT_MAX)
        len = SOCK_INT_MAX; /* Linux: send/recv of more than INT_MAX */
    if (!user_range_ok(ubuf, len))
        return -EFAULT;
    v->segs = v->inline_segs;
    v->segs[0] = (struct iovec_linux){ ubuf, len };
    iov_iter_init(&v->it, v->segs, 1, len, true, MECH_SOCKET);
    return 0;
}

static long do_send(struct unix_sock *s, struct file *f, struct unix_send *m)
{
    m->flags = dontwait(f, m->flags);
    return sigpipe(s, unix_sendmsg(s, current->files, m), m->flags);
}

long sys_sendto(int fd, uint64_t ubuf, uint64_t len, int flags, uint64_t uaddr, int addrlen)
{
    struct msg_iovs v;
    long r = one_buffer(&v, ubuf, len);
    struct unix_sock *s;
    struct file *f;
    if (r || (r = sock_get(fd, &s, &f)))
        return r;
    uint8_t addr[SOCKADDR_STORAGE];
    struct unix_send m = { .data = &v.it, .flags = flags };
    if (uaddr) {
        r = addr_in(uaddr, addrlen, addr);
        m.name = addr;
        m.namelen = (uint32_t)addrlen;
    }
    return sock_put(f, r ? r : do_send(s, f, &m));
}

long sys_recvfrom(int fd, uint64_t ubuf, uint64_t len, int flags, uint64_t uaddr, uint64_t ulen)
{
    struct msg_iovs v;
    long r = one_buffer(&v, ubuf, len);
    struct unix_sock *s;
    struct file *f;
    if (r || (r = sock_get(fd, &s, &f)))
        return r;
    uint8_t addr[UNIX_NAME_MAX];
    struct unix_recv m = { .data = &v.it,
                           .name = uaddr ? addr : NULL,
                           .flags = dontwait(f, flags) };
    r = unix_recvmsg(s, current->files, &m);
    if (r >= 0 && uaddr) {
        long e = addr_out(addr, m.namelen, uaddr, ulen);
        if (e)
            r = e;
    }
    return sock_put(f, r);
}

/* A struct msghdr argument: the header, its iovecs and its name. */
static long msghdr_in(uint64_t umsg, struct msghdr_linux *h, struct msg_iovs *v)
{
    v->segs = NULL;
    if (copy_from_user(h, (void *)umsg, sizeof *h, MECH_SYSCALL_ARGS))
        return -EFAULT;
    if (!h->msg_name)
        h->msg_namelen = 0;
    if (h->msg_namelen < 0)
        return -EINVAL;
    if (h->msg_namelen > SOCKADDR_STORAGE)
        h->msg_namelen = SOCKADDR_STORAGE;
    return iovs_in(v, h->msg_iov, h->msg_iovlen);
}

static long sendmsg_on(struct unix_sock *s, struct file *f, uint64_t umsg, int flags)
{
    long r;
    struct msghdr_linux h;
    struct msg_iovs v;
    uint8_t addr[SOCKADDR_STORAGE];
    void *ctl = NULL;
    struct unix_send m = { .data = &v.it, .flags = flags };
    if ((r = msghdr_in(umsg, &h, &v)))
        goto out;
    if (h.msg_namelen) {
        if ((r = addr_in(h.msg_name, h.msg_namelen, addr)))
            goto out;
        m.name = addr;
        m.namelen = (uint32_t)h.msg_namelen;
    }
    if (h.msg_controllen > SOCK_INT_MAX || h.msg_controllen > UNIX_CONTROL_MAX) {
        r = -ENOBUFS;
        goto out;
    }
    if (h.msg_controllen) {
        r = -ENOMEM;
        if (!(ctl = kmalloc(h.msg_controllen)))
            goto out;
        r = -EFAULT;
        if (copy_from_user(ctl, (void *)h.msg_control, h.msg_controllen, MECH_SYSCALL_ARGS))
            goto out;
        m.control = ctl;
        m.controllen = h.msg_controllen;
    }
    r = do_send(s, f, &m);
out:
    kfree(ctl);
    iovs_done(&v);
    return r;
}

long sys_sendmsg(int fd, uint64_t umsg, int flags)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    return r ? r : sock_put(f, sendmsg_on(s, f, umsg, flags));
}

static long recvmsg_on(struct unix_sock *s, struct file *f, uint64_t umsg, int flags)
{
    struct msghdr_linux h;
    struct msg_iovs v;
    long r = msghdr_in(umsg, &h, &v);
    if (r) {
        iovs_done(&v);
        return r;
    }
    uint8_t addr[UNIX_NAME_MAX];
    struct unix_recv m = {
        .data = &v.it,
        .name = h.msg_name ? addr : NULL,
        .ucontrol = h.msg_control,
        .controllen = h.msg_controllen,
        .flags = dontwait(f, flags),
    };
    r = unix_recvmsg(s, current->files, &m);
    iovs_done(&v);
    if (r < 0)
        return r;
    struct msghdr_linux *u = (struct msghdr_linux *)umsg;
    if (h.msg_name && addr_out(addr, m.namelen, h.msg_name, (uint64_t)&u->msg_namelen))
        return -EFAULT;
    uint64_t used = m.control_used;
    if (copy_to_user(&u->msg_flags, &m.msg_flags, sizeof m.msg_flags, MECH_SYSCALL_ARGS) ||
        copy_to_user(&u->msg_controllen, &used, sizeof used, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return r;
}

long sys_recvmsg(int fd, uint64_t umsg, int flags)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    return r ? r : sock_put(f, recvmsg_on(s, f, umsg, flags));
}

/* sendmmsg/recvmmsg: an array of struct mmsghdr (a msghdr and the length
   that went, 64 bytes); at most UIO_MAXIOV of them.  The count done is
   returned, or the first message's error if none was. */
#define MMSG_SIZE       64
#define MMSG_LEN_OFFSET 56
#define MMSG_MAX        1024
#define MSG_WAITFORONE  0x10000

struct timespec_linux {
    int64_t tv_sec;
    int64_t tv_nsec;
};

static long mmsg_done(uint64_t uvec, unsigned i, long r)
{
    uint32_t len = (uint32_t)r;
    uint64_t at = uvec + (uint64_t)i * MMSG_SIZE + MMSG_LEN_OFFSET;
    return copy_to_user((void *)at, &len, sizeof len, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

long sys_sendmmsg(int fd, uint64_t uvec, unsigned vlen, int flags)
{
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    if (vlen > MMSG_MAX)
        vlen = MMSG_MAX;
    unsigned i = 0;
    for (; i < vlen; i++) {
        r = sendmsg_on(s, f, uvec + (uint64_t)i * MMSG_SIZE, flags);
        if (r < 0 || (r = mmsg_done(uvec, i, r)) < 0)
            break;
    }
    return sock_put(f, i ? (long)i : r);
}

/* The timeout is looked at after each message, as Linux does (a blocking
   receive may still wait past it); what is left of it is written back. */
long sys_recvmmsg(int fd, uint64_t uvec, unsigned vlen, int flags, uint64_t utimeout)
{
    struct timespec_linux ts;
    uint64_t deadline = 0;
    if (utimeout) {
        if (copy_from_user(&ts, (void *)utimeout, sizeof ts, MECH_SYSCALL_ARGS))
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        deadline =
            clock_monotonic_ns() + (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    }
    struct unix_sock *s;
    struct file *f;
    long r = sock_get(fd, &s, &f);
    if (r)
        return r;
    if (vlen > MMSG_MAX)
        vlen = MMSG_MAX;
    unsigned i = 0;
    for (; i < vlen; i++) {
        r = recvmsg_on(s, f, uvec + (uint64_t)i * MMSG_SIZE, flags & ~MSG_WAITFORONE);
        if (r < 0 || (r = mmsg_done(uvec, i, r)) < 0)
            break;
        if (flags & MSG_WAITFORONE)
            flags |= MSG_DONTWAIT;
        if (deadline && clock_monotonic_ns() >= deadline) {
            i++;
            break;
        }
    }
    if (utimeout) {
        uint64_t now = clock_monotonic_ns(), left = now < deadline ? deadline - now : 0;
        ts.tv_sec = (int64_t)(left / 1000000000ull);
        ts.tv_nsec = (int64_t)(left % 1000000000ull);
        copy_to_user((void *)utimeout, &ts, sizeof ts, MECH_SYSCALL_ARGS);
    }
    return sock_put(f, i ? (long)i : r);
}
