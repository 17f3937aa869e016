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

/* Program files for execve: the inode's own page-cache pages, counted as
   exec's in the ledger; the regions hold the inode. */
static struct page *inode_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct inode *ino = obj;
    if (pgoff * PAGE_SIZE >= ino->size)
        return NULL;
    int err;
    return pcache_get_io(&ino->mapping, pgoff, MECH_EXEC, &err, waited_for_io);
}

static struct pcache_mapping *inode_page_cache(void *obj)
{
    return &((struct inode *)obj)->mapping;
}

/* The program's name comes from the address space (exe_path). */
static void inode_describe(void *obj, struct vm_object_info *out) { describe_inode(obj, out); }

static void inode_hold(void *obj) { inode_get(obj); }
static void inode_release(void *obj) { inode_put(obj); }

static const struct vm_backing_ops inode_backing = {
    .get_page = inode_get_page,
    .hold = inode_hold,
    .release = inode_release,
    .page_cache = inode_page_cache,
    .describe = inode_describe,
};

int vfs_open_exec(struct inode *cwd, const char *path, const struct vm_backing_ops **ops,
                  void **obj, uint64_t *size)
{
    struct inode *ino;
    int r = vfs_lookup(cwd, path, 0, &ino, NULL, NULL);
    if (r)
        return r;
    if (!S_ISREG(ino->mode) || !(ino->mode & S_IXANY)) {
        inode_put(ino);
        return -EACCES;
    }
    *ops = &inode_backing;
    *obj = ino;
    *size = ino->size;
    return 0;
}
