/* kernel/fs/synthfs.c: generated directories, files and device nodes (see synthfs.h). */
#include "kernel/fs/synthfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

#define SYNTH_ROOT_INO 1

struct synth_inode {
    struct inode inode;
    struct synth_entry entry;
    struct inode *parent; /* referenced; NULL for the root */
};

struct synth_snapshot {
    char *data;
    size_t len;
};

static const struct inode_ops synth_dir_iops;
static const struct inode_ops synth_iops;
static const struct inode_ops synth_link_iops;
static const struct file_ops synth_dir_fops;
static const struct file_ops synth_file_fops;

static struct synth_entry *entry_of(struct inode *ino)
{
    return &container_of(ino, struct synth_inode, inode)->entry;
}

static struct inode *make_inode(struct super_block *sb, const struct synth_entry *e,
                                struct inode *parent)
{
    struct synth_inode *si = kzalloc(sizeof *si);
    if (!si)
        return NULL;
    inode_init(&si->inode, sb, e->ino);
    si->entry = *e;
    si->parent = parent;
    if (parent)
        inode_get(parent);
    struct inode *ino = &si->inode;
    ino->mode = e->mode;
    ino->rdev = e->rdev;
    ino->mounted = e->mounted;
    /* nlink 0: the inode is freed (evict) when its last reference goes. */
    ino->nlink = 0;
    ino->atime = ino->mtime = ino->ctime = vfs_now();
    if (S_ISDIR(e->mode)) {
        ino->iops = &synth_dir_iops;
        ino->fops = &synth_dir_fops;
    } else if (S_ISLNK(e->mode)) {
        ino->iops = &synth_link_iops;
        ino->fops = NULL;
    } else {
        ino->iops = &synth_iops;
        ino->fops = S_ISREG(e->mode) ? &synth_file_fops : NULL;
    }
    return ino;
}

/* An inode number from the parent's and the name: stable across lookups. */
static uint64_t name_ino(uint64_t parent, const char *name)
{
    uint64_t h = parent * 1099511628211ull ^ 14695981039346656037ull;
    for (const char *p = name; *p; p++)
        h = (h ^ (uint8_t)*p) * 1099511628211ull;
    return (h & 0x7fffffffffffull) | 2;
}

static int synth_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
    struct synth_entry *d = entry_of(dir);
    struct synth_entry e;
    if (len == 2 && name[0] == '.' && name[1] == '.') {
        /* The root's parent is the mounting directory's: path.c goes there. */
        struct inode *up = container_of(dir, struct synth_inode, inode)->parent;
        *out = up ? up : dir;
        inode_get(*out);
        return 0;
    }
    for (int i = 0; d->list(d->arg, i, &e) == 0; i++) {
        if (strlen(e.name) == len && memcmp(e.name, name, len) == 0) {
            if (!e.ino)
                e.ino = name_ino(dir->ino, e.name);
            *out = make_inode(dir->sb, &e, dir);
            return *out ? 0 : -ENOMEM;
        }
    }
    return -ENOENT;
}

static void synth_evict(struct inode *ino)
{
    struct synth_inode *si = container_of(ino, struct synth_inode, inode);
    if (si->parent)
        inode_put(si->parent);
    kfree(si);
}

static const struct inode_ops synth_dir_iops = { .lookup = synth_lookup, .evict = synth_evict };
static const struct inode_ops synth_iops = { .evict = synth_evict };

static long synth_readlink(struct inode *ino, char *buf, size_t size, struct inode **jump)
{
    struct synth_entry *e = entry_of(ino);
    return e->link(e->arg, buf, size, jump);
}

static const struct inode_ops synth_link_iops = { .readlink = synth_readlink,
                                                  .evict = synth_evict };

static uint8_t dirent_type(uint32_t mode)
{
    return S_ISDIR(mode)   ? DT_DIR
           : S_ISCHR(mode) ? DT_CHR
           : S_ISREG(mode) ? DT_REG
           : S_ISLNK(mode) ? DT_LNK
                           : DT_UNKNOWN;
}

/* Entries 0 and 1 are "." and ".."; then the directory's own. */
static long synth_getdents64(struct file *f, struct iobuf *buf, size_t n)
{
    struct inode *dir = f->inode;
    struct synth_entry *d = entry_of(dir);
    size_t used = 0;
    bool too_small = false;
    for (;;) {
        struct synth_entry e;
        memset(&e, 0, sizeof e);
        if (f->pos == 0 || f->pos == 1) {
            strlcpy(e.name, f->pos == 0 ? "." : "..", sizeof e.name);
            e.mode = S_IFDIR;
            e.ino = dir->ino;
        } else if (d->list(d->arg, (int)f->pos - 2, &e) != 0) {
            break;
        } else if (!e.ino) {
            e.ino = name_ino(dir->ino, e.name);
        }
        size_t namelen = strlen(e.name);
        size_t reclen = (offsetof(struct linux_dirent64, d_name) + namelen + 1 + 7) & ~(size_t)7;
        if (used + reclen > n) {
            too_small = used == 0;
            break;
        }
        uint8_t rec[sizeof(struct linux_dirent64) + SYNTH_NAME_MAX + 8];
        memset(rec, 0, reclen);
        struct linux_dirent64 *de = (struct linux_dirent64 *)rec;
        de->d_ino = e.ino;
        de->d_off = (int64_t)f->pos + 1;
        de->d_reclen = (uint16_t)reclen;
        de->d_type = dirent_type(e.mode);
        memcpy(de->d_name, e.name, namelen + 1);
        if (iobuf_copy_out(buf, used, rec, reclen))
            return used ? (long)used : -EFAULT;
        used += reclen;
        f->pos++;
    }
    return too_small ? -EINVAL : (long)used; /* EINVAL: not even one record fits */
}

static int64_t synth_dir_lseek(struct file *f, int64_t off, int whence)
{
    if (whence != SEEK_SET || off < 0)
        return -EINVAL;
    f->pos = (uint64_t)off;
    return off;
}

static int synth_open_file(struct inode *ino, struct file *f)
{
    struct synth_entry *e = entry_of(ino);
    struct synth_snapshot *s = kzalloc(sizeof *s);
    char *data = kmalloc(SYNTH_FILE_MAX);
    if (!s || !data) {
        kfree(s);
        kfree(data);
        return -ENOMEM;
    }
    long len = e->show(e->arg, data, SYNTH_FILE_MAX);
    if (len < 0) {
        kfree(s);
        kfree(data);
        return (int)len;
    }
    s->data = data;
    s->len = (size_t)len < SYNTH_FILE_MAX ? (size_t)len : SYNTH_FILE_MAX;
    f->private = s;
    return 0;
}

static long synth_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct synth_snapshot *s = f->private;
    if (*pos >= s->len)
        return 0;
    size_t k = s->len - *pos < n ? s->len - *pos : n;
    if (iobuf_copy_out(buf, 0, s->data + *pos, k))
        return -EFAULT;
    *pos += k;
    return (long)k;
}

/* A write hands the bytes to the entry's store function at once (as a
   /proc/sys file takes a value); files without one refuse writes. */
static long synth_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    struct synth_entry *e = entry_of(f->inode);
    if (!e->store)
        return -EINVAL;
    char data[SYNTH_STORE_MAX];
    if (n > sizeof data)
        return -EINVAL;
    if (iobuf_copy_in(buf, 0, data, n))
        return -EFAULT;
    int err = e->store(e->arg, data, n);
    return err ? err : (long)n;
}

static int64_t synth_lseek(struct file *f, int64_t off, int whence)
{
    struct synth_snapshot *s = f->private;
    int64_t base = whence == SEEK_SET   ? 0
                   : whence == SEEK_CUR ? (int64_t)f->pos
                   : whence == SEEK_END ? (int64_t)s->len
                                        : -1;
    if (base < 0 || base + off < 0)
        return -EINVAL;
    f->pos = (uint64_t)(base + off);
    return (int64_t)f->pos;
}

static void synth_release(struct file *f)
{
    struct synth_snapshot *s = f->private;
    if (s) {
        kfree(s->data);
        kfree(s);
    }
}

static int synth_fstat(struct file *f, struct kstat *st)
{
    inode_fill_kstat(f->inode, st);
    st->nlink = 1;
    return 0;
}

static const struct file_ops synth_dir_fops = {
    .getdents64 = synth_getdents64,
    .lseek = synth_dir_lseek,
    .fstat = synth_fstat,
};

static const struct file_ops synth_file_fops = {
    .open = synth_open_file,
    .read = synth_read,
    .write = synth_write,
    .lseek = synth_lseek,
    .release = synth_release,
    .fstat = synth_fstat,
};

static const struct super_ops synth_super_ops = { 0 };

struct super_block *synthfs_create(const char *type, synth_list_fn list, void *arg)
{
    struct super_block *sb = kzalloc(sizeof *sb);
    if (!sb)
        return NULL;
    super_init(sb, &synth_super_ops, type);
    struct synth_entry root = {
        .mode = S_IFDIR | 0555, .list = list, .arg = arg, .ino = SYNTH_ROOT_INO
    };
    strlcpy(root.name, "/", sizeof root.name);
    sb->root = make_inode(sb, &root, NULL);
    if (!sb->root) {
        kfree(sb);
        return NULL;
    }
    /* The super block's own reference keeps the root alive. */
    return sb;
}
