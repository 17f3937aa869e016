/*
 * kernel/fs/ext2/file_io.c: the page-cache operations of ext2 files and
 * directories: pages are read from and written to their disk blocks by DMA,
 * many pages per request.
 *
 * The block map is looked up a run at a time (ext2_bmap_run: one indirect
 * block read gives up to a whole run of consecutive blocks), and every
 * block becomes a piece of a block-layer batch, which merges blocks that
 * follow each other on the disk into one request.  Reads are asynchronous
 * (each page completes by interrupt when its last block has arrived);
 * write-back waits for its whole batch.  Holes and blocks past the end of
 * the file read as zeros without I/O.
 *
 * As on Linux, the bytes past the end of the file within its last block
 * come from the disk as they are: every writer zeroes them (clear_past_eof
 * here, ext2_setsize when the size changes), so they read as zeros.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

/* The disk block of each logical block, a run at a time. */
struct block_walk {
    struct ext2_inode *ei;
    uint64_t lblock; /* first logical block of the cached run */
    uint32_t pblock; /* its disk block, 0 for a hole */
    uint32_t count;  /* 0: nothing cached */
};

/* The disk block of lblock (0: a hole); want: how many blocks from lblock on
   the caller expects to ask for, so the run looked up can cover them. */
static int walk_block(struct block_walk *w, uint64_t lblock, uint64_t want, uint32_t *pblock)
{
    if (!(w->count && lblock >= w->lblock && lblock < w->lblock + w->count)) {
        uint32_t max = want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
        int err = ext2_bmap_run(w->ei, lblock, max, &w->pblock, &w->count);
        if (err) {
            w->count = 0;
            return err;
        }
        w->lblock = lblock;
    }
    *pblock = w->pblock ? w->pblock + (uint32_t)(lblock - w->lblock) : 0;
    return 0;
}

static void zero_block(uint8_t *va, uint32_t len, enum copy_mech mech)
{
    memset(va, 0, len);
    ledger_zero_fill(mech, len);
}

/* Adds the blocks of page p (pages[i], more pages following up to last_lblock)
   to the batch; holes and blocks past the end of file are zeroed now. */
static int read_page_blocks(struct block_walk *w, struct blk_batch *b, struct page *p,
                            uint64_t last_lblock, enum copy_mech mech)
{
    struct ext2_fs *fs = EXT2_FS(w->ei->vfs.sb);
    uint32_t bs = fs->block_size, per_page = PAGE_SIZE / bs;
    uint8_t *va = page_to_virt(p);
    for (uint32_t k = 0; k < per_page; k++) {
        uint64_t lblock = p->index * per_page + k;
        uint32_t pblock = 0;
        if (lblock * bs < w->ei->vfs.size) {
            int err = walk_block(w, lblock, last_lblock - lblock + 1, &pblock);
            if (err)
                return err;
        }
        if (!pblock) {
            zero_block(va + k * bs, bs, mech);
            continue;
        }
        int err = blk_batch_add(b, (uint64_t)pblock * bs, p, k * bs, bs);
        if (err)
            return err;
    }
    return 0;
}

static void ext2_readpages(struct pcache_mapping *m, struct page **pages, unsigned n,
                           enum copy_mech mech)
{
    struct ext2_inode *ei = m->host;
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    uint32_t per_page = PAGE_SIZE / fs->block_size;
    uint64_t last_lblock = (pages[n - 1]->index + 1) * per_page - 1;
    struct block_walk w = { ei, 0, 0, 0 };
    struct blk_batch b;
    blk_batch_init_async(&b, fs->dev, mech);
    for (unsigned i = 0; i < n; i++) {
        blk_read_page_begin(pages[i]);
        int err = read_page_blocks(&w, &b, pages[i], last_lblock, mech);
        blk_read_page_end(pages[i], err);
    }
    blk_batch_submit(&b);
}

/* A program may store past the end of the file into the last page through
   mmap: those bytes are not file data, so they are cleared before the page
   goes to the disk (and read as zeros if the file later grows). */
static void clear_past_eof(struct ext2_inode *ei, struct page *p)
{
    uint64_t page_start = p->index * PAGE_SIZE, size = ei->vfs.size;
    if (size <= page_start || size >= page_start + PAGE_SIZE)
        return;
    uint32_t keep = (uint32_t)(size - page_start);
    memset((uint8_t *)page_to_virt(p) + keep, 0, PAGE_SIZE - keep);
    ledger_zero_fill(MECH_WRITEBACK, PAGE_SIZE - keep);
}

static int ext2_writepages(struct pcache_mapping *m, struct page **pages, unsigned n)
{
    struct ext2_inode *ei = m->host;
    struct ext2_fs *fs = EXT2_FS(ei->vfs.sb);
    uint32_t bs = fs->block_size, per_page = PAGE_SIZE / bs;
    /* A directory's blocks are file-system metadata, not file data. */
    enum copy_mech mech = S_ISDIR(ei->vfs.mode) ? MECH_FS_METADATA : MECH_WRITEBACK;
    uint64_t last_lblock = (pages[n - 1]->index + 1) * per_page - 1;
    struct block_walk w = { ei, 0, 0, 0 };
    struct blk_batch b;
    blk_batch_init(&b, fs->dev, BLK_WRITE, mech);
    int err = 0;
    for (unsigned i = 0; i < n && !err; i++) {
        struct page *p = pages[i];
        clear_past_eof(ei, p);
        for (uint32_t k = 0; k < per_page && !err; k++) {
            uint64_t lblock = p->index * per_page + k;
            if (lblock * bs >= ei->vfs.size)
                break;
            /* write() allocates its blocks before copying (prepare_write);
               a page stored into through a shared mapping may still lie
               over a hole of a sparse file: its block is allocated now, or
               the stores would be lost when the page is evicted (Linux's
               ext2 allocates in writepage's get_block too). */
            uint32_t pblock;
            err = walk_block(&w, lblock, last_lblock - lblock + 1, &pblock);
            if (!err && !pblock) {
                err = ext2_bmap(ei, lblock, true, &pblock);
                w.count = 0; /* the block map changed */
            }
            if (!err && pblock)
                err = blk_batch_add(&b, (uint64_t)pblock * bs, p, k * bs, bs);
        }
    }
    int werr = blk_batch_wait(&b);
    return err ? err : werr;
}

const struct pcache_ops ext2_pcache_ops = {
    .readpages = ext2_readpages,
    .writepages = ext2_writepages,
};
