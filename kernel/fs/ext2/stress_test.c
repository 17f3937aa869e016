/*
 * kernel/fs/ext2/stress_test.c: the storage integrity stress test.
 *
 * ext2_stress runs a deterministic mix of a few thousand operations on
 * nested directories under /stress (create, write in odd-sized chunks,
 * overwrite, extend across holes, truncate, rename across directories,
 * unlink, rmdir), keeps a model of what every file must contain, checks the
 * files against it, writes the model to /stress/MANIFEST and syncs.
 * tests/suites/40_storage.py then runs e2fsck -fn on the image and compares
 * every file, dumped with debugfs, against the manifest; a second boot runs
 * ext2_stress_files_survive_reboot, which checks them from the disk.
 */
#include "kernel/fs/ext2/stress_gen.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

#define STRESS_OPS       2000
#define STRESS_SLOTS     64
#define STRESS_TOP_DIRS  6
#define STRESS_SUB_DIRS  3
#define STRESS_DIRS      (STRESS_TOP_DIRS * (1 + STRESS_SUB_DIRS))
#define STRESS_MAX_WRITE (96 * 1024)
#define STRESS_MANIFEST  "/stress/MANIFEST"
#define STRESS_BUF       (32 * 1024)

struct stress_file {
    bool used;
    int dir;
    uint32_t seed, gen;
    uint64_t size, hole_start, hole_end; /* bytes in [hole_start, hole_end) read as zeros */
};

struct stress {
    uint64_t rng;
    struct stress_file files[STRESS_SLOTS];
    uint8_t *buf;
    uint64_t bytes_written, ops_done;
    bool dir_gone[STRESS_DIRS];
};

static uint64_t next_rand(struct stress *s)
{
    s->rng ^= s->rng << 13;
    s->rng ^= s->rng >> 7;
    s->rng ^= s->rng << 17;
    return s->rng;
}

static uint64_t rand_below(struct stress *s, uint64_t n) { return n ? next_rand(s) % n : 0; }

static void dir_path(int d, char *out, size_t n)
{
    int top = d / (1 + STRESS_SUB_DIRS), sub = d % (1 + STRESS_SUB_DIRS);
    if (sub == 0)
        snprintf(out, n, "/stress/d%d", top);
    else
        snprintf(out, n, "/stress/d%d/s%d", top, sub - 1);
}

static void file_path(const struct stress *s, int slot, char *out, size_t n)
{
    char dir[48];
    dir_path(s->files[slot].dir, dir, sizeof dir);
    snprintf(out, n, "%s/f%d-%u", dir, slot, s->files[slot].gen);
}

static uint8_t expected_byte(const struct stress_file *f, uint64_t off)
{
    if (off >= f->hole_start && off < f->hole_end)
        return 0;
    return stress_content_byte(f->seed, off);
}

/* Writes [from, to) of the file with bytes of seed. */
static int write_range(struct stress *s, struct file *fp, uint32_t seed, uint64_t from, uint64_t to)
{
    while (from < to) {
        uint64_t chunk = 1 + rand_below(s, STRESS_BUF);
        if (chunk > to - from)
            chunk = to - from;
        for (uint64_t i = 0; i < chunk; i++)
            s->buf[i] = stress_content_byte(seed, from + i);
        struct iobuf b = { s->buf, false, MECH_FILE_WRITE, NULL, 0 };
        long n = vfs_pwrite(fp, &b, chunk, from);
        if (n != (long)chunk)
            return n < 0 ? (int)n : -EIO;
        from += chunk;
        s->bytes_written += chunk;
    }
    return 0;
}

/* Reads the whole file and compares it with the model; 0 if equal. */
static int check_file(struct stress *s, const char *path, const struct stress_file *model)
{
    struct file *fp;
    int err = vfs_open(NULL, path, O_RDONLY, 0, &fp);
    if (err)
        return err;
    struct kstat st;
    vfs_fstat(fp, &st);
    if (st.size != model->size) {
        printk("stress: %s is %lu bytes, expected %lu\n", path, st.size, model->size);
        file_put(fp);
        return -EIO;
    }
    uint64_t off = 0;
    for (;;) {
        struct iobuf b = { s->buf, false, MECH_FILE_READ, NULL, 0 };
        long n = vfs_read(fp, &b, STRESS_BUF);
        if (n < 0) {
            file_put(fp);
            return (int)n;
        }
        if (n == 0)
            break;
        for (long i = 0; i < n; i++) {
            if (s->buf[i] != expected_byte(model, off + (uint64_t)i)) {
                printk("stress: %s differs at byte %lu\n", path, off + (uint64_t)i);
                file_put(fp);
                return -EIO;
            }
        }
        off += (uint64_t)n;
    }
    file_put(fp);
    return off == model->size ? 0 : -EIO;
}

static int free_slot(struct stress *s)
{
    for (int k = 0; k < STRESS_SLOTS; k++) {
        int i = (int)((k + rand_below(s, STRESS_SLOTS)) % STRESS_SLOTS);
        if (!s->files[i].used)
            return i;
    }
    return -1;
}

static int used_slot(struct stress *s)
{
    for (int k = 0; k < STRESS_SLOTS; k++) {
        int i = (int)((k + rand_below(s, STRESS_SLOTS)) % STRESS_SLOTS);
        if (s->files[i].used)
            return i;
    }
    return -1;
}

static int live_dir(struct stress *s)
{
    for (;;) {
        int d = (int)rand_below(s, STRESS_DIRS);
        if (!s->dir_gone[d])
            return d;
    }
}

static int op_create(struct stress *s)
{
    int slot = free_slot(s);
    if (slot < 0)
        return 0;
    struct stress_file *f = &s->files[slot];
    *f = (struct stress_file){ true, live_dir(s), (uint32_t)next_rand(s), f->gen + 1, 0, 0, 0 };
    char path[96];
    file_path(s, slot, path, sizeof path);
    struct file *fp;
    int err = vfs_open(NULL, path, O_CREAT | O_EXCL | O_WRONLY, 0644, &fp);
    if (err)
        return err;
    f->size = rand_below(s, STRESS_MAX_WRITE);
    err = write_range(s, fp, f->seed, 0, f->size);
    file_put(fp);
    return err;
}

static int open_slot(struct stress *s, int slot, struct file **fp)
{
    char path[96];
    file_path(s, slot, path, sizeof path);
    return vfs_open(NULL, path, O_RDWR, 0, fp);
}

/* Rewrites a range outside the hole: first with other bytes, then with the
   right ones, so the last write must win. */
static int op_overwrite(struct stress *s)
{
    int slot = used_slot(s);
    if (slot < 0)
        return 0;
    struct stress_file *f = &s->files[slot];
    uint64_t lo = 0, hi = f->hole_end > f->hole_start ? f->hole_start : f->size;
    if (hi == 0)
        return 0;
    uint64_t a = rand_below(s, hi), b = a + 1 + rand_below(s, hi - a);
    struct file *fp;
    int err = open_slot(s, slot, &fp);
    if (!err)
        err = write_range(s, fp, f->seed ^ 0x5eed, a + lo, b);
    if (!err)
        err = write_range(s, fp, f->seed, a + lo, b);
    file_put(fp);
    return err;
}

static int op_extend(struct stress *s)
{
    int slot = used_slot(s);
    if (slot < 0)
        return 0;
    struct stress_file *f = &s->files[slot];
    uint64_t gap = f->hole_end > f->hole_start ? 0 : rand_below(s, 3 * STRESS_MAX_WRITE);
    uint64_t len = 1 + rand_below(s, STRESS_MAX_WRITE / 2);
    struct file *fp;
    int err = open_slot(s, slot, &fp);
    if (err)
        return err;
    if (gap) {
        f->hole_start = f->size;
        f->hole_end = f->size + gap;
    }
    uint64_t from = f->size + gap;
    f->size = from + len;
    err = write_range(s, fp, f->seed, from, from + len);
    file_put(fp);
    return err;
}

static int op_truncate(struct stress *s)
{
    int slot = used_slot(s);
    if (slot < 0)
        return 0;
    struct stress_file *f = &s->files[slot];
    uint64_t to = rand_below(s, f->size + 1);
    struct file *fp;
    int err = open_slot(s, slot, &fp);
    if (err)
        return err;
    err = vfs_ftruncate(fp, (int64_t)to);
    file_put(fp);
    f->size = to;
    if (f->hole_start >= to)
        f->hole_start = f->hole_end = 0;
    else if (f->hole_end > to)
        f->hole_end = to;
    return err;
}

static int op_rename(struct stress *s)
{
    int slot = used_slot(s);
    if (slot < 0)
        return 0;
    char from[96], to[96];
    file_path(s, slot, from, sizeof from);
    s->files[slot].dir = live_dir(s);
    s->files[slot].gen++;
    file_path(s, slot, to, sizeof to);
    return vfs_rename(NULL, from, to);
}

static int op_unlink(struct stress *s)
{
    int slot = used_slot(s);
    if (slot < 0)
        return 0;
    char path[96];
    file_path(s, slot, path, sizeof path);
    s->files[slot].used = false;
    return vfs_unlink(NULL, path);
}

static int op_check(struct stress *s)
{
    int slot = used_slot(s);
    if (slot < 0)
        return 0;
    char path[96];
    file_path(s, slot, path, sizeof path);
    return check_file(s, path, &s->files[slot]);
}

static int make_dirs(void)
{
    int err = vfs_mkdir(NULL, "/stress", 0755);
    for (int d = 0; d < STRESS_DIRS && !err; d++) {
        char path[48];
        dir_path(d, path, sizeof path);
        err = vfs_mkdir(NULL, path, 0755);
    }
    return err;
}

/* Empties and removes the last top directory and its subdirectories. */
static int remove_last_tree(struct stress *s)
{
    int first = (STRESS_TOP_DIRS - 1) * (1 + STRESS_SUB_DIRS);
    for (int i = 0; i < STRESS_SLOTS; i++) {
        if (s->files[i].used && s->files[i].dir >= first) {
            char path[96];
            file_path(s, i, path, sizeof path);
            s->files[i].used = false;
            int err = vfs_unlink(NULL, path);
            if (err)
                return err;
        }
    }
    for (int d = STRESS_DIRS - 1; d >= first; d--) {
        char path[48];
        dir_path(d, path, sizeof path);
        s->dir_gone[d] = true;
        int err = vfs_rmdir(NULL, path);
        if (err)
            return err;
    }
    return 0;
}

static int write_manifest(struct stress *s)
{
    struct file *fp;
    int err = vfs_open(NULL, STRESS_MANIFEST, O_CREAT | O_TRUNC | O_WRONLY, 0644, &fp);
    if (err)
        return err;
    char line[160];
    for (int i = 0; i < STRESS_SLOTS && !err; i++) {
        const struct stress_file *f = &s->files[i];
        if (!f->used)
            continue;
        char path[96];
        file_path(s, i, path, sizeof path);
        int n = snprintf(line, sizeof line, "%s %lu %u %lu %lu\n", path, f->size, f->seed,
                         f->hole_start, f->hole_end);
        struct iobuf b = { line, false, MECH_FILE_WRITE, NULL, 0 };
        if (vfs_write(fp, &b, (size_t)n) != n)
            err = -EIO;
    }
    file_put(fp);
    return err;
}

static uint64_t parse_u64(const char **p)
{
    uint64_t v = 0;
    while (**p == ' ')
        (*p)++;
    while (**p >= '0' && **p <= '9')
        v = v * 10 + (uint64_t)(*(*p)++ - '0');
    return v;
}

/* Checks every file /stress/MANIFEST lists against its model.  Returns the
   number of files checked, or -1 when the manifest cannot be read; *bad
   gets the number that differ. */
static int check_manifest(int *bad)
{
    struct file *fp;
    *bad = 0;
    if (vfs_open(NULL, STRESS_MANIFEST, O_RDONLY, 0, &fp) != 0)
        return -1;
    uint64_t size = fp->inode->size;
    char *text = kmalloc(size + 1);
    struct stress *s = kzalloc(sizeof *s);
    if (s)
        s->buf = kmalloc(STRESS_BUF);
    struct iobuf b = { text, false, MECH_FILE_READ, NULL, 0 };
    if (!text || !s || !s->buf || vfs_read(fp, &b, size) != (long)size) {
        file_put(fp);
        return -1;
    }
    file_put(fp);
    text[size] = 0;
    int files = 0;
    for (const char *p = text; *p;) {
        char path[96];
        size_t n = 0;
        while (*p && *p != ' ' && n < sizeof path - 1)
            path[n++] = *p++;
        path[n] = 0;
        struct stress_file f = { true, 0, 0, 0, 0, 0, 0 };
        f.size = parse_u64(&p);
        f.seed = (uint32_t)parse_u64(&p);
        f.hole_start = parse_u64(&p);
        f.hole_end = parse_u64(&p);
        while (*p && *p != '\n')
            p++;
        if (*p)
            p++;
        files++;
        if (check_file(s, path, &f) != 0) {
            printk("stress: %s does not match the manifest\n", path);
            (*bad)++;
        }
    }
    kfree(text);
    kfree(s->buf);
    kfree(s);
    return files;
}

/* Selected alone on the boot after an ext2_stress boot: the files must come
   back from the disk as the manifest says.  (Defined before ext2_stress so
   that ktest=all, which runs a file's tests in reverse order of definition,
   runs it after; if it ever runs first it fails on the missing manifest.) */
KTEST(ext2_stress_files_survive_reboot)
{
    int bad;
    int files = check_manifest(&bad);
    printk("stress: %d files checked against the manifest\n", files);
    KEXPECT(files > 0);
    KEXPECT(bad == 0);
}

typedef int (*stress_op)(struct stress *s);

KTEST(ext2_stress)
{
    static const stress_op ops[] = {
        op_create, op_create,   op_create, op_overwrite, op_overwrite, op_extend,
        op_extend, op_truncate, op_rename, op_rename,    op_unlink,    op_check,
    };
    struct stress *s = kzalloc(sizeof *s);
    KASSERT(s != NULL);
    s->buf = kmalloc(STRESS_BUF);
    KASSERT(s->buf != NULL);
    s->rng = 0x70616765; /* "page" */
    KASSERT(make_dirs() == 0);
    int failed_op = -1, err = 0;
    for (int i = 0; i < STRESS_OPS && !err; i++) {
        int which = (int)rand_below(s, sizeof ops / sizeof ops[0]);
        err = ops[which](s);
        if (err)
            failed_op = which;
        s->ops_done++;
    }
    if (err)
        printk("stress: operation %d (kind %d) failed: %d\n", (int)s->ops_done, failed_op, err);
    KEXPECT(err == 0);
    KEXPECT(remove_last_tree(s) == 0);
    int files = 0, bad = 0;
    uint64_t bytes = 0;
    for (int i = 0; i < STRESS_SLOTS; i++) {
        if (!s->files[i].used)
            continue;
        char path[96];
        file_path(s, i, path, sizeof path);
        files++;
        bytes += s->files[i].size;
        bad += check_file(s, path, &s->files[i]) != 0;
    }
    KEXPECT(bad == 0);
    KEXPECT(write_manifest(s) == 0);
    KEXPECT(vfs_sync() == 0);
    struct pcache_stats ps;
    pcache_get_stats(&ps);
    printk("stress: %lu operations, %lu bytes written, %d files of %lu bytes left; page cache: "
           "%lu hits, %lu misses, %lu evictions, %lu write-backs, %lu cached, %lu dirty\n",
           s->ops_done, s->bytes_written, files, bytes, ps.hits, ps.misses, ps.evictions,
           ps.writebacks, ps.cached, ps.dirty);
    KEXPECT(ps.dirty == 0);
    kfree(s->buf);
    kfree(s);
    /* Everything is on the disk: drop the cached copies and read it back. */
    pcache_shrink(UINT64_MAX);
    int again_bad, again = check_manifest(&again_bad);
    KEXPECT(again == files);
    KEXPECT(again_bad == 0);
}
