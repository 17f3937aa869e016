/*
 * The in-kernel storage stress test (kernel/fs/ext2/stress_test.c) run on
 * the host against a RAM disk holding a mke2fs image: e2fsck must find the
 * result clean, and a fresh mount of the saved image must read back every
 * file the manifest lists.
 */
#include "tests/host/fake_kernel.h"
#include "tests/host/check.h"
#include "kernel/mm/pagecache.c"
#include "kernel/drivers/blkdev.c"
#include "kernel/fs/vfs.c"
#include "kernel/fs/path.c"
#include "kernel/fs/file.c"
#include "kernel/fs/file_rw.c"
#include "kernel/fs/namespace.c"
#include "kernel/fs/ext2/buf.c"
#include "kernel/fs/ext2/super.c"
#include "kernel/fs/ext2/alloc.c"
#include "kernel/fs/ext2/inode.c"
#include "kernel/fs/ext2/bmap.c"
#include "kernel/fs/ext2/dir.c"
#include "kernel/fs/ext2/namei.c"
#include "kernel/fs/ext2/stress_test.c"

#define WORK "build/host-tests/stress"

const char *__asan_default_options(void) { return "detect_leaks=0"; }

static int ktest_failures;
void ktest_fail(const char *file, int line, const char *expr)
{
    fprintf(stderr, "ktest failure: %s:%d: %s\n", file, line, expr);
    ktest_failures++;
}

static int64_t fixed_clock(void) { return 1700000000; }

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

static void stress_and_fsck(int block_size)
{
    vfs_set_clock(fixed_clock);
    uint64_t size = 96ull << 20;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf " WORK " && mkdir -p " WORK " && "
             "mke2fs -q -F -t ext2 -r 1 -b %d " WORK "/disk.img 96M 2>/dev/null", block_size);
    REQUIRE(system(cmd) == 0);
    struct ramdisk *rd = load(WORK "/disk.img", size);
    REQUIRE(rd);
    REQUIRE(mount_root(rd));
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
