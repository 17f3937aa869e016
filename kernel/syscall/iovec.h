/*
 * kernel/syscall/iovec.h: a call's array of struct iovec, copied in and
 * checked as Linux's iovec_from_user and import_iovec do (readv, writev,
 * vmsplice, process_vm_readv ...).
 */
#ifndef PAGELAB_SYSCALL_IOVEC_H
#define PAGELAB_SYSCALL_IOVEC_H

#include <stdint.h>
#include "kernel/copy/iov_iter.h"

#define MAX_RW_COUNT 0x7ffff000ull /* Linux's cap on the bytes of one call */
#define UIO_MAXIOV   1024          /* iovecs per call (uio.h's IOV_MAX) */

/* n iovecs from uiov, into a kmalloc'd array (*out, the caller kfrees it):
   0, or EINVAL (more than UIO_MAXIOV, a negative length), EFAULT, ENOMEM. */
long iovec_from_user(uint64_t uiov, uint64_t n, struct iovec_linux **out);
/* The same for the caller's own buffers: each must lie in user space
   (EFAULT), and the lengths are cut so that they add up to at most
   MAX_RW_COUNT (*total). */
long import_iovec(uint64_t uiov, uint64_t n, struct iovec_linux **out, uint64_t *total);

#endif
