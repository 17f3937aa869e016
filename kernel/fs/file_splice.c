/*
 * kernel/fs/file_splice.c: splice_read of page-cache backed files.
 *
 * The file's pages are handed to the receiver (a pipe, kernel/ipc/splice.c)
 * as they sit in the page cache: the receiver takes a reference on each
 * frame and the CPU copies nothing.  A page not cached is read from the
 * disk first (with read-ahead, as read() does), a DMA transfer into that
 * same frame.  The file system knows nothing of pipes: it calls take()
 * with each page and stops where take() says it is full.
 */
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"

long generic_file_splice_read(struct file *f, uint64_t *pos, size_t n, splice_take_fn take,
                              void *ctx)
{
    return file_each_cached_page(f, pos, n, MECH_SPLICE, take, ctx);
}
