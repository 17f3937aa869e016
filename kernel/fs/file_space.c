/*
 * kernel/fs/file_space.c: what a file's space and cached pages hold,
 * decided by the caller ahead of reading or writing: fallocate(2) and
 * posix_fadvise(2).
 *
 * fallocate's checks are Linux's, in Linux's order (vfs_fallocate), so a
 * program sees the errno Linux would give; the work is the file system's
 * (file_ops.fallocate: memfs has it, ext2 has not and answers EOPNOTSUPP as
 * Linux's ext2 does).  fadvise is advice: WILLNEED starts reading the range
 * into the page cache and returns, DONTNEED writes the range back and evicts
 * its clean pages nobody maps; the others change nothing here (read-ahead
 * already adapts to the access pattern it sees).
 */
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/pagecache.h"

#define FALLOC_MODES (FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE)

int vfs_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
    struct inode *i = f->inode;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (mode & ~FALLOC_MODES)
        return -EOPNOTSUPP;
    if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
        return -EOPNOTSUPP; /* a hole never changes the size */
    if (!vfs_can_write(f))
        return -EBADF;
    if (i->swapfile)
        return -ETXTBSY;
    if (S_ISFIFO(i->mode))
        return -ESPIPE;
    if (S_ISDIR(i->mode))
        return -EISDIR;
    if (!S_ISREG(i->mode))
        return -ENODEV;
    if ((uint64_t)off + (uint64_t)len > INT64_MAX)
        return -EFBIG; /* past the largest file offset */
    if (!f->fops || !f->fops->fallocate)
        return -EOPNOTSUPP;
    return f->fops->fallocate(f, mode, (uint64_t)off, (uint64_t)len);
}

/* The pages [first, end) the advice is about: len 0 means to the end of
   the file, and nothing past the end of the file is read or evicted. */
static void advised_pages(const struct inode *i, int64_t off, int64_t len, uint64_t *first,
                          uint64_t *end)
{
    uint64_t eof = (i->size + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t last = len == 0 || (uint64_t)off + (uint64_t)len < (uint64_t)off
                        ? UINT64_MAX
                        : ((uint64_t)off + (uint64_t)len + PAGE_SIZE - 1) / PAGE_SIZE;
    *first = (uint64_t)off / PAGE_SIZE;
    *end = last < eof ? last : eof;
}

int vfs_fadvise(struct file *f, int64_t off, int64_t len, int advice)
{
    struct inode *i = f->inode;
    if (S_ISFIFO(i->mode))
        return -ESPIPE;
    if (len < 0 || advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE)
        return -EINVAL;
    /* Only a regular file's own cached pages have anything to act on;
       other files take the advice and ignore it, as on Linux. */
    if (!S_ISREG(i->mode) || !i->mapping.ops || off < 0)
        return 0;
    uint64_t first, end;
    advised_pages(i, off, len, &first, &end);
    if (first >= end)
        return 0;
    if (advice == POSIX_FADV_WILLNEED) {
        pcache_read_ahead_range(&i->mapping, first, end, MECH_FILE_READ);
    } else if (advice == POSIX_FADV_DONTNEED) {
        /* Dirty pages are written first, so that they can go too; an
           error of that write-back is the next fsync's to report. */
        (void)pcache_sync_range(&i->mapping, first, end);
        pcache_evict_range(&i->mapping, first, end);
    }
    return 0;
}
