/*
 * kernel/fs/file_mmap.c: mapping a page-cache file into an address space,
 * and the program files execve maps.
 *
 * The object a file region refers to is the open file itself (as Linux's
 * vma->vm_file): the region holds a reference on it, the file holds one on
 * its inode, so the mapping keeps working after close() and after unlink()
 * (the inode and its blocks go when the last region is unmapped).  A fault
 * asks for the page-cache page at the region's offset: the very frame that
 * read() and write() copy from and to, so both see the same bytes.
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/vm.h"

/* A page wholly past the end of the file has nothing behind it: NULL makes
   the fault a SIGBUS.  The last, partial page reads as zeros past the end
   (the file system fills it so) and write-back never stores those bytes. */
static struct page *file_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct file *f = obj;
    struct inode *ino = f->inode;
    if (pgoff >= (ino->size + PAGE_SIZE - 1) / PAGE_SIZE)
        return NULL;
    int err;
    /* Faults read ahead like read() does, each one asking for its page. */
    struct pcache_read rq = { &f->ra, (ino->size + PAGE_SIZE - 1) / PAGE_SIZE, 1, MECH_MMAP_FAULT };
    struct page *p = pcache_read_page(&ino->mapping, pgoff, &rq, &err, waited_for_io);
    ra_note_read(&f->ra, pgoff);
    if (!p && err == -ENOMEM)
        return ERR_PTR(-ENOMEM); /* the fault reclaims and asks again */
    if (p && p->mapping != &ino->mapping) {
        /* Truncated away while the disk read it (another process ran). */
        page_put(p);
        return NULL;
    }
    return p;
}

static void file_hold(void *obj) { file_get(obj); }
static void file_release(void *obj) { file_put(obj); }

static struct pcache_mapping *file_page_cache(void *obj)
{
    return &((struct file *)obj)->inode->mapping;
}

/* What /proc/PID/maps shows of a mapped inode: its device and number. */
static void describe_inode(const struct inode *ino, struct vm_object_info *out)
{
    out->dev_major = ino->sb ? RDEV_MAJOR(ino->sb->dev_id) : 0;
    out->dev_minor = ino->sb ? RDEV_MINOR(ino->sb->dev_id) : 0;
    out->ino = ino->ino;
    out->name[0] = '\0';
}

static void file_describe(void *obj, struct vm_object_info *out)
{
    struct file *f = obj;
    struct inode *ino = f->inode;
    describe_inode(ino, out);
    /* Linux marks a mapped file whose name is gone. */
    snprintf(out->name, sizeof out->name, "%s%s", f->path ? f->path : "",
             ino->nlink == 0 ? " (deleted)" : "");
}

/* Written through a shared mapping (seen at msync): as write() does. */
static void file_written(void *obj)
{
    struct inode *ino = ((struct file *)obj)->inode;
    ino->mtime = ino->ctime = vfs_now();
    if (ino->iops && ino->iops->write_inode)
        ino->iops->write_inode(ino);
}

static const struct vm_backing_ops file_backing = {
    .get_page = file_get_page,
    .hold = file_hold,
    .release = file_release,
    .page_cache = file_page_cache,
    .describe = file_describe,
    .written = file_written,
};

#define RELATIME_MAX_AGE (24 * 3600) /* seconds */

/* Mapping a file reads it: st_atime is marked, by Linux's default
   "relatime" rule (only when it is older than the last change or a day
   old, which spares a disk write for every access). */
static void file_accessed(struct inode *ino)
{
    int64_t now = vfs_now();
    if (ino->atime > ino->mtime && ino->atime > ino->ctime && now - ino->atime < RELATIME_MAX_AGE)
        return;
    ino->atime = now;
    if (ino->iops && ino->iops->write_inode)
        ino->iops->write_inode(ino);
}

int generic_file_mmap(struct file *f, const struct vm_backing_ops **ops, void **obj)
{
    *ops = &file_backing;
    *obj = f;
    file_accessed(f->inode);
    return 0;
}

/* Program files for execve: an open file (read-only) whose regions are
   named by its path in /proc/PID/maps, as the program's and the dynamic
   loader's are on Linux; its page-cache pages are counted as exec's in the
   ledger (the first reads of a program, by the disk). */
static struct page *exec_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct inode *ino = ((struct file *)obj)->inode;
    if (pgoff * PAGE_SIZE >= ino->size)
        return NULL;
    int err;
    struct page *p = pcache_get_io(&ino->mapping, pgoff, MECH_EXEC, &err, waited_for_io);
    return !p && err == -ENOMEM ? ERR_PTR(-ENOMEM) : p;
}

static const struct vm_backing_ops exec_backing = {
    .get_page = exec_get_page,
    .hold = file_hold,
    .release = file_release,
    .page_cache = file_page_cache,
    .describe = file_describe,
};

int vfs_open_exec(const struct lookup_start *start, const char *path,
                  const struct vm_backing_ops **ops, void **obj, uint64_t *size)
{
    struct file *f;
    int r = vfs_open_exec_file(start, path, &f);
    if (r)
        return r;
    *ops = &exec_backing;
    *obj = f;
    *size = f->inode->size;
    return 0;
}

struct file *vfs_exec_file(const struct vm_backing_ops *ops, void *obj)
{
    return ops == &exec_backing ? obj : NULL;
}

struct inode *vfs_exec_inode(const struct vm_backing_ops *ops, void *obj)
{
    struct file *f = vfs_exec_file(ops, obj);
    return f ? f->inode : NULL;
}
