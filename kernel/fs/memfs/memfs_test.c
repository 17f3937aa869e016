/* In-kernel tests of the memory file system: its pages are the page cache's
   but never evicted, never dirty, and limited per instance. */
#include "kernel/fs/memfs/memfs_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"

/* A new file "f" in a new instance, open read-write. */
static struct file *new_file(struct super_block *sb)
{
    struct inode *i;
    if (sb->root->iops->create(sb->root, "f", 1, 0600, &i))
        return NULL;
    return file_alloc(i, O_RDWR, i->fops); /* the file takes create's reference */
}

static void remove_file(struct super_block *sb, struct file *f)
{
    file_put(f);
    sb->root->iops->unlink(sb->root, "f", 1);
    memfs_destroy(sb);
}

static long write_at(struct file *f, const void *src, size_t n, uint64_t pos)
{
    return vfs_pwrite(f, &(struct iobuf){ (void *)src, false, MECH_FILE_WRITE, NULL, 0 }, n, pos);
}

KTEST(memfs_pages_survive_eviction_and_drop_caches)
{
    struct super_block *sb = memfs_create(0);
    KASSERT(sb != NULL);
    struct file *f = new_file(sb);
    KASSERT(f != NULL);
    static char page[PAGE_SIZE];
    memset(page, 0x5c, sizeof page);
    for (int k = 0; k < 3; k++)
        KEXPECT(write_at(f, page, PAGE_SIZE, (uint64_t)k * PAGE_SIZE) == PAGE_SIZE);
    struct pcache_stats before, after;
    pcache_get_stats(&before);
    pcache_shrink(UINT64_MAX);
    pcache_drop_clean();
    pcache_get_stats(&after);
    KEXPECT(f->inode->mapping.nr_pages == 3);
    KEXPECT(after.unevictable == before.unevictable);
    struct page *p = pcache_lookup(&f->inode->mapping, 2);
    KEXPECT(p && ((uint8_t *)page_to_virt(p))[PAGE_SIZE - 1] == 0x5c);
    if (p)
        pcache_put(p);
    KEXPECT(f->inode->mapping.nr_dirty == 0);
    remove_file(sb, f);
    pcache_get_stats(&after);
    KEXPECT(after.unevictable == before.unevictable - 3);
}

KTEST(memfs_full_instance_writes_what_fits_then_enospc)
{
    struct super_block *sb = memfs_create(2);
    KASSERT(sb != NULL);
    struct file *f = new_file(sb);
    KASSERT(f != NULL);
    static char data[3 * PAGE_SIZE];
    KEXPECT(write_at(f, data, sizeof data, 0) == 2 * PAGE_SIZE);
    KEXPECT(write_at(f, data, 1, 2 * PAGE_SIZE) == -ENOSPC);
    KEXPECT(write_at(f, data, 10, 100) == 10); /* an existing page */
    KEXPECT(MEMFS_SB(sb)->used_pages == 2);
    remove_file(sb, f);
}
