/*
 * The in-kernel storage stress test (kernel/fs/ext2/stress_test.c) run on
 * the host against a RAM disk holding a mke2fs image: e2fsck must find the
 * result clean, and a fresh mount of the saved image must read back every
 * file the manifest lists.
 */
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
#include "kernel/fs/ext2/stress_test.c"

#define WORK "build/host-tests/stress"

const char *__asan_default_options(void) { return "detect_leaks=0"; }

static int ktest_failures;
void ktest_fail(const char *file, int line, const char *expr)
{
    fprintf(stderr, "ktest failure: %s:%d: %s\n", file, line, expr);
    ktest_failures++;
}

static struct ramdisk *load(const char *path, uint64_t size)
{
    struct ramdisk *rd = ramdisk_new("ram0", size);
    FILE *f = fopen(path, "rb");
    if (!f || fread(rd->bytes, 1, size, f) != size)
        return NULL;
    fclose(f);
    return rd;
}

static int mount_root(struct ramdisk *rd)
{
    struct super_block *sb;
    root_sb = NULL;
    return ext2_mount(&rd->dev, &sb) == 0 && vfs_mount_root(sb) == 0;
}

static long put_bytes(struct file *f, const void *src, size_t n, uint64_t pos)
{
    struct iobuf b = { (void *)src, false, MECH_FILE_WRITE };
    return vfs_pwrite(f, &b, n, pos);
}

/* Fills most free blocks with 0xee and frees them again, so that blocks
   allocated later hold garbage, as on a disk that has been used. */
static int dirty_free_space(uint64_t bytes)
{
    static uint8_t junk[1 << 16];
    memset(junk, 0xee, sizeof junk);
    struct file *f;
    if (vfs_open(NULL, "/junk", O_CREAT | O_WRONLY, 0600, &f))
        return 0;
    for (uint64_t off = 0; off < bytes; off += sizeof junk)
        if (put_bytes(f, junk, sizeof junk, off) != (long)sizeof junk)
            return 0;
    int ok = vfs_fsync(f) == 0;
    file_put(f);
    return ok && vfs_unlink(NULL, "/junk") == 0 && vfs_sync() == 0;
}

static void stress_and_fsck(int block_size)
{
    uint64_t size = 96ull << 20;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf " WORK " && mkdir -p " WORK " && "
             "mke2fs -q -F -t ext2 -r 1 -b %d " WORK "/disk.img 96M 2>/dev/null", block_size);
    REQUIRE(system(cmd) == 0);
    struct ramdisk *rd = load(WORK "/disk.img", size);
    REQUIRE(rd);
    REQUIRE(mount_root(rd));
    REQUIRE(dirty_free_space(60ull << 20));
    ktest_failures = 0;
    ktest_fn_ext2_stress();
    CHECK(ktest_failures == 0);
    FILE *f = fopen(WORK "/disk.img", "wb");
    fwrite(rd->bytes, 1, size, f);
    fclose(f);
    CHECK(system("e2fsck -fn " WORK "/disk.img > " WORK "/fsck.log 2>&1") == 0);
    /* Forget everything cached, mount the saved image afresh and check. */
    pcache_truncate(&rd->dev.mapping, 0);
    pcache_shrink(1u << 30);
    struct ramdisk *again = load(WORK "/disk.img", size);
    REQUIRE(again);
    REQUIRE(mount_root(again));
    ktest_failures = 0;
    ktest_fn_ext2_stress_files_survive_reboot();
    CHECK(ktest_failures == 0);
}

TEST(stress_leaves_an_image_e2fsck_finds_clean_4k) { stress_and_fsck(4096); }
TEST(stress_leaves_an_image_e2fsck_finds_clean_1k) { stress_and_fsck(1024); }

TEST(write_into_a_hole_over_a_reused_block_keeps_the_rest_zero)
{
    REQUIRE(system("rm -rf " WORK " && mkdir -p " WORK " && "
                   "mke2fs -q -F -t ext2 -r 1 -b 1024 " WORK "/disk.img 32M 2>/dev/null") == 0);
    struct ramdisk *rd = load(WORK "/disk.img", 32ull << 20);
    REQUIRE(rd);
    REQUIRE(mount_root(rd));
    REQUIRE(dirty_free_space(24ull << 20));
    pcache_shrink(UINT64_MAX);
    struct file *f;
    REQUIRE(vfs_open(NULL, "/holey", O_CREAT | O_RDWR, 0644, &f) == 0);
    CHECK(put_bytes(f, "end", 3, 100000) == 3);
    CHECK(put_bytes(f, "mid", 3, 50001) == 3);     /* inside the hole, mid-block */
    CHECK(vfs_fsync(f) == 0);
    file_put(f);
    pcache_shrink(UINT64_MAX);                      /* read back from the disk */
    REQUIRE(vfs_open(NULL, "/holey", O_RDONLY, 0, &f) == 0);
    static uint8_t buf[100003];
    struct iobuf b = { buf, false, MECH_FILE_READ };
    CHECK(vfs_read(f, &b, sizeof buf) == (long)sizeof buf);
    file_put(f);
    int zeros_ok = 1;
    for (size_t i = 0; i < sizeof buf; i++)
        if ((i < 50001 || i >= 50004) && i < 100000)
            zeros_ok &= buf[i] == 0;
    CHECK(zeros_ok);
    CHECK(memcmp(buf + 50001, "mid", 3) == 0 && memcmp(buf + 100000, "end", 3) == 0);
}
