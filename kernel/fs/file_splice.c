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
    struct inode *i = f->inode;
    if (*pos >= i->size || n == 0)
        return 0;
    if (n > i->size - *pos)
        n = (size_t)(i->size - *pos);
    uint64_t last = (*pos + n - 1) / PAGE_SIZE;
    struct pcache_read rq = { &f->ra, (i->size + PAGE_SIZE - 1) / PAGE_SIZE, 1, MECH_SPLICE };
    size_t done = 0;
    long ret = 0;
    while (done < n) {
        uint64_t at = *pos + done;
        uint32_t off = at % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - off < n - done ? PAGE_SIZE - off : n - done;
        uint64_t left = last - at / PAGE_SIZE + 1;
        rq.req = left > UINT32_MAX ? UINT32_MAX : (uint32_t)left;
        int err;
        struct page *p = pcache_read_page(&i->mapping, at / PAGE_SIZE, &rq, &err, NULL);
        if (!p) {
            ret = err;
            break;
        }
        int e = take(ctx, p, off, (uint32_t)chunk);
        pcache_put(p); /* the receiver holds its own reference now */
        if (e) {
            ret = e;
            break;
        }
        done += chunk;
    }
    if (done)
        ra_note_read(&f->ra, (*pos + done - 1) / PAGE_SIZE);
    *pos += done;
    return done ? (long)done : ret;
}
