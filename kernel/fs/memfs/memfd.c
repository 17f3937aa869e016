/*
 * kernel/fs/memfs/memfd.c: memfd_create(2)'s files and file seals.
 *
 * A memfd is a memfs file of an internal instance that is never mounted,
 * with no name in any directory from the start (nlink 0): it lives while a
 * descriptor or a mapping holds it, and can be handed to another process
 * (fork, or a Unix socket) to share memory.  /proc/PID/maps names it
 * "/memfd:NAME (deleted)", as Linux does.
 *
 * Seals restrict what anyone may do to the file from then on (memfd_create
 * (2), fcntl(2) "File Sealing"): a receiver that checks them can trust the
 * contents not to change under it.  They are enforced where the changes
 * happen: write (file.c), truncate (inode.c), mmap (sys_mem.c asks
 * memfs_inode_seals) and chmod (sys_attr.c).
 */
#include "kernel/fs/memfs/memfs_internal.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/vm.h"
#include "libc/include/pagelab/mman_values.h"

#define ALL_SEALS \
    (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE | F_SEAL_EXEC)
#define MEMFD_PREFIX "/memfd:"

static struct super_block *memfd_sb;

int memfs_memfd_create(const char *name, unsigned flags, struct file **out)
{
    /* Half of RAM for all memfds together, as a tmpfs mount has.  Linux
       leaves its memfd instance unlimited; its pages then belong to no
       process, so a memfd hog is the one the OOM killer cannot find (found
       by sysfuzz: a fallocate of a huge range made the OOM killer kill the
       shell).  Past the limit a write or fallocate is ENOSPC. */
    if (!memfd_sb && !(memfd_sb = memfs_create(memfs_default_limit())))
        return -ENOMEM;
    /* MFD_NOEXEC_SEAL: never executable, sealed so, and sealable. */
    bool noexec = flags & MFD_NOEXEC_SEAL;
    struct inode *i = memfs_new_inode(memfd_sb, S_IFREG | (noexec ? 0666 : 0777), 0, NULL);
    if (!i)
        return -ENOMEM;
    i->nlink = 0; /* no name anywhere: freed with its last reference */
    inode_init_owner(i, NULL);
    MEMFS_I(i)->seals = noexec ? F_SEAL_EXEC : (flags & MFD_ALLOW_SEALING) ? 0 : F_SEAL_SEAL;
    size_t len = strlen(MEMFD_PREFIX) + strlen(name) + 1;
    char *path = kmalloc(len);
    struct file *f = path ? file_alloc(i, O_RDWR, i->fops) : NULL;
    if (!f) {
        kfree(path);
        inode_put(i);
        return -ENOMEM;
    }
    snprintf(path, len, "%s%s", MEMFD_PREFIX, name);
    f->path = path;
    *out = f;
    return 0;
}

static uint32_t *seals_of(struct file *f)
{
    struct inode *i = f->inode;
    if (!i || !memfs_is_memfs_inode(i) || !S_ISREG(i->mode))
        return NULL;
    return &MEMFS_I(i)->seals;
}

uint32_t memfs_inode_seals(const struct inode *i)
{
    if (!memfs_is_memfs_inode(i) || !S_ISREG(i->mode))
        return 0;
    return MEMFS_I(i)->seals;
}

long memfs_get_seals(struct file *f)
{
    uint32_t *seals = seals_of(f);
    return seals ? (long)*seals : -EINVAL;
}

/* Linux's memfd_add_seals, in its order of checks. */
long memfs_add_seals(struct file *f, unsigned seals)
{
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        return -EPERM;
    if (seals & ~(unsigned)ALL_SEALS)
        return -EINVAL;
    uint32_t *cur = seals_of(f);
    if (!cur)
        return -EINVAL;
    if (*cur & F_SEAL_SEAL)
        return -EPERM;
    struct inode *i = f->inode;
    if ((seals & F_SEAL_WRITE) && !(*cur & F_SEAL_WRITE) && vm_cache_shared_maywrite(&i->mapping))
        return -EBUSY;
    /* Sealing an executable file against exec makes it W^X for good. */
    if ((seals & F_SEAL_EXEC) && (i->mode & 0111))
        seals |= F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE;
    *cur |= seals;
    return 0;
}
