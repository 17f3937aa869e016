/*
 * kernel/fs/ext2/dir.c: linked-list directories [doc 4.1.3].  A directory's
 * blocks live in its own page cache; each block is a chain of entries whose
 * rec_len reaches exactly the end of the block.  Every entry is checked as
 * it is read: a malformed one makes the operation fail with -EIO.
 */
#include "kernel/fs/ext2/ext2.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

struct dir_block {
    struct page *page;
    uint8_t *data;
};

static int get_dir_block(struct inode *dir, uint64_t lblock, struct dir_block *db)
{
    struct ext2_fs *fs = EXT2_FS(dir->sb);
    uint64_t byte = lblock * fs->block_size;
    int err;
    db->page = pcache_get(&dir->mapping, byte / PAGE_SIZE, MECH_FS_METADATA, &err);
    if (!db->page)
        return err;
    db->data = (uint8_t *)page_to_virt(db->page) + byte % PAGE_SIZE;
    return 0;
}

static void put_dir_block(struct dir_block *db) { pcache_put(db->page); }

static bool entry_ok(struct ext2_fs *fs, const struct ext2_dirent *d, uint32_t off)
{
    return d->rec_len >= EXT2_DIRENT_HEADER && d->rec_len % 4 == 0 &&
           off + d->rec_len <= fs->block_size && EXT2_DIRENT_LEN(d->name_len) <= d->rec_len &&
           d->inode <= fs->super->s_inodes_count;
}

static uint64_t dir_blocks(struct inode *dir) { return dir->size / EXT2_FS(dir->sb)->block_size; }

/* Calls visit(entry, prev, arg) for each entry in use; stops at a non-zero
   result, which it returns, with *where set to the block. */
typedef int (*dir_visit_fn)(struct ext2_dirent *d, struct ext2_dirent *prev, void *arg);

static int dir_walk(struct inode *dir, dir_visit_fn visit, void *arg, struct dir_block *where)
{
    struct ext2_fs *fs = EXT2_FS(dir->sb);
    for (uint64_t b = 0; b < dir_blocks(dir); b++) {
        struct dir_block db;
        int err = get_dir_block(dir, b, &db);
        if (err)
            return err;
        struct ext2_dirent *prev = NULL;
        for (uint32_t off = 0; off < fs->block_size;) {
            struct ext2_dirent *d = (struct ext2_dirent *)(db.data + off);
            if (!entry_ok(fs, d, off)) {
                ext2_error(fs, "bad directory entry in inode", dir->ino);
                put_dir_block(&db);
                return -EIO;
            }
            int r = d->inode ? visit(d, prev, arg) : 0;
            if (r) {
                *where = db;
                return r;
            }
            prev = d;
            off += d->rec_len;
        }
        put_dir_block(&db);
    }
    return 0;
}

struct name_match {
    const char *name;
    size_t len;
    struct ext2_dirent *found, *prev;
};

static int match_name(struct ext2_dirent *d, struct ext2_dirent *prev, void *arg)
{
    struct name_match *m = arg;
    if (d->name_len != m->len || memcmp(d->name, m->name, m->len) != 0)
        return 0;
    m->found = d;
    m->prev = prev;
    return 1;
}

/* Finds the entry called name: 0 with its block held in *db (put it),
   -ENOENT, or -errno. */
static int find_name(struct inode *dir, const char *name, size_t len, struct name_match *m,
                     struct dir_block *db)
{
    *m = (struct name_match){ name, len, NULL, NULL };
    int r = dir_walk(dir, match_name, m, db);
    if (r < 0)
        return r;
    return r == 0 ? -ENOENT : 0;
}

int ext2_dir_find(struct inode *dir, const char *name, size_t len, uint32_t *ino)
{
    struct name_match m;
    struct dir_block db;
    int err = find_name(dir, name, len, &m, &db);
    if (err)
        return err;
    *ino = m.found->inode;
    put_dir_block(&db);
    return 0;
}

static uint8_t file_type_of(uint32_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG:
        return EXT2_FT_REG_FILE;
    case S_IFDIR:
        return EXT2_FT_DIR;
    case S_IFCHR:
        return EXT2_FT_CHRDEV;
    case S_IFBLK:
        return EXT2_FT_BLKDEV;
    case S_IFIFO:
        return EXT2_FT_FIFO;
    case S_IFSOCK:
        return EXT2_FT_SOCK;
    case S_IFLNK:
        return EXT2_FT_SYMLINK;
    }
    return EXT2_FT_UNKNOWN;
}

static void fill_entry(struct ext2_fs *fs, struct ext2_dirent *d, const char *name, size_t len,
                       uint32_t ino, uint32_t mode)
{
    d->inode = ino;
    d->name_len = (uint8_t)len;
    d->file_type = fs->has_filetype ? file_type_of(mode) : 0;
    memcpy(d->name, name, len);
}

/* We keep directories as plain lists: a hash index would now be stale. */
static void drop_index(struct inode *dir) { EXT2_I(dir)->flags &= ~EXT2_INDEX_FL; }

/* After an entry was added or removed: the index is dropped, the
   directory's times move and its inode goes to disk. */
static int entries_changed(struct inode *dir)
{
    drop_index(dir);
    dir->mtime = dir->ctime = vfs_now();
    return ext2_write_inode(dir);
}

/* Puts the entry into a block with room: in a free entry, or in the slack
   after a used one.  1 if placed, 0 if the block is full. */
static int place_in_block(struct ext2_fs *fs, uint8_t *data, const char *name, size_t len,
                          uint32_t ino, uint32_t mode)
{
    uint32_t need = EXT2_DIRENT_LEN(len);
    for (uint32_t off = 0; off < fs->block_size;) {
        struct ext2_dirent *d = (struct ext2_dirent *)(data + off);
        if (!entry_ok(fs, d, off))
            return -EIO;
        if (d->inode == 0 && d->rec_len >= need) {
            fill_entry(fs, d, name, len, ino, mode);
            return 1;
        }
        uint32_t used = EXT2_DIRENT_LEN(d->name_len);
        if (d->inode && d->rec_len >= used + need) {
            struct ext2_dirent *n = (struct ext2_dirent *)(data + off + used);
            n->rec_len = (uint16_t)(d->rec_len - used);
            d->rec_len = (uint16_t)used;
            fill_entry(fs, n, name, len, ino, mode);
            return 1;
        }
        off += d->rec_len;
    }
    return 0;
}

int ext2_dir_add(struct inode *dir, const char *name, size_t len, uint32_t ino, uint32_t mode)
{
    struct ext2_fs *fs = EXT2_FS(dir->sb);
    if (len == 0 || len > NAME_MAX)
        return -ENAMETOOLONG;
    for (uint64_t b = 0; b < dir_blocks(dir); b++) {
        struct dir_block db;
        int err = get_dir_block(dir, b, &db);
        if (err)
            return err;
        int r = place_in_block(fs, db.data, name, len, ino, mode);
        if (r == 1)
            pcache_mark_dirty(db.page);
        put_dir_block(&db);
        if (r < 0) {
            ext2_error(fs, "bad directory entry in inode", dir->ino);
            return r;
        }
        if (r == 1)
            return entries_changed(dir);
    }
    /* Every block is full: append one. */
    uint64_t b = dir_blocks(dir);
    int err = ext2_prepare_write(dir, b * fs->block_size, fs->block_size);
    if (err)
        return err;
    dir->size += fs->block_size;
    struct dir_block db;
    if ((err = get_dir_block(dir, b, &db))) {
        dir->size -= fs->block_size;
        return err;
    }
    /* A new block: whatever the disk held there is not ours. */
    memset(db.data, 0, fs->block_size);
    struct ext2_dirent *d = (struct ext2_dirent *)db.data;
    d->rec_len = (uint16_t)fs->block_size;
    fill_entry(fs, d, name, len, ino, mode);
    pcache_mark_dirty(db.page);
    put_dir_block(&db);
    return entries_changed(dir);
}

int ext2_dir_remove(struct inode *dir, const char *name, size_t len)
{
    struct name_match m;
    struct dir_block db;
    int err = find_name(dir, name, len, &m, &db);
    if (err)
        return err;
    if (m.prev)
        m.prev->rec_len = (uint16_t)(m.prev->rec_len + m.found->rec_len);
    else
        m.found->inode = 0; /* first in its block: becomes a free entry */
    pcache_mark_dirty(db.page);
    put_dir_block(&db);
    return entries_changed(dir);
}

static int match_dotdot(struct ext2_dirent *d, struct ext2_dirent *prev, void *arg)
{
    if (d->name_len == 2 && d->name[0] == '.' && d->name[1] == '.') {
        d->inode = *(uint32_t *)arg;
        return 1;
    }
    return 0;
}

int ext2_dir_set_parent(struct inode *dir, uint32_t parent)
{
    struct dir_block db;
    int r = dir_walk(dir, match_dotdot, &parent, &db);
    if (r < 0)
        return r;
    if (r == 0)
        return -EIO;
    pcache_mark_dirty(db.page);
    put_dir_block(&db);
    return 0;
}

static int not_dot(struct ext2_dirent *d, struct ext2_dirent *prev, void *arg)
{
    bool dot = (d->name_len == 1 && d->name[0] == '.') ||
               (d->name_len == 2 && d->name[0] == '.' && d->name[1] == '.');
    return dot ? 0 : 1;
}

/* 1 if the directory holds nothing but "." and "..", 0 if not, or -errno. */
int ext2_dir_is_empty(struct inode *dir)
{
    struct dir_block db;
    int r = dir_walk(dir, not_dot, NULL, &db);
    if (r < 0)
        return r;
    if (r == 0)
        return 1;
    put_dir_block(&db);
    return 0;
}

/* Makes the first block of a new directory: "." and "..". */
int ext2_dir_init(struct inode *dir, uint32_t parent)
{
    struct ext2_fs *fs = EXT2_FS(dir->sb);
    int err = ext2_prepare_write(dir, 0, fs->block_size);
    if (err)
        return err;
    dir->size = fs->block_size;
    struct dir_block db;
    if ((err = get_dir_block(dir, 0, &db)))
        return err;
    memset(db.data, 0, fs->block_size);
    struct ext2_dirent *dot = (struct ext2_dirent *)db.data;
    fill_entry(fs, dot, ".", 1, (uint32_t)dir->ino, S_IFDIR);
    dot->rec_len = EXT2_DIRENT_LEN(1);
    struct ext2_dirent *dotdot = (struct ext2_dirent *)(db.data + dot->rec_len);
    fill_entry(fs, dotdot, "..", 2, parent, S_IFDIR);
    dotdot->rec_len = (uint16_t)(fs->block_size - dot->rec_len);
    pcache_mark_dirty(db.page);
    put_dir_block(&db);
    return ext2_write_inode(dir);
}

static uint8_t dtype_of(uint8_t ft)
{
    static const uint8_t map[] = {
        [EXT2_FT_UNKNOWN] = DT_UNKNOWN, [EXT2_FT_REG_FILE] = DT_REG, [EXT2_FT_DIR] = DT_DIR,
        [EXT2_FT_CHRDEV] = DT_CHR,      [EXT2_FT_BLKDEV] = DT_BLK,   [EXT2_FT_FIFO] = DT_FIFO,
        [EXT2_FT_SOCK] = DT_SOCK,       [EXT2_FT_SYMLINK] = DT_LNK,
    };
    return ft < sizeof map ? map[ft] : DT_UNKNOWN;
}

/* getdents64: f->pos is the byte offset of the next entry in the directory.
   Each record is assembled in a small kernel buffer (name plus header, at
   most 280 bytes) and copied out once. */
static long ext2_getdents64(struct file *f, struct iobuf *buf, size_t n)
{
    struct inode *dir = f->inode;
    struct ext2_fs *fs = EXT2_FS(dir->sb);
    size_t done = 0;
    union {
        struct linux_dirent64 d;
        uint8_t raw[sizeof(struct linux_dirent64) + NAME_MAX + 8];
    } rec;
    while (f->pos < dir->size) {
        uint64_t b = f->pos / fs->block_size;
        uint32_t off = f->pos % fs->block_size;
        struct dir_block db;
        int err = get_dir_block(dir, b, &db);
        if (err)
            return done ? (long)done : err;
        struct ext2_dirent *d = (struct ext2_dirent *)(db.data + off);
        if (!entry_ok(fs, d, off)) {
            put_dir_block(&db);
            ext2_error(fs, "bad directory entry in inode", dir->ino);
            return done ? (long)done : -EIO;
        }
        uint64_t next = f->pos + d->rec_len;
        if (d->inode) {
            size_t reclen =
                (offsetof(struct linux_dirent64, d_name) + d->name_len + 1 + 7) & ~(size_t)7;
            if (done + reclen > n) {
                put_dir_block(&db);
                return done ? (long)done : -EINVAL;
            }
            memset(&rec, 0, reclen);
            rec.d.d_ino = d->inode;
            rec.d.d_off = (int64_t)next;
            rec.d.d_reclen = (uint16_t)reclen;
            rec.d.d_type = dtype_of(d->file_type);
            memcpy(rec.d.d_name, d->name, d->name_len);
            long e = iobuf_copy_out(buf, done, &rec, reclen);
            if (e) {
                put_dir_block(&db);
                return done ? (long)done : e;
            }
            done += reclen;
        }
        put_dir_block(&db);
        f->pos = next;
    }
    return (long)done;
}

static int64_t dir_lseek(struct file *f, int64_t off, int whence)
{
    if (whence != SEEK_SET || off < 0)
        return -EINVAL;
    f->pos = (uint64_t)off; /* 0 rewinds; other values come from d_off */
    return off;
}

const struct file_ops ext2_dir_file_ops = {
    .getdents64 = ext2_getdents64,
    .lseek = dir_lseek,
    .fstat = generic_file_fstat,
    .fsync = generic_file_fsync,
};
