/*
 * kernel/fs/ext2/bmap.c: a file's block map [doc 4.1.2].  i_block[0..11]
 * name data blocks directly; i_block[12], [13], [14] name a single, double
 * and triple indirect block: trees of depth 1..3 whose leaves are data
 * blocks.  A zero entry is a hole (a sparse file reads zeros there).
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/* Splits a logical block into the i_block slot, the tree depth below it and
   the index at each level.  -EFBIG beyond the triple indirect tree. */
static int block_path(struct ext2_fs *fs, uint64_t lblock, int *slot, int *depth, uint32_t idx[3])
{
    uint64_t per = fs->addr_per_block;
    if (lblock < EXT2_NDIR_BLOCKS) {
        *slot = (int)lblock;
        *depth = 0;
        return 0;
    }
    lblock -= EXT2_NDIR_BLOCKS;
    uint64_t span = per;
    for (int d = 1; d <= 3; d++) {
        if (lblock < span) {
            *slot = EXT2_IND_BLOCK + d - 1;
            *depth = d;
            for (int k = d - 1; k >= 0; k--) {
                idx[k] = (uint32_t)(lblock % per);
                lblock /= per;
            }
            return 0;
        }
        lblock -= span;
        span *= per;
    }
    return -EFBIG;
}

static int new_block(struct ext2_inode *ei, uint32_t goal, bool zero, uint32_t *out)
{
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    int err = ext2_alloc_block(fs, goal, out);
    if (err)
        return err;
    ei->vfs.blocks += fs->block_size / 512;
    if (zero) {
        struct ext2_buf b;
        if ((err = ext2_bzero_new(fs, *out, &b))) {
            ext2_free_block(fs, *out);
            ei->vfs.blocks -= fs->block_size / 512;
            return err;
        }
        ext2_brelse(&b);
    }
    return 0;
}

static uint32_t goal_for(struct ext2_inode *ei, uint32_t near)
{
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    if (near)
        return near + 1;
    uint32_t g = (uint32_t)(ei->vfs.ino - 1) / fs->inodes_per_group;
    return fs->super->s_first_data_block + g * fs->blocks_per_group;
}

int ext2_bmap(struct ext2_inode *ei, uint64_t lblock, bool create, uint32_t *out)
{
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    int slot, depth;
    uint32_t idx[3];
    int err = block_path(fs, lblock, &slot, &depth, idx);
    if (err)
        return err;
    bool inode_changed = false;
    uint32_t cur = ei->block[slot];
    if (cur == 0) {
        if (!create) {
            *out = 0;
            return 0;
        }
        uint32_t prev = slot > 0 ? ei->block[slot - 1] : 0;
        if ((err = new_block(ei, goal_for(ei, prev), depth > 0, &cur)))
            return err;
        ei->block[slot] = cur;
        inode_changed = true;
    } else if (!ext2_block_valid(fs, cur)) {
        ext2_error(fs, "block number in inode", cur);
        return -EIO;
    }
    for (int level = 0; level < depth; level++) {
        struct ext2_buf b;
        if ((err = ext2_bread(fs, cur, &b)))
            goto out;
        uint32_t *entries = (uint32_t *)b.data;
        uint32_t next = entries[idx[level]];
        if (next == 0 && create) {
            bool leaf = level == depth - 1;
            uint32_t near = idx[level] > 0 ? entries[idx[level] - 1] : cur;
            if ((err = new_block(ei, goal_for(ei, near), !leaf, &next))) {
                ext2_brelse(&b);
                goto out;
            }
            entries[idx[level]] = next;
            ext2_bdirty(fs, &b);
            inode_changed = true;
        }
        ext2_brelse(&b);
        if (next == 0) {
            cur = 0;
            break;
        }
        if (!ext2_block_valid(fs, next)) {
            ext2_error(fs, "block number in indirect block", next);
            err = -EIO;
            goto out;
        }
        cur = next;
    }
    *out = cur;
out:
    if (inode_changed)
        ext2_write_inode(&ei->vfs);
    return err;
}

/* How many entries from entries[pos] on (at most max, within limit)
   continue entries[pos]: consecutive block numbers, or holes after a hole. */
static uint32_t run_length(const uint32_t *entries, uint32_t pos, uint32_t limit, uint32_t max)
{
    uint32_t first = entries[pos], n = 1;
    while (n < max && pos + n < limit) {
        uint32_t e = entries[pos + n];
        if (first == 0 ? e != 0 : e != first + n)
            break;
        n++;
    }
    return n;
}

int ext2_bmap_run(struct ext2_inode *ei, uint64_t lblock, uint32_t max, uint32_t *out,
                  uint32_t *count)
{
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    int slot, depth;
    uint32_t idx[3];
    int err = block_path(fs, lblock, &slot, &depth, idx);
    if (err)
        return err;
    if (max == 0)
        max = 1;
    if (depth == 0) {
        *count = run_length(ei->block, (uint32_t)slot, EXT2_NDIR_BLOCKS, max);
        *out = ei->block[slot];
    } else {
        uint32_t cur = ei->block[slot];
        *out = 0;
        *count = 1; /* a hole above the leaves: one block at a time */
        for (int level = 0; cur && level < depth; level++) {
            if (!ext2_block_valid(fs, cur)) {
                ext2_error(fs, "indirect block number", cur);
                return -EIO;
            }
            struct ext2_buf b;
            if ((err = ext2_bread(fs, cur, &b)))
                return err;
            const uint32_t *entries = (const uint32_t *)b.data;
            if (level == depth - 1) {
                *count = run_length(entries, idx[level], fs->addr_per_block, max);
                *out = entries[idx[level]];
            }
            cur = entries[idx[level]];
            ext2_brelse(&b);
        }
    }
    if (*out && (!ext2_block_valid(fs, *out) || !ext2_block_valid(fs, *out + *count - 1))) {
        ext2_error(fs, "data block number", *out);
        return -EIO;
    }
    return 0;
}

/* Frees the leaves of the tree rooted at block (depth levels of indirection
   above its data blocks) whose index within the tree is >= from, and the
   indirect blocks left empty.  Returns 1 if block itself was freed. */
static int trim_tree(struct ext2_inode *ei, uint32_t block, int depth, uint64_t from)
{
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    if (!ext2_block_valid(fs, block)) {
        ext2_error(fs, "block number met while truncating", block);
        return -EIO;
    }
    if (depth == 0) {
        if (from > 0)
            return 0;
        ei->vfs.blocks -= fs->block_size / 512;
        int err = ext2_free_block(fs, block);
        return err ? err : 1;
    }
    uint64_t span = 1;
    for (int d = 1; d < depth; d++)
        span *= fs->addr_per_block;
    struct ext2_buf b;
    int err = ext2_bread(fs, block, &b);
    if (err)
        return err;
    uint32_t *entries = (uint32_t *)b.data;
    bool empty = true;
    for (uint32_t k = 0; k < fs->addr_per_block; k++) {
        if (entries[k] == 0)
            continue;
        uint64_t first = k * span;
        if (from >= first + span) {
            empty = false;
            continue;
        }
        int r = trim_tree(ei, entries[k], depth - 1, from > first ? from - first : 0);
        if (r < 0) {
            ext2_brelse(&b);
            return r;
        }
        if (r == 1) {
            entries[k] = 0;
            ext2_bdirty(fs, &b);
        } else {
            empty = false;
        }
    }
    ext2_brelse(&b);
    if (!empty)
        return 0;
    ei->vfs.blocks -= fs->block_size / 512;
    err = ext2_free_block(fs, block);
    return err ? err : 1;
}

int ext2_truncate_blocks(struct ext2_inode *ei, uint64_t first_lblock)
{
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    int err = 0;
    for (int s = 0; s < EXT2_NDIR_BLOCKS; s++) {
        if (s >= (int64_t)first_lblock && ei->block[s]) {
            int r = trim_tree(ei, ei->block[s], 0, 0);
            if (r < 0 && !err)
                err = r;
            if (r == 1)
                ei->block[s] = 0;
        }
    }
    uint64_t tree_start = EXT2_NDIR_BLOCKS, span = fs->addr_per_block;
    for (int d = 1; d <= 3; d++) {
        int s = EXT2_IND_BLOCK + d - 1;
        if (ei->block[s] && first_lblock < tree_start + span) {
            uint64_t from = first_lblock > tree_start ? first_lblock - tree_start : 0;
            int r = trim_tree(ei, ei->block[s], d, from);
            if (r < 0 && !err)
                err = r;
            if (r == 1)
                ei->block[s] = 0;
        }
        tree_start += span;
        span *= fs->addr_per_block;
    }
    int werr = ext2_write_inode(&ei->vfs);
    return err ? err : werr;
}

/* Zeroes the bytes of the page holding offset size that lie past it, so
   that a later extension reads zeros there, not old contents. */
static void zero_tail(struct inode *i, uint64_t size)
{
    if (size % PAGE_SIZE == 0)
        return;
    /* Read it if needed: on disk, the block may hold stale bytes past the
       end of file, which an extension would otherwise expose. */
    int err;
    struct page *p = pcache_get(&i->mapping, size / PAGE_SIZE, MECH_FILE_WRITE, &err);
    if (!p)
        return;
    uint32_t keep = size % PAGE_SIZE;
    memset((uint8_t *)page_to_virt(p) + keep, 0, PAGE_SIZE - keep);
    ledger_zero_fill(MECH_FILE_WRITE, PAGE_SIZE - keep);
    pcache_mark_dirty(p);
    pcache_put(p);
}

int ext2_setsize(struct inode *i, uint64_t size)
{
    struct ext2_fs *fs = EXT2_FS(i->sb);
    uint64_t per = fs->addr_per_block;
    uint64_t max_blocks = EXT2_NDIR_BLOCKS + per + per * per + per * per * per;
    if (size / fs->block_size >= max_blocks || (!S_ISREG(i->mode) && size >> 32))
        return -EFBIG;
    if (size < i->size) {
        zero_tail(i, size);
        pcache_truncate(&i->mapping, (size + PAGE_SIZE - 1) / PAGE_SIZE);
        i->size = size;
        int err = ext2_truncate_blocks(EXT2_I(i), (size + fs->block_size - 1) / fs->block_size);
        if (err)
            return err;
    } else {
        zero_tail(i, i->size);
        i->size = size; /* extending makes a hole: no blocks */
    }
    i->mtime = i->ctime = vfs_now();
    return ext2_write_inode(i);
}

int ext2_prepare_write(struct inode *i, uint64_t pos, uint64_t len)
{
    struct ext2_fs *fs = EXT2_FS(i->sb);
    if (len == 0)
        return 0;
    uint64_t first = pos / fs->block_size, last = (pos + len - 1) / fs->block_size;
    for (uint64_t b = first; b <= last; b++) {
        uint32_t pblock;
        int err = ext2_bmap(EXT2_I(i), b, true, &pblock);
        if (err)
            return err;
    }
    return 0;
}

int ext2_swap_bmap(struct inode *ino, uint64_t pos, uint64_t *len, struct blkdev **dev,
                   uint64_t *disk_byte)
{
    struct ext2_fs *fs = EXT2_FS(ino->sb);
    uint64_t lblock = pos / fs->block_size;
    uint64_t want = (pos % fs->block_size + *len + fs->block_size - 1) / fs->block_size;
    uint32_t block, count;
    int err = ext2_bmap_run(EXT2_I(ino), lblock, want > UINT32_MAX ? UINT32_MAX : (uint32_t)want,
                            &block, &count);
    if (err)
        return err;
    if (!block)
        return -ENXIO;
    uint64_t skip = pos % fs->block_size;
    uint64_t run = (uint64_t)count * fs->block_size - skip;
    *len = run < *len ? run : *len;
    *dev = fs->dev;
    *disk_byte = (uint64_t)block * fs->block_size + skip;
    return 0;
}
