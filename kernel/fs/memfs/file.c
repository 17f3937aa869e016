/*
 * kernel/fs/memfs/file.c: reading and writing memfs files.
 *
 * Both go through the page cache as ext2's files do (one CPU copy between
 * the cached page and the caller).  Two differences: reading a page the
 * file never had copies zeros to the caller and allocates nothing (Linux
 * reads tmpfs holes from the shared zero page), and a write first asks the
 * file's seals and its instance's size limit.
 */
#include "kernel/fs/memfs/memfs_internal.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/pagecache.h"

/* Zeros into the caller's buffer (a hole): a fill, not a copy. */
static long zero_out(struct iobuf *buf, size_t off, size_t n) { return iobuf_clear(buf, off, n); }

/* How many bytes of [pos, pos+n) a write may make, if it may add at most
   room pages the cache does not hold yet: a prefix ending on a page edge. */
static size_t fitting(struct inode *i, uint64_t pos, size_t n, uint64_t room)
{
    uint64_t at = pos, end = pos + n;
    while (at < end) {
        uint64_t idx = at / PAGE_SIZE;
        struct page *p = pcache_lookup(&i->mapping, idx);
        if (p)
            pcache_put(p);
        else if (room-- == 0)
            break;
        at = (idx + 1) * PAGE_SIZE;
    }
    return at >= end ? n : (size_t)(at - pos);
}

long memfs_write_allowed(struct inode *i, uint64_t pos, size_t n)
{
    uint32_t seals = MEMFS_I(i)->seals;
    if (n == 0)
        return 0;
    if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
        return -EPERM;
    if (pos + n < pos)
        return -EFBIG;
    /* F_SEAL_GROW: as Linux's shmem_write_begin, page by page: the first
       page-sized piece that would end past the end of file is refused. */
    if ((seals & F_SEAL_GROW) && pos + n > i->size) {
        uint64_t end = pos;
        while (end < pos + n) {
            uint64_t next = (end / PAGE_SIZE + 1) * PAGE_SIZE;
            if (next > pos + n)
                next = pos + n;
            if (next > i->size)
                break;
            end = next;
        }
        if (end == pos)
            return -EPERM;
        n = (size_t)(end - pos);
    }
    struct memfs_sb *sb = MEMFS_SB(i->sb);
    if (sb->max_pages) {
        uint64_t room = sb->max_pages > sb->used_pages ? sb->max_pages - sb->used_pages : 0;
        n = fitting(i, pos, n, room);
        if (n == 0)
            return -ENOSPC;
    }
    return (long)n;
}

static long memfs_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    long allowed = memfs_write_allowed(f->inode, *pos, n);
    if (allowed <= 0)
        return allowed;
    return generic_file_write(f, buf, (size_t)allowed, pos);
}

/* splice_read: the file's own pages, referenced, not copied; a hole is
   handed as zeros (NULL), for the receiver to fill, and allocates nothing.
   No I/O can be in flight on a memfs page (readpage never sleeps), so a
   cached page is up to date.  read() walks the file the same way. */
static long memfs_splice_read(struct file *f, uint64_t *pos, size_t n, splice_take_fn take,
                              void *ctx)
{
    struct inode *i = f->inode;
    if (*pos >= i->size)
        return 0;
    if (n > i->size - *pos)
        n = (size_t)(i->size - *pos);
    size_t done = 0;
    long ret = 0;
    while (done < n) {
        uint64_t at = *pos + done;
        uint32_t off = at % PAGE_SIZE;
        size_t chunk = PAGE_SIZE - off < n - done ? PAGE_SIZE - off : n - done;
        struct page *p = pcache_lookup(&i->mapping, at / PAGE_SIZE);
        int e = take(ctx, p, off, (uint32_t)chunk);
        if (p)
            pcache_put(p);
        if (e) {
            ret = e;
            break;
        }
        done += chunk;
    }
    *pos += done;
    return done ? (long)done : ret;
}

/* Pages not in the file yet, of [first, end): what a fallocate there adds. */
static uint64_t missing_pages(struct inode *i, uint64_t first, uint64_t end)
{
    uint64_t n = 0;
    for (uint64_t idx = first; idx < end; idx++)
        n += !pcache_holds(&i->mapping, idx);
    return n;
}

/* Frees the whole pages of [off, end) and zeroes the rest of it, in the
   partial pages at its ends. */
static void punch_hole(struct inode *i, uint64_t off, uint64_t end)
{
    uint64_t first_whole = (off + PAGE_SIZE - 1) / PAGE_SIZE, end_whole = end / PAGE_SIZE;
    if (first_whole >= end_whole) { /* no whole page: within one page or across one edge */
        uint64_t edge = (off / PAGE_SIZE + 1) * PAGE_SIZE;
        memfs_zero_in_page(i, off, end < edge ? end : edge);
        if (end > edge)
            memfs_zero_in_page(i, edge, end);
        return;
    }
    memfs_zero_in_page(i, off, first_whole * PAGE_SIZE);
    memfs_zero_in_page(i, end_whole * PAGE_SIZE, end);
    pcache_truncate_range(&i->mapping, first_whole, end_whole);
}

/* fallocate (vfs_fallocate checked the call): mode 0 and KEEP_SIZE give
   every page of the range a zeroed page now, charged to the instance, so
   that a later write there cannot meet ENOSPC; without KEEP_SIZE the size
   grows to cover the range.  PUNCH_HOLE frees the range's whole pages and
   zeroes the rest.  Seals and limits as Linux's shmem_fallocate: a hole
   needs no write seal, growing past the size no grow seal, and a range
   the instance has no room for is ENOSPC before anything is added. */
static int memfs_fallocate(struct file *f, int mode, uint64_t off, uint64_t len)
{
    struct inode *i = f->inode;
    uint32_t seals = MEMFS_I(i)->seals;
    uint64_t end = off + len;
    if (mode & FALLOC_FL_PUNCH_HOLE) {
        if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
            return -EPERM;
        punch_hole(i, off, end); /* KEEP_SIZE pages past the end go too */
        i->mtime = i->ctime = vfs_now();
        return 0;
    }
    if ((seals & F_SEAL_GROW) && end > i->size)
        return -EPERM;
    uint64_t first = off / PAGE_SIZE, last = (end + PAGE_SIZE - 1) / PAGE_SIZE;
    struct memfs_sb *sb = MEMFS_SB(i->sb);
    uint64_t missing = missing_pages(i, first, last);
    if (sb->max_pages && missing + sb->used_pages > sb->max_pages)
        return -ENOSPC;
    /* Not more than memory can give without taking it from someone: free
       frames above the high watermark and clean cached pages (Linux
       allocates until it fails and then undoes; here the call fails first). */
    struct pcache_stats cs;
    pcache_get_stats(&cs);
    uint64_t can_have = frame_free_count() + (cs.cached > cs.dirty ? cs.cached - cs.dirty : 0);
    if (missing > (can_have > frame_wmark.high ? can_have - frame_wmark.high : 0))
        return -ENOMEM;
    for (uint64_t idx = first; idx < last; idx++) {
        if (pcache_holds(&i->mapping, idx))
            continue; /* in memory or on swap: its contents stay */
        struct page *p = pcache_get_for_overwrite(&i->mapping, idx, MECH_FILE_WRITE);
        if (!p)
            return -ENOMEM; /* the pages added so far stay, as zeros */
        pcache_put(p);
    }
    if (!(mode & FALLOC_FL_KEEP_SIZE) && end > i->size)
        i->size = end;
    i->mtime = i->ctime = vfs_now();
    return 0;
}

/* read()'s receiver for memfs_splice_read: copies each piece out to the
   caller's buffer instead of keeping the page. */
struct read_into {
    struct iobuf *buf;
    size_t done;
};

static int copy_piece_out(void *ctx, struct page *p, uint32_t off, uint32_t len)
{
    struct read_into *r = ctx;
    long e = p ? iobuf_copy_out(r->buf, r->done, (uint8_t *)page_to_virt(p) + off, len)
               : zero_out(r->buf, r->done, len);
    r->done += len;
    return (int)e;
}

/* A fault part-way returns the bytes before it, and *pos moves by them. */
static long memfs_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct read_into r = { buf, 0 };
    return memfs_splice_read(f, pos, n, copy_piece_out, &r);
}

/* A memfs file's data is its pages, in memory or on swap; the rest holes. */
static uint64_t next_data_page(struct inode *i, uint64_t from)
{
    return pcache_next_held(&i->mapping, from);
}

static uint64_t next_hole_page(struct inode *i, uint64_t from)
{
    while (pcache_holds(&i->mapping, from)) /* at most the file's page count */
        from++;
    return from;
}

/* As Linux's tmpfs: SEEK_DATA and SEEK_HOLE find the file's real holes. */
static int64_t memfs_lseek(struct file *f, int64_t off, int whence)
{
    if (whence == SEEK_DATA || whence == SEEK_HOLE)
        return file_seek_data_or_hole(f, off, whence, next_data_page, next_hole_page);
    return generic_file_lseek(f, off, whence);
}

/* Nothing to write back: the page cache is the file. */
static int memfs_fsync(struct file *f) { return 0; }

const struct file_ops memfs_file_fops = {
    .read = memfs_read,
    .write = memfs_write,
    .lseek = memfs_lseek,
    .fstat = generic_file_fstat,
    .fsync = memfs_fsync,
    .ftruncate = generic_file_ftruncate,
    .fallocate = memfs_fallocate,
    .mmap = generic_file_mmap,
    .splice_read = memfs_splice_read,
};
