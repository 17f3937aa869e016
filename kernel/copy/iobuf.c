/* kernel/copy/iobuf.c: copies to and from the caller's side of a read or
   write (struct iobuf, uaccess.h), user or kernel memory. */
#include "kernel/copy/uaccess.h"

long iobuf_copy_out(struct iobuf *b, size_t off, const void *src, size_t n)
{
    if (b->user)
        return copy_to_user((uint8_t *)b->ptr + off, src, n, b->mech);
    copy_kernel((uint8_t *)b->ptr + off, src, n, b->mech);
    return 0;
}

long iobuf_copy_in(struct iobuf *b, size_t off, void *dst, size_t n)
{
    if (b->user)
        return copy_from_user(dst, (const uint8_t *)b->ptr + off, n, b->mech);
    copy_kernel(dst, (const uint8_t *)b->ptr + off, n, b->mech);
    return 0;
}
