/*
 * Host tests of ext2 + the VFS + the page cache, against images made by the
 * host's mke2fs and checked afterwards by the host's e2fsck and debugfs:
 * tools we did not write judge what our code wrote.
 */
#include <unistd.h>
#include "tests/host/fake_kernel.h"
#include "tests/host/check.h"
#include "tests/host/storage_sources.h"
#include "tests/host/permission_sources.h"
#include "kernel/copy/iobuf.c"
#include "kernel/fs/vfs.c"
#include "kernel/fs/path.c"
#include "kernel/fs/file.c"
#include "kernel/fs/file_rw.c"
#include "kernel/fs/file_mmap.c"
#include "kernel/fs/file_splice.c"
#include "kernel/fs/blkdev_file.c"
#include "kernel/fs/namespace.c"
#include "kernel/fs/ext2/buf.c"
#include "kernel/fs/ext2/super.c"
#include "kernel/fs/ext2/alloc.c"
#include "kernel/fs/ext2/inode.c"
#include "kernel/fs/ext2/bmap.c"
#include "kernel/fs/ext2/file_io.c"
#include "kernel/fs/ext2/dir.c"
#include "kernel/fs/ext2/namei.c"
#include "kernel/fs/ext2/symlink.c"
#include "kernel/fs/ext2/statfs.c"

#define WORK "build/host-tests/ext2"

/* File systems mounted here are never unmounted (the kernel has no umount
   yet), so their in-memory inodes are deliberately left allocated. */
const char *__asan_default_options(void) { return "detect_leaks=0"; }

static int sh(const char *fmt, ...)
{
    char cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd);
}

/* The deterministic content the kernel's stress test also uses. */
static uint8_t content_byte(uint32_t seed, uint64_t off)
{
    uint64_t x = (off / 8) * 0x9e3779b97f4a7c15ull ^ ((uint64_t)seed << 32 | seed);
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    return (uint8_t)(x >> ((off % 8) * 8));
}

/* Makes an image with mke2fs -d from a small staged tree; returns a RAM disk
   holding it. */
static struct ramdisk *make_image(int block_size, int size_mib)
{
    sh("rm -rf " WORK " && mkdir -p " WORK "/root/sub/deeper " WORK "/root/empty");
    FILE *f = fopen(WORK "/root/hello.txt", "w");
    fputs("hello from mke2fs\n", f);
    fclose(f);
    f = fopen(WORK "/root/sub/deeper/big.bin", "w");
    for (uint64_t i = 0; i < 300 * 1024 + 77; i++)   /* through double indirect at 1 KiB */
        fputc(content_byte(7, i), f);
    fclose(f);
    /* links mke2fs -d copies: a fast one and a slow one (over 60 bytes) */
    sh("ln -s hello.txt " WORK "/root/fast && ln -s ./sub/./deeper/../deeper/./../../sub/"
       "deeper/../deeper/big.bin " WORK "/root/slow");
    if (sh("mke2fs -q -F -t ext2 -r 1 -b %d -d " WORK "/root " WORK "/disk.img %dM 2>/dev/null",
           block_size, size_mib))
        return NULL;
    static struct ramdisk *previous;
    if (previous) {
        free(previous->bytes);
        free(previous);
    }
    f = fopen(WORK "/disk.img", "rb");
    struct ramdisk *rd = ramdisk_new("ram0", (uint64_t)size_mib << 20);
    if (fread(rd->bytes, 1, rd->size, f) != rd->size)
        return NULL;
    fclose(f);
    previous = rd;
    return rd;
}

static void save_image(struct ramdisk *rd)
{
    FILE *f = fopen(WORK "/disk.img", "wb");
    fwrite(rd->bytes, 1, rd->size, f);
    fclose(f);
}

static int fsck_clean(void)
{
    return sh("e2fsck -fn " WORK "/disk.img > " WORK "/fsck.log 2>&1") == 0;
}

static struct super_block *mounted;
static struct ramdisk *disk;

static int setup(int block_size)
{
    disk = make_image(block_size, 100);
    if (!disk)
        return 0;
    root_sb = NULL;
    if (ext2_mount(&disk->dev, &mounted))
        return 0;
    return vfs_mount_root(mounted) == 0;
}

static void teardown(void)
{
    pcache_truncate(&disk->dev.mapping, 0);
    struct list_head *pos, *tmp;
    list_for_each_safe(pos, tmp, &mounted->inodes) {
        struct inode *i = list_entry(pos, struct inode, sb_link);
        pcache_truncate(&i->mapping, 0);
    }
}

static long kread(struct file *f, void *dst, size_t n)
{
    struct iobuf b = { dst, false, MECH_FILE_READ };
    return vfs_read(f, &b, n);
}

static long kwrite(struct file *f, const void *src, size_t n)
{
    struct iobuf b = { (void *)src, false, MECH_FILE_WRITE };
    return vfs_write(f, &b, n);
}

static int expect_content(const char *path, uint32_t seed, uint64_t size)
{
    struct file *f;
    if (vfs_open(NULL, path, O_RDONLY, 0, &f))
        return 0;
    static uint8_t buf[65536];
    uint64_t off = 0;
    int ok = 1;
    for (;;) {
        long n = kread(f, buf, sizeof buf);
        if (n <= 0)
            break;
        for (long i = 0; i < n; i++)
            if (buf[i] != content_byte(seed, off + (uint64_t)i))
                ok = 0;
        off += (uint64_t)n;
    }
    file_put(f);
    return ok && off == size;
}

static void read_tree_made_by_mke2fs(int bs)
{
    REQUIRE(setup(bs));
    struct file *f;
    REQUIRE(vfs_open(NULL, "/hello.txt", O_RDONLY, 0, &f) == 0);
    char buf[64] = {0};
    CHECK(kread(f, buf, sizeof buf) == 18);
    CHECK(strcmp(buf, "hello from mke2fs\n") == 0);
    CHECK(kread(f, buf, sizeof buf) == 0);
    file_put(f);
    CHECK(expect_content("/sub/deeper/big.bin", 7, 300 * 1024 + 77));
    CHECK(expect_content("sub/../sub/./deeper//big.bin", 7, 300 * 1024 + 77));
    teardown();
}

TEST(reads_files_mke2fs_wrote_with_4k_blocks) { read_tree_made_by_mke2fs(4096); }
TEST(reads_files_mke2fs_wrote_with_1k_blocks) { read_tree_made_by_mke2fs(1024); }

TEST(lookup_errors_match_linux)
{
    REQUIRE(setup(4096));
    struct inode *i;
    struct file *f;
    CHECK(vfs_lookup(NULL, "/nope", 0, &i, NULL, NULL) == -ENOENT);
    CHECK(vfs_lookup(NULL, "/hello.txt/x", 0, &i, NULL, NULL) == -ENOTDIR);
    CHECK(vfs_lookup(NULL, "/hello.txt/", 0, &i, NULL, NULL) == -ENOTDIR);
    CHECK(vfs_open(NULL, "/sub", O_WRONLY, 0, &f) == -EISDIR);
    CHECK(vfs_open(NULL, "/hello.txt", O_RDONLY | O_DIRECTORY, 0, &f) == -ENOTDIR);
    CHECK(vfs_open(NULL, "/hello.txt", O_CREAT | O_EXCL | O_WRONLY, 0644, &f) == -EEXIST);
    CHECK(vfs_mkdir(NULL, "/sub", 0755) == -EEXIST);
    CHECK(vfs_mkdir(NULL, "/sub/", 0755) == -EEXIST);
    CHECK(vfs_rmdir(NULL, "/sub") == -ENOTEMPTY);
    CHECK(vfs_rmdir(NULL, "/hello.txt") == -ENOTDIR);
    CHECK(vfs_unlink(NULL, "/sub") == -EISDIR);
    char longname[300];
    memset(longname, 'a', sizeof longname);
    longname[0] = '/';
    longname[299] = 0;
    CHECK(vfs_lookup(NULL, longname, 0, &i, NULL, NULL) == -ENAMETOOLONG);
    CHECK(vfs_rename(NULL, "/sub", "/sub/deeper/x") == -EINVAL);
    REQUIRE(vfs_lookup(NULL, "/sub/deeper/..", 0, &i, NULL, NULL) == 0);
    struct inode *sub;
    REQUIRE(vfs_lookup(NULL, "/sub/", 0, &sub, NULL, NULL) == 0);
    CHECK(i == sub);
    struct inode *rel;
    CHECK(vfs_lookup(sub, "deeper/big.bin", 0, &rel, NULL, NULL) == 0);
    inode_put(rel);
    inode_put(i);
    inode_put(sub);
    teardown();
}

/* Writes, overwrites, extends sparsely, truncates, renames, links and
   deletes, then lets e2fsck and debugfs judge the image. */
static void write_and_fsck(int bs)
{
    REQUIRE(setup(bs));
    struct file *f;
    static uint8_t buf[200000];
    REQUIRE(vfs_mkdir(NULL, "/a", 0755) == 0);
    REQUIRE(vfs_mkdir(NULL, "/a/b", 0755) == 0);
    REQUIRE(vfs_open(NULL, "/a/b/data", O_CREAT | O_RDWR, 0644, &f) == 0);
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = content_byte(1, i);
    CHECK(kwrite(f, buf, sizeof buf) == (long)sizeof buf);
    /* overwrite the middle with the same generator: still content 1 */
    CHECK(vfs_lseek(f, 5000, SEEK_SET) == 5000);
    CHECK(kwrite(f, buf + 5000, 10000) == 10000);
    file_put(f);
    CHECK(expect_content("/a/b/data", 1, sizeof buf));

    /* a sparse file past 64 MiB: triple indirect with 1 KiB blocks */
    uint64_t far = 70ull << 20;
    REQUIRE(vfs_open(NULL, "/a/sparse", O_CREAT | O_WRONLY | O_TRUNC, 0644, &f) == 0);
    CHECK(vfs_lseek(f, (int64_t)far, SEEK_SET) == (int64_t)far);
    CHECK(kwrite(f, "tail", 4) == 4);
    struct kstat st;
    CHECK(vfs_fstat(f, &st) == 0);
    CHECK(st.size == far + 4);
    CHECK(st.blocks < 64);       /* holes take no blocks */
    file_put(f);

    /* truncate shrinks and frees; extension reads zeros */
    REQUIRE(vfs_open(NULL, "/hello.txt", O_RDWR, 0, &f) == 0);
    CHECK(vfs_ftruncate(f, 5) == 0);
    CHECK(vfs_ftruncate(f, 4000) == 0);
    char got[16];
    CHECK(vfs_lseek(f, 0, SEEK_SET) == 0);
    CHECK(kread(f, got, 8) == 8);
    CHECK(memcmp(got, "hello\0\0\0", 8) == 0);
    file_put(f);

    /* renames, links, unlinks */
    CHECK(vfs_rename(NULL, "/a/b/data", "/a/renamed") == 0);
    CHECK(vfs_link(NULL, "/a/renamed", "/a/b/hardlink") == 0);
    CHECK(vfs_stat(NULL, "/a/renamed", &st) == 0 && st.nlink == 2);
    CHECK(vfs_unlink(NULL, "/a/renamed") == 0);
    CHECK(vfs_stat(NULL, "/a/b/hardlink", &st) == 0 && st.nlink == 1);
    CHECK(vfs_rename(NULL, "/sub", "/a/b/moved") == 0);
    CHECK(vfs_stat(NULL, "/a/b/moved/deeper/..", &st) == 0);
    CHECK(vfs_unlink(NULL, "/a/b/moved/deeper/big.bin") == 0);
    CHECK(vfs_rmdir(NULL, "/a/b/moved/deeper") == 0);
    CHECK(vfs_rmdir(NULL, "/empty") == 0);
    for (int i = 0; i < 300; i++) {        /* enough to grow the directory */
        char name[64];
        snprintf(name, sizeof name, "/a/many-%03d-with-a-longer-name", i);
        REQUIRE(vfs_open(NULL, name, O_CREAT | O_WRONLY, 0600, &f) == 0);
        CHECK(kwrite(f, name, strlen(name)) == (long)strlen(name));
        file_put(f);
    }
    for (int i = 0; i < 300; i += 2) {
        char name[64];
        snprintf(name, sizeof name, "/a/many-%03d-with-a-longer-name", i);
        CHECK(vfs_unlink(NULL, name) == 0);
    }
    /* getdents64 lists what is left */
    REQUIRE(vfs_open(NULL, "/a", O_RDONLY | O_DIRECTORY, 0, &f) == 0);
    int entries = 0;
    for (;;) {
        struct iobuf b = { buf, false, MECH_OTHER };
        long n = vfs_getdents64(f, &b, 4096);
        if (n <= 0)
            break;
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            entries++;
            off += d->d_reclen;
        }
    }
    file_put(f);
    CHECK(entries == 2 + 1 + 1 + 150);    /* . .. b sparse, 150 files */

    CHECK(vfs_sync() == 0);
    save_image(disk);
    CHECK(fsck_clean());
    CHECK(sh("debugfs -R 'dump /a/b/hardlink " WORK "/out' " WORK "/disk.img 2>/dev/null") == 0);
    FILE *out = fopen(WORK "/out", "rb");
    REQUIRE(out);
    size_t n = fread(buf, 1, sizeof buf, out);
    fclose(out);
    CHECK(n == sizeof buf);
    int same = 1;
    for (size_t i = 0; i < n; i++)
        same &= buf[i] == content_byte(1, i);
    CHECK(same);
    CHECK(sh("debugfs -R 'cat /a/sparse' " WORK "/disk.img 2>/dev/null | tail -c 4 | grep -q tail") == 0);
    teardown();
}

TEST(writes_pass_e2fsck_with_4k_blocks) { write_and_fsck(4096); }

/* Symbolic links: those mke2fs made are read and followed; new fast and
   slow ones pass e2fsck and read back with debugfs; a loop is ELOOP. */
static void symlinks_and_fsck(int bs)
{
    REQUIRE(setup(bs));
    char text[PATH_MAX];
    CHECK(vfs_readlink(NULL, "/fast", text, sizeof text) == 9 && !memcmp(text, "hello.txt", 9));
    CHECK(vfs_readlink(NULL, "/slow", text, sizeof text) == 61);
    CHECK(expect_content("/slow", 7, 300 * 1024 + 77));
    struct kstat st;
    CHECK(vfs_lstat(NULL, "/fast", &st) == 0 && S_ISLNK(st.mode) && st.size == 9);
    CHECK(vfs_stat(NULL, "/fast", &st) == 0 && S_ISREG(st.mode) && st.size == 18);
    CHECK(vfs_readlink(NULL, "/hello.txt", text, sizeof text) == -EINVAL);

    /* Linux's limit: a target fits in one block with its NUL. */
    static char longer[3000];
    memset(longer, 0, sizeof longer);
    memset(longer, 'x', (size_t)bs < sizeof longer ? (size_t)bs : sizeof longer - 1);
    longer[0] = '/';
    CHECK((size_t)bs > strlen(longer) || vfs_symlink(NULL, longer, "/toolong") == -ENAMETOOLONG);
    longer[bs - 1 < (int)sizeof longer - 1 ? bs - 1 : (int)sizeof longer - 1] = '\0';
    CHECK(vfs_symlink(NULL, "sub/deeper", "/newfast") == 0);
    CHECK(vfs_symlink(NULL, longer, "/newslow") == 0);
    CHECK(vfs_symlink(NULL, "/newfast/big.bin", "/a-59-byte-target") == 0);
    CHECK(vfs_symlink(NULL, "x", "/newfast") == -EEXIST);
    CHECK(vfs_symlink(NULL, "", "/empty-target") == -ENOENT);
    CHECK(vfs_readlink(NULL, "/newslow", text, sizeof text) == (long)strlen(longer));
    CHECK(memcmp(text, longer, strlen(longer)) == 0);
    CHECK(expect_content("/newfast/big.bin", 7, 300 * 1024 + 77));
    CHECK(expect_content("/a-59-byte-target", 7, 300 * 1024 + 77));
    CHECK(vfs_symlink(NULL, "loop2", "/loop1") == 0 && vfs_symlink(NULL, "loop1", "/loop2") == 0);
    CHECK(vfs_stat(NULL, "/loop1", &st) == -ELOOP);
    CHECK(vfs_lstat(NULL, "/loop1", &st) == 0);
    CHECK(vfs_stat(NULL, "/newfast/", &st) == 0 && S_ISDIR(st.mode));
    CHECK(vfs_lstat(NULL, "/newfast/", &st) == 0 && S_ISDIR(st.mode)); /* a slash follows */
    CHECK(vfs_stat(NULL, "/fast/", &st) == -ENOTDIR);
    struct file *f;
    REQUIRE(vfs_open(NULL, "/dangling", O_CREAT | O_WRONLY, 0644, &f) == 0);
    file_put(f);
    CHECK(vfs_unlink(NULL, "/dangling") == 0);
    CHECK(vfs_symlink(NULL, "made-through-link", "/dangling") == 0);
    REQUIRE(vfs_open(NULL, "/dangling", O_CREAT | O_WRONLY, 0644, &f) == 0); /* creates the target */
    file_put(f);
    CHECK(vfs_stat(NULL, "/made-through-link", &st) == 0 && S_ISREG(st.mode));
    CHECK(vfs_open(NULL, "/dangling", O_CREAT | O_EXCL | O_WRONLY, 0644, &f) == -EEXIST);
    CHECK(vfs_open(NULL, "/fast", O_RDONLY | O_NOFOLLOW, 0, &f) == -ELOOP);
    CHECK(vfs_unlink(NULL, "/slow") == 0);  /* the link goes, not its target */
    CHECK(vfs_stat(NULL, "/sub/deeper/big.bin", &st) == 0);
    CHECK(vfs_link(NULL, "/fast", "/hardlink-to-link") == 0);
    CHECK(vfs_lstat(NULL, "/hardlink-to-link", &st) == 0 && S_ISLNK(st.mode) && st.nlink == 2);

    CHECK(vfs_sync() == 0);
    save_image(disk);
    CHECK(fsck_clean());
    CHECK(sh("debugfs -R 'stat /newfast' " WORK "/disk.img 2>/dev/null | grep -q 'Fast link dest: \"sub/deeper\"'") == 0);
    CHECK(sh("debugfs -R 'cat /newslow' " WORK "/disk.img 2>/dev/null | grep -q '^/xxxx'") == 0);
    teardown();
}

TEST(symlinks_fast_and_slow_pass_e2fsck_with_4k_blocks) { symlinks_and_fsck(4096); }
TEST(symlinks_fast_and_slow_pass_e2fsck_with_1k_blocks) { symlinks_and_fsck(1024); }
TEST(writes_pass_e2fsck_with_1k_blocks) { write_and_fsck(1024); }

TEST(mount_refuses_a_bad_superblock)
{
    struct ramdisk *rd = make_image(1024, 16);
    REQUIRE(rd);
    rd->bytes[EXT2_SUPER_OFFSET + 56] ^= 0xff;      /* s_magic */
    struct super_block *sb;
    CHECK(ext2_mount(&rd->dev, &sb) == -EINVAL);
    pcache_truncate(&rd->dev.mapping, 0);
    rd = make_image(1024, 16);
    ((struct ext2_super *)(rd->bytes + EXT2_SUPER_OFFSET))->s_inodes_count += 1;
    CHECK(ext2_mount(&rd->dev, &sb) == -EINVAL);
    pcache_truncate(&rd->dev.mapping, 0);
}

TEST(corrupt_indirect_block_gives_eio_not_a_crash)
{
    REQUIRE(setup(1024));
    struct inode *i;
    REQUIRE(vfs_lookup(NULL, "/sub/deeper/big.bin", 0, &i, NULL, NULL) == 0);
    uint32_t ind = EXT2_I(i)->block[EXT2_IND_BLOCK];
    inode_put(i);
    teardown();
    /* Scribble over the single indirect block on the disk, then remount. */
    memset(disk->bytes + (uint64_t)ind * 1024, 0xff, 1024);
    root_sb = NULL;
    REQUIRE(ext2_mount(&disk->dev, &mounted) == 0);
    vfs_mount_root(mounted);
    struct file *f;
    REQUIRE(vfs_open(NULL, "/sub/deeper/big.bin", O_RDONLY, 0, &f) == 0);
    static uint8_t buf[64 * 1024];
    CHECK(kread(f, buf, 12 * 1024) == 12 * 1024);   /* direct blocks still fine */
    CHECK(kread(f, buf, sizeof buf) == -EIO);
    file_put(f);
    teardown();
}

TEST(read_copies_once_from_the_page_cache)
{
    REQUIRE(setup(4096));
    memset(fake_copied, 0, sizeof fake_copied);
    struct file *f;
    REQUIRE(vfs_open(NULL, "/sub/deeper/big.bin", O_RDONLY, 0, &f) == 0);
    static uint8_t buf[300 * 1024 + 77];
    struct iobuf b = { buf, true, MECH_FILE_READ };
    CHECK(vfs_read(f, &b, sizeof buf) == (long)sizeof buf);
    file_put(f);
    CHECK(fake_copied[COPY_KERNEL_TO_USER][MECH_FILE_READ] == sizeof buf);
    /* 76 blocks of 4 KiB, read by DMA straight into the cache */
    CHECK(fake_copied[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] == 76 * 4096);
    memset(fake_copied, 0, sizeof fake_copied);
    REQUIRE(vfs_open(NULL, "/sub/deeper/big.bin", O_RDONLY, 0, &f) == 0);
    CHECK(vfs_read(f, &b, sizeof buf) == (long)sizeof buf);
    file_put(f);
    CHECK(fake_copied[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] == 0);   /* all hits */
    teardown();
}

TEST(a_second_file_system_mounts_on_a_directory_and_dotdot_leaves_it)
{
    REQUIRE(setup(4096));
    struct ramdisk *second = ramdisk_new("ram1", 16u << 20);
    REQUIRE(system("mke2fs -q -F -t ext2 -r 1 -b 1024 " WORK "/second.img 16M 2>/dev/null") == 0);
    FILE *f = fopen(WORK "/second.img", "rb");
    REQUIRE(f && fread(second->bytes, 1, second->size, f) == second->size);
    fclose(f);
    struct super_block *sb;
    REQUIRE(ext2_mount(&second->dev, &sb) == 0);
    CHECK(vfs_mount(NULL, "/empty", sb) == 0);
    CHECK(vfs_mount(NULL, "/empty", sb) == -EBUSY);
    struct kstat st, root_st;
    CHECK(vfs_stat(NULL, "/empty/lost+found", &st) == 0 && S_ISDIR(st.mode));
    CHECK(vfs_stat(NULL, "/empty", &st) == 0 && st.ino == EXT2_ROOT_INO && st.dev == sb->dev_id);
    CHECK(vfs_stat(NULL, "/empty/..", &st) == 0);
    CHECK(vfs_stat(NULL, "/", &root_st) == 0 && st.ino == root_st.ino && st.dev == root_st.dev);
    CHECK(vfs_stat(NULL, "/empty/lost+found/../../hello.txt", &st) == 0 && S_ISREG(st.mode));
    CHECK(vfs_rmdir(NULL, "/empty") == -EBUSY);
    CHECK(vfs_link(NULL, "/hello.txt", "/empty/link") == -EXDEV);
    CHECK(vfs_rename(NULL, "/hello.txt", "/empty/moved") == -EXDEV);
    teardown();
}

static long fake_dev_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    static const char msg[] = "from the device";
    size_t len = n < sizeof msg ? n : sizeof msg;
    return iobuf_copy_out(buf, 0, msg, len) ? -EFAULT : (long)len;
}

static const struct file_ops fake_dev_ops = { .read = fake_dev_read };

TEST(device_inode_opens_the_registered_driver)
{
    REQUIRE(setup(4096));
    CHECK(chrdev_register(42, "fake", &fake_dev_ops) == 0);
    CHECK(chrdev_register(42, "again", &fake_dev_ops) == -EBUSY);
    CHECK(vfs_mknod(NULL, "/fake0", S_IFCHR | 0666, MKDEV(42, 0)) == 0);
    CHECK(vfs_mknod(NULL, "/nodev", S_IFCHR | 0666, MKDEV(43, 0)) == 0);
    struct kstat st;
    CHECK(vfs_stat(NULL, "/fake0", &st) == 0 && S_ISCHR(st.mode) && st.rdev == MKDEV(42, 0));
    struct file *f;
    REQUIRE(vfs_open(NULL, "/fake0", O_RDONLY, 0, &f) == 0);
    char buf[32] = {0};
    CHECK(kread(f, buf, sizeof buf) == 16 && strcmp(buf, "from the device") == 0);
    file_put(f);
    CHECK(vfs_open(NULL, "/nodev", O_RDONLY, 0, &f) == -ENXIO);
    CHECK(vfs_sync() == 0);
    save_image(disk);
    CHECK(fsck_clean());
    CHECK(sh("debugfs -R 'stat /fake0' " WORK "/disk.img 2>/dev/null | grep -q 'Device major/minor number: 42:00'") == 0);
    teardown();
}

TEST(unlink_releases_an_extended_attribute_block)
{
    REQUIRE(make_image(1024, 16) != NULL);
    /* Again with 128-byte inodes (no room inside them) and an xattr set by
       debugfs, which must go to a block of its own. */
    REQUIRE(sh("mke2fs -q -F -t ext2 -r 1 -b 1024 -I 128 -d " WORK "/root " WORK "/disk.img 16M 2>/dev/null") == 0);
    REQUIRE(sh("debugfs -w -R 'ea_set /hello.txt user.pagelab tested' " WORK "/disk.img >/dev/null 2>&1") == 0);
    REQUIRE(sh("debugfs -R 'stat /hello.txt' " WORK "/disk.img 2>/dev/null | grep -q 'File ACL: [1-9]'") == 0);
    disk = ramdisk_new("ram0", 16u << 20);
    FILE *f = fopen(WORK "/disk.img", "rb");
    REQUIRE(f && fread(disk->bytes, 1, disk->size, f) == disk->size);
    fclose(f);
    root_sb = NULL;
    REQUIRE(ext2_mount(&disk->dev, &mounted) == 0);
    REQUIRE(vfs_mount_root(mounted) == 0);
    CHECK(vfs_unlink(NULL, "/hello.txt") == 0);
    CHECK(vfs_sync() == 0);
    save_image(disk);
    CHECK(fsck_clean());
    teardown();
}
