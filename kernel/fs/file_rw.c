/*
 * kernel/fs/file_rw.c: read() and write() of page-cache backed files.
 *
 * The payload makes exactly one CPU copy each way: between the cached page
 * and the caller's buffer, through iobuf_copy_out/in (copy_to_user or
 * copy_kernel, which feed the copy ledger).  Filling a page from the disk
 * and writing it back are DMA transfers into and out of that same page.
 */
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"

long file_each_cached_page(struct file *f, uint64_t *pos, size_t n, enum copy_mech mech,
                           splice_take_fn take, void *ctx)
{
    struct inode *i = f->inode;
    if (*pos >= i->size)
        return 0;
    if (n > i->size - *pos)
        n = (size_t)(i->size - *pos);
    if (n == 0)
        return 0;
    /* Read-ahead knows where this read ends (req: the pages still wanted)
       and where the file ends (limit). */
    uint64_t last = (*pos + n - 1) / PAGE_SIZE;
    struct pcache_read rq = { &f->ra, (i->size + PAGE_SIZE - 1) / PAGE_SIZE, 1, mech };
    size_t done = 0;
    long ret = 0;
    while (done < n) {
        uint64_t at = *pos + done;
        uint32_t off = at % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - off < n - done ? PAGE_SIZE - off : n - done;
        int err;
        uint64_t left = last - at / PAGE_SIZE + 1;
        rq.req = left > UINT32_MAX ? UINT32_MAX : (uint32_t)left;
        struct page *p = pcache_read_page(&i->mapping, at / PAGE_SIZE, &rq, &err, NULL);
        if (!p) {
            ret = err;
            break;
        }
        int e = take(ctx, p, off, (uint32_t)chunk);
        pcache_put(p); /* take() holds its own reference if it keeps the page */
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

/* read()'s receiver: the one CPU copy, from the cached page to the
   caller's buffer. */
struct read_into {
    struct iobuf *buf;
    size_t done;
};

static int copy_page_out(void *ctx, struct page *p, uint32_t off, uint32_t len)
{
    struct read_into *r = ctx;
    long e = iobuf_copy_out(r->buf, r->done, (uint8_t *)page_to_virt(p) + off, len);
    if (e)
        return (int)e;
    r->done += len;
    return 0;
}

long generic_file_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct read_into r = { buf, 0 };
    return file_each_cached_page(f, pos, n, MECH_FILE_READ, copy_page_out, &r);
}

long generic_file_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct inode *i = f->inode;
    int err;
    if (i->swapfile)
        return -ETXTBSY;
    if (n == 0)
        return 0;
    if (*pos > i->size && (err = i->iops->setsize(i, *pos)))
        return err; /* the gap becomes a hole */
    size_t done = 0;
    while (done < n) {
        uint64_t at = *pos + done;
        uint32_t off = at % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - off < n - done ? PAGE_SIZE - off : n - done;
        /* The page first, then the blocks: read before allocation, a hole
           or the space past the end of file reads as zeros, not as whatever
           a newly allocated block held on the disk.  A page wholly
           overwritten, or wholly past the end of file, is not read. */
        uint64_t page_start = at - off;
        struct page *p;
        if (chunk == PAGE_SIZE || page_start >= i->size) {
            p = pcache_get_for_overwrite(&i->mapping, at / PAGE_SIZE, MECH_FILE_WRITE);
            err = p ? 0 : -ENOMEM;
        } else {
            p = pcache_get(&i->mapping, at / PAGE_SIZE, MECH_FILE_WRITE, &err);
        }
        if (!p)
            break;
        if ((err = i->iops->prepare_write(i, at, chunk))) {
            pcache_put(p);
            break;
        }
        long e = iobuf_copy_in(buf, done, (uint8_t *)page_to_virt(p) + off, chunk);
        if (e) {
            pcache_put(p);
            err = (int)e;
            break;
        }
        pcache_mark_dirty(p);
        pcache_put(p);
        done += chunk;
        if (at + chunk > i->size)
            i->size = at + chunk;
    }
    if (done) {
        i->mtime = i->ctime = vfs_now();
        i->iops->write_inode(i);
        *pos += done;
        return (long)done;
    }
    return err;
}

int64_t file_whence_base(const struct file *f, int whence)
{
    switch (whence) {
    case SEEK_SET:
        return 0;
    case SEEK_CUR:
        return (int64_t)f->pos;
    case SEEK_END:
        return (int64_t)f->inode->size;
    default:
        return -EINVAL;
    }
}

int64_t file_seek_data_or_hole(struct file *f, int64_t off, int whence,
                               uint64_t (*next_data)(struct inode *i, uint64_t from),
                               uint64_t (*next_hole)(struct inode *i, uint64_t from))
{
    struct inode *i = f->inode;
    if (off < 0 || (uint64_t)off >= i->size)
        return -ENXIO;
    uint64_t at = (uint64_t)off;
    if (next_data) {
        uint64_t page = at / PAGE_SIZE;
        uint64_t found = whence == SEEK_DATA ? next_data(i, page) : next_hole(i, page);
        if (found != page) /* not in off's own page: from the start of that one */
            at = found >= i->size / PAGE_SIZE + 1 ? i->size : found * PAGE_SIZE;
    } else if (whence == SEEK_HOLE) {
        at = i->size;
    }
    if (at >= i->size) {
        if (whence == SEEK_DATA)
            return -ENXIO;
        at = i->size;
    }
    f->pos = at;
    return (int64_t)at;
}

int64_t generic_file_lseek(struct file *f, int64_t off, int whence)
{
    /* Every byte data, the end of the file the one hole: Linux's
       generic_file_llseek, which ext2 uses too. */
    if (whence == SEEK_DATA || whence == SEEK_HOLE)
        return file_seek_data_or_hole(f, off, whence, NULL, NULL);
    int64_t base = file_whence_base(f, whence);
    if (base < 0)
        return base;
    if (base + off < 0)
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (int64_t)f->pos;
}

int generic_file_fstat(struct file *f, struct kstat *st)
{
    inode_fill_kstat(f->inode, st);
    return 0;
}

int generic_file_fsync(struct file *f)
{
    struct inode *i = f->inode;
    int err = pcache_sync(&i->mapping);
    if (err)
        return err;
    return i->sb && i->sb->ops && i->sb->ops->sync ? i->sb->ops->sync(i->sb) : 0;
}

int generic_file_ftruncate(struct file *f, uint64_t size)
{
    struct inode *i = f->inode;
    if (i->swapfile)
        return -ETXTBSY;
    return i->iops && i->iops->setsize ? i->iops->setsize(i, size) : -EINVAL;
}

const struct file_ops generic_file_ops = {
    .read = generic_file_read,
    .write = generic_file_write,
    .lseek = generic_file_lseek,
    .fstat = generic_file_fstat,
    .fsync = generic_file_fsync,
    .ftruncate = generic_file_ftruncate,
    .mmap = generic_file_mmap,
    .splice_read = generic_file_splice_read,
};
