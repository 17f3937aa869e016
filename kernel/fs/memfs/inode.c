/*
 * kernel/fs/memfs/inode.c: memfs inodes, and the page-cache operations of
 * its files: a page enters the cache zero-filled (there is no store to read
 * it from) and never needs writing back.
 */
#include "kernel/fs/memfs/memfs_internal.h"
#include "kernel/copy/ledger.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

/* A page the file never had: zeros.  Charged to the instance already (the
   cache counted it into used_pages); past the instance's limit the page is
   refused, which a fault turns into SIGBUS, as tmpfs does. */
static int memfs_readpage(struct pcache_mapping *m, struct page *p, enum copy_mech mech)
{
    struct inode *i = m->host;
    struct memfs_sb *sb = MEMFS_SB(i->sb);
    if (sb->max_pages && sb->used_pages > sb->max_pages)
        return -ENOSPC;
    memset(page_to_virt(p), 0, PAGE_SIZE);
    ledger_zero_fill(mech, PAGE_SIZE);
    return 0;
}

/* Never called: memfs pages are never dirty (pcache_mark_dirty leaves
   unevictable pages alone), since the page is the file. */
static int memfs_writepage(struct pcache_mapping *m, struct page *p) { return 0; }

static const struct pcache_ops memfs_pcache_ops = {
    .readpage = memfs_readpage,
    .writepage = memfs_writepage,
};

void memfs_evict(struct inode *i)
{
    struct memfs_inode *mi = MEMFS_I(i);
    if (S_ISREG(i->mode))
        pcache_mapping_release(&i->mapping);
    if (S_ISDIR(i->mode) && mi->parent != i)
        inode_put(mi->parent);
    list_del(&i->sb_link);
    kfree(mi);
}

bool memfs_is_memfs_inode(const struct inode *i)
{
    return i->iops == &memfs_dir_iops || i->iops == &memfs_file_iops;
}

struct inode *memfs_new_inode(struct super_block *vsb, uint32_t mode, uint32_t rdev,
                              struct inode *parent)
{
    struct memfs_sb *sb = MEMFS_SB(vsb);
    struct memfs_inode *mi = kzalloc(sizeof *mi);
    if (!mi)
        return NULL;
    struct inode *i = &mi->vfs;
    inode_init(i, vsb, sb->next_ino++);
    i->mode = mode;
    i->rdev = rdev;
    i->nlink = 1;
    i->atime = i->mtime = i->ctime = vfs_now();
    list_init(&mi->entries);
    mi->next_pos = MEMFS_FIRST_POS;
    /* tmpfs files cannot be sealed unless memfd_create allows it. */
    mi->seals = F_SEAL_SEAL;
    if (S_ISDIR(mode)) {
        i->nlink = 2;
        i->iops = &memfs_dir_iops;
        i->fops = &memfs_dir_fops;
        mi->parent = parent ? parent : i;
        if (parent)
            inode_get(parent);
    } else {
        i->iops = &memfs_file_iops;
        i->fops = S_ISREG(mode) ? &memfs_file_fops : NULL; /* devices: by rdev */
        pcache_mapping_init(&i->mapping, &memfs_pcache_ops, i);
        if (S_ISREG(mode))
            pcache_mapping_set_unevictable(&i->mapping, &sb->used_pages);
    }
    list_add(&i->sb_link, &vsb->inodes);
    return i;
}

void memfs_zero_in_page(struct inode *i, uint64_t from, uint64_t to)
{
    if (to <= from)
        return;
    struct page *p = pcache_lookup(&i->mapping, from / PAGE_SIZE);
    if (!p)
        return;
    memset((uint8_t *)page_to_virt(p) + from % PAGE_SIZE, 0, to - from);
    ledger_zero_fill(MECH_FILE_WRITE, to - from);
    pcache_put(p);
}

/* Zeroes the bytes past size in its page, if that page exists, so that a
   later extension reads zeros there. */
static void zero_tail(struct inode *i, uint64_t size)
{
    if (size % PAGE_SIZE)
        memfs_zero_in_page(i, size, (size / PAGE_SIZE + 1) * PAGE_SIZE);
}

/* Truncate and extend (ftruncate, O_TRUNC): extending makes a hole (no
   pages); shrinking drops the pages past the end.  Seals first, as Linux's
   shmem_setattr. */
static int memfs_setsize(struct inode *i, uint64_t size)
{
    uint32_t seals = MEMFS_I(i)->seals;
    if ((size < i->size && (seals & F_SEAL_SHRINK)) || (size > i->size && (seals & F_SEAL_GROW)))
        return -EPERM;
    if (size < i->size) {
        zero_tail(i, size);
        pcache_truncate(&i->mapping, (size + PAGE_SIZE - 1) / PAGE_SIZE);
    }
    i->size = size;
    i->mtime = i->ctime = vfs_now();
    return 0;
}

/* The page cache holds everything: no blocks to allocate, no inode to store. */
static int memfs_prepare_write(struct inode *i, uint64_t pos, uint64_t len) { return 0; }
static int memfs_write_inode(struct inode *i) { return 0; }

const struct inode_ops memfs_file_iops = {
    .setsize = memfs_setsize,
    .prepare_write = memfs_prepare_write,
    .write_inode = memfs_write_inode,
    .evict = memfs_evict,
};
