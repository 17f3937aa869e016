/* kernel/copy/iov_iter.c: a scatter list walked as one stream (iov_iter.h). */
#include "kernel/copy/iov_iter.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"

void iov_iter_init(struct iov_iter *it, const struct iovec_linux *segs, int nsegs, size_t total,
                   bool user, enum copy_mech mech)
{
    it->segs = segs;
    it->nsegs = nsegs;
    it->seg = 0;
    it->off = 0;
    it->left = total;
    it->user = user;
    it->mech = mech;
}

/* Moves n bytes between kbuf and the segments, in the direction `in`
   (segments -> kbuf). */
static long iter_copy(struct iov_iter *it, uint8_t *kbuf, size_t n, bool in)
{
    struct iov_iter saved = *it;
    size_t done = 0;
    while (done < n) {
        const struct iovec_linux *s = &it->segs[it->seg];
        size_t room = (size_t)s->len - it->off;
        if (room == 0) {
            it->seg++;
            it->off = 0;
            continue;
        }
        size_t k = n - done < room ? n - done : room;
        void *at = (void *)(s->base + it->off);
        long err = 0;
        if (it->user)
            err = in ? copy_from_user(kbuf + done, at, k, it->mech)
                     : copy_to_user(at, kbuf + done, k, it->mech);
        else if (in)
            copy_kernel(kbuf + done, at, k, it->mech);
        else
            copy_kernel(at, kbuf + done, k, it->mech);
        if (err) {
            *it = saved;
            return -EFAULT;
        }
        done += k;
        it->off += k;
        it->left -= k;
    }
    return 0;
}

long iov_iter_copy_in(struct iov_iter *it, void *dst, size_t n)
{
    return iter_copy(it, dst, n, true);
}

long iov_iter_copy_out(struct iov_iter *it, const void *src, size_t n)
{
    return iter_copy(it, (uint8_t *)src, n, false);
}

void iov_iter_advance(struct iov_iter *it, size_t n)
{
    while (n) {
        size_t room = (size_t)it->segs[it->seg].len - it->off;
        if (room == 0) {
            it->seg++;
            it->off = 0;
            continue;
        }
        size_t k = n < room ? n : room;
        it->off += k;
        it->left -= k;
        n -= k;
    }
}
