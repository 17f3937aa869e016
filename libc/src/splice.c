/* splice.c: sendfile, splice, tee, vmsplice, copy_file_range (Linux x86-64 system calls). */
#include <fcntl.h>
#include <unistd.h>
#include <sys/sendfile.h>
#include <sys/uio.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)
{
    RET(__sys4(SYS_sendfile, out_fd, in_fd, offset, count));
}

ssize_t splice(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len, unsigned flags)
{
    RET(__sys6(SYS_splice, fd_in, (long)off_in, fd_out, (long)off_out, (long)len, flags));
}

ssize_t tee(int fd_in, int fd_out, size_t len, unsigned flags)
{
    RET(__sys4(SYS_tee, fd_in, fd_out, len, flags));
}

ssize_t vmsplice(int fd, const struct iovec *iov, size_t nr_segs, unsigned flags)
{
    RET(__sys4(SYS_vmsplice, fd, iov, nr_segs, flags));
}

ssize_t copy_file_range(int fd_in, off_t *off_in, int fd_out, off_t *off_out, size_t len,
                        unsigned flags)
{
    RET(__sys6(SYS_copy_file_range, fd_in, (long)off_in, fd_out, (long)off_out, (long)len, flags));
}
