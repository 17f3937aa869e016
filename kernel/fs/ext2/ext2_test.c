/* In-kernel tests of ext2 and the VFS on the root file system (the image
   built by tools/disk.mk, attached as a virtio disk). */
#include "kernel/copy/ledger.h"
#include "kernel/fs/ext2/ext2.h"
#include "kernel/fs/ext2/stress_gen.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

#define INDIRECT_BIN_SIZE (300 * 1024 + 123) /* tests/data/indirect.bin, seed 3 */
#define INDIRECT_BIN_SEED 3

static long read_kernel(struct file *f, void *dst, size_t n)
{
    struct iobuf b = { dst, false, MECH_FILE_READ, NULL, 0 };
    return vfs_read(f, &b, n);
}

static long write_kernel(struct file *f, const void *src, size_t n)
{
    struct iobuf b = { (void *)src, false, MECH_FILE_WRITE, NULL, 0 };
    return vfs_write(f, &b, n);
}

KTEST(ext2_root_is_mounted_and_lists_etc_motd)
{
    struct kstat st;
    KASSERT(vfs_stat(NULL, "/", &st) == 0);
    KEXPECT(S_ISDIR(st.mode));
    KEXPECT(vfs_stat(NULL, "/etc/motd", &st) == 0);
    KEXPECT(S_ISREG(st.mode) && st.size > 0);
    KEXPECT(vfs_stat(NULL, "/etc/../etc/./motd", &st) == 0);
    KEXPECT(vfs_stat(NULL, "/etc/motd/", &st) == -ENOTDIR);
    KEXPECT(vfs_stat(NULL, "/nonexistent", &st) == -ENOENT);
}

/* A cold read of a 300 KiB file: the disk moves every block once by DMA
   into the page cache, the CPU copies each byte once into the caller's
   buffer; a warm read moves nothing by DMA. */
KTEST(ext2_cold_read_is_dma_plus_one_cpu_copy_and_warm_read_is_one_copy)
{
    uint8_t *buf = kmalloc(INDIRECT_BIN_SIZE);
    KASSERT(buf != NULL);
    struct file *f;
    KASSERT(vfs_open(NULL, "/data/indirect.bin", O_RDONLY, 0, &f) == 0);
    pcache_truncate(&f->inode->mapping, 0); /* make it cold */
    uint64_t dma0 = ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ];
    uint64_t cpu0 = ledger_global.bytes[COPY_KERNEL_TO_KERNEL][MECH_FILE_READ];
    KEXPECT(read_kernel(f, buf, INDIRECT_BIN_SIZE + 100) == INDIRECT_BIN_SIZE);
    uint64_t dma = ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] - dma0;
    uint64_t cpu = ledger_global.bytes[COPY_KERNEL_TO_KERNEL][MECH_FILE_READ] - cpu0;
    struct ext2_fs *fs = EXT2_FS(f->inode->sb);
    uint64_t blocks = (INDIRECT_BIN_SIZE + fs->block_size - 1) / fs->block_size;
    printk("ext2 cold read of %u bytes: %lu bytes by DMA, %lu bytes copied by the CPU\n",
           INDIRECT_BIN_SIZE, dma, cpu);
    KEXPECT(dma == blocks * fs->block_size);
    KEXPECT(cpu == INDIRECT_BIN_SIZE);
    bool same = true;
    for (uint64_t i = 0; i < INDIRECT_BIN_SIZE; i++)
        same &= buf[i] == stress_content_byte(INDIRECT_BIN_SEED, i);
    KEXPECT(same);
    dma0 = ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ];
    KEXPECT(vfs_lseek(f, 0, SEEK_SET) == 0);
    KEXPECT(read_kernel(f, buf, INDIRECT_BIN_SIZE) == INDIRECT_BIN_SIZE);
    KEXPECT(ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_FILE_READ] == dma0);
    file_put(f);
    kfree(buf);
}

KTEST(ext2_write_sync_drop_cache_and_read_back_from_disk)
{
    static const char msg[] = "written by pagelab, read back from the disk\n";
    struct file *f;
    KASSERT(vfs_open(NULL, "/tmp/ktest-roundtrip", O_CREAT | O_TRUNC | O_RDWR, 0644, &f) == 0);
    KEXPECT(write_kernel(f, msg, sizeof msg) == (long)sizeof msg);
    uint64_t out0 = ledger_global.bytes[COPY_MEMORY_TO_DEVICE][MECH_WRITEBACK];
    KEXPECT(vfs_fsync(f) == 0);
    KEXPECT(ledger_global.bytes[COPY_MEMORY_TO_DEVICE][MECH_WRITEBACK] > out0);
    struct pcache_mapping *m = &f->inode->mapping;
    KEXPECT(m->nr_dirty == 0);
    pcache_truncate(m, 0);
    KEXPECT(m->nr_pages == 0);
    char back[sizeof msg];
    KEXPECT(vfs_lseek(f, 0, SEEK_SET) == 0);
    KEXPECT(read_kernel(f, back, sizeof back) == (long)sizeof back);
    KEXPECT(memcmp(back, msg, sizeof msg) == 0);
    file_put(f);
    KEXPECT(vfs_unlink(NULL, "/tmp/ktest-roundtrip") == 0);
}

KTEST(ext2_open_flags_and_errors_follow_linux)
{
    struct file *f;
    KEXPECT(vfs_open(NULL, "/tmp/ktest-flags", O_CREAT | O_EXCL | O_WRONLY, 0600, &f) == 0);
    KEXPECT(write_kernel(f, "abc", 3) == 3);
    KEXPECT(read_kernel(f, (char[4]){ 0 }, 3) == -EBADF);
    file_put(f);
    KEXPECT(vfs_open(NULL, "/tmp/ktest-flags", O_CREAT | O_EXCL | O_WRONLY, 0600, &f) == -EEXIST);
    KASSERT(vfs_open(NULL, "/tmp/ktest-flags", O_WRONLY | O_APPEND, 0, &f) == 0);
    KEXPECT(write_kernel(f, "def", 3) == 3);
    struct kstat st;
    KEXPECT(vfs_fstat(f, &st) == 0 && st.size == 6);
    file_put(f);
    KASSERT(vfs_open(NULL, "/tmp/ktest-flags", O_RDWR | O_TRUNC, 0, &f) == 0);
    KEXPECT(vfs_fstat(f, &st) == 0 && st.size == 0 && st.blocks == 0);
    file_put(f);
    KEXPECT(vfs_open(NULL, "/tmp", O_RDWR, 0, &f) == -EISDIR);
    KEXPECT(vfs_open(NULL, "/tmp/ktest-flags", O_RDONLY | O_DIRECTORY, 0, &f) == -ENOTDIR);
    KEXPECT(vfs_mkdir(NULL, "/tmp", 0755) == -EEXIST);
    KEXPECT(vfs_rmdir(NULL, "/etc") == -ENOTEMPTY);
    KEXPECT(vfs_unlink(NULL, "/tmp/ktest-flags") == 0);
    KEXPECT(vfs_unlink(NULL, "/tmp/ktest-flags") == -ENOENT);
}

KTEST(ext2_file_larger_than_64_mib_is_sparse_and_reads_back)
{
    struct file *f;
    KASSERT(vfs_open(NULL, "/tmp/ktest-big", O_CREAT | O_TRUNC | O_RDWR, 0644, &f) == 0);
    uint64_t far = 65ull << 20;
    KEXPECT(vfs_lseek(f, (int64_t)far, SEEK_SET) == (int64_t)far);
    KEXPECT(write_kernel(f, "end", 3) == 3);
    char got[4] = { 0 };
    KEXPECT(vfs_pread(f, &(struct iobuf){ got, false, MECH_FILE_READ, NULL, 0 }, 3, far) == 3);
    KEXPECT(memcmp(got, "end", 3) == 0);
    KEXPECT(vfs_pread(f, &(struct iobuf){ got, false, MECH_FILE_READ, NULL, 0 }, 3, far / 2) == 3);
    KEXPECT(got[0] == 0 && got[1] == 0 && got[2] == 0);
    struct kstat st;
    KEXPECT(vfs_fstat(f, &st) == 0 && st.size == far + 3 && st.blocks < 64);
    /* Past 4 GiB: i_size_high, and the triple indirect tree with 4 KiB blocks. */
    uint64_t huge = 5ull << 30;
    KEXPECT(vfs_pwrite(f, &(struct iobuf){ "huge", false, MECH_FILE_WRITE, NULL, 0 }, 4, huge) ==
            4);
    KEXPECT(vfs_fsync(f) == 0);
    pcache_truncate(&f->inode->mapping, 0);
    KEXPECT(vfs_pread(f, &(struct iobuf){ got, false, MECH_FILE_READ, NULL, 0 }, 4, huge) == 4);
    KEXPECT(memcmp(got, "huge", 4) == 0);
    KEXPECT(vfs_fstat(f, &st) == 0 && st.size == huge + 4);
    KEXPECT(vfs_ftruncate(f, 100) == 0);
    KEXPECT(vfs_fstat(f, &st) == 0 && st.size == 100 && st.blocks == 0);
    file_put(f);
    KEXPECT(vfs_unlink(NULL, "/tmp/ktest-big") == 0);
}

/* 65 MiB of real data: past the double indirect tree with 1 KiB blocks,
   across block groups; read back from the disk after the cache is dropped. */
KTEST(ext2_dense_file_above_64_mib_reads_back_from_disk)
{
    const uint64_t size = 65ull << 20, chunk = 64 * 1024;
    const uint32_t seed = 65;
    uint8_t *buf = kmalloc(chunk);
    KASSERT(buf != NULL);
    struct file *f;
    KASSERT(vfs_open(NULL, "/tmp/ktest-dense", O_CREAT | O_TRUNC | O_RDWR, 0644, &f) == 0);
    bool wrote = true;
    for (uint64_t off = 0; off < size && wrote; off += chunk) {
        for (uint64_t i = 0; i < chunk; i++)
            buf[i] = stress_content_byte(seed, off + i);
        wrote = write_kernel(f, buf, chunk) == (long)chunk;
    }
    KEXPECT(wrote);
    KEXPECT(vfs_fsync(f) == 0);
    struct kstat st;
    KEXPECT(vfs_fstat(f, &st) == 0 && st.size == size && st.blocks >= size / 512);
    pcache_truncate(&f->inode->mapping, 0);
    KEXPECT(vfs_lseek(f, 0, SEEK_SET) == 0);
    bool same = true;
    for (uint64_t off = 0; off < size && same; off += chunk) {
        same = read_kernel(f, buf, chunk) == (long)chunk;
        for (uint64_t i = 0; i < chunk && same; i++)
            same = buf[i] == stress_content_byte(seed, off + i);
    }
    KEXPECT(same);
    file_put(f);
    KEXPECT(vfs_unlink(NULL, "/tmp/ktest-dense") == 0);
    KEXPECT(vfs_stat(NULL, "/tmp/ktest-dense", &st) == -ENOENT);
    kfree(buf);
}

/* tools/disk.mk makes /dev nodes with Linux's numbers; a driver that
   registers the major (chrdev_register) is what opening them reaches. */
KTEST(ext2_dev_nodes_carry_linux_device_numbers)
{
    struct kstat st;
    KASSERT(vfs_stat(NULL, "/dev/console", &st) == 0);
    KEXPECT(S_ISCHR(st.mode) && st.rdev == MKDEV(5, 1));
    KASSERT(vfs_stat(NULL, "/dev/null", &st) == 0);
    KEXPECT(S_ISCHR(st.mode) && st.rdev == MKDEV(1, 3));
    KEXPECT((st.mode & 0777) == 0666);
}
