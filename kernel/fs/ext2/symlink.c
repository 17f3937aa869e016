/*
 * kernel/fs/ext2/symlink.c: symbolic links [doc 4.1, "i_block"], as Linux's
 * ext2 and e2fsck have them:
 *
 *   fast  a target shorter than the 60 bytes of i_block is kept in i_block
 *         itself, NUL-padded; the inode has no data block (i_blocks 0);
 *   slow  a longer one (up to PATH_MAX - 1 bytes) is the data of the
 *         link's one block, read and written through its page cache like a
 *         file's; the rest of the block is zeros.
 *
 * i_size is the target's length either way.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

#define FAST_SYMLINK_MAX (EXT2_N_BLOCKS * 4) /* bytes of i_block */

/* Linux's ext2_inode_is_fast_symlink: no block besides an xattr block. */
bool ext2_is_fast_symlink(struct inode *i)
{
    uint64_t xattr = EXT2_I(i)->file_acl ? EXT2_FS(i->sb)->block_size / 512 : 0;
    return S_ISLNK(i->mode) && i->blocks - xattr == 0;
}

static long ext2_readlink(struct inode *i, char *buf, size_t size, struct inode **jump)
{
    size_t n = i->size < size ? (size_t)i->size : size;
    if (i->size >= PATH_MAX) {
        ext2_error(EXT2_FS(i->sb), "symbolic link longer than PATH_MAX", i->ino);
        return -EIO;
    }
    if (ext2_is_fast_symlink(i)) {
        if (i->size >= FAST_SYMLINK_MAX)
            return -EIO;
        memcpy(buf, EXT2_I(i)->block, n);
        return (long)n;
    }
    int err;
    struct page *p = pcache_get(&i->mapping, 0, MECH_FILE_READ, &err);
    if (!p)
        return err;
    memcpy(buf, page_to_virt(p), n);
    pcache_put(p);
    return (long)n;
}

/* A slow link's text: written like a file's first bytes (the page cache,
   then its block), so that write-back stores it. */
static int write_target(struct inode *i, const char *target, size_t len)
{
    struct page *p = pcache_get_for_overwrite(&i->mapping, 0, MECH_FILE_WRITE);
    if (!p)
        return -ENOMEM;
    int err = i->iops->prepare_write(i, 0, len);
    if (!err) {
        strlcpy(page_to_virt(p), target, len + 1);
        pcache_mark_dirty(p);
        i->size = len;
    }
    pcache_put(p);
    return err;
}

int ext2_symlink(struct inode *dir, const char *name, size_t len, const char *target)
{
    size_t tlen = strnlen(target, PATH_MAX);
    if (tlen >= PATH_MAX || tlen >= EXT2_FS(dir->sb)->block_size)
        return -ENAMETOOLONG;
    struct inode *i;
    int err = ext2_make_node(dir, name, len, S_IFLNK | 0777, 0, target, &i);
    if (err)
        return err;
    inode_put(i);
    return 0;
}

/* Called by ext2_make_node for a new link before it gets its name. */
int ext2_symlink_init(struct inode *i, const char *target)
{
    size_t tlen = strlen(target);
    if (tlen < FAST_SYMLINK_MAX) {
        strlcpy((char *)EXT2_I(i)->block, target, FAST_SYMLINK_MAX);
        i->size = tlen;
        return ext2_write_inode(i);
    }
    int err = write_target(i, target, tlen);
    return err ? err : ext2_write_inode(i);
}

const struct inode_ops ext2_symlink_iops = {
    .readlink = ext2_readlink,
    .write_inode = ext2_write_inode,
    .prepare_write = ext2_prepare_write,
    .setsize = ext2_setsize,
    .evict = ext2_evict,
};
