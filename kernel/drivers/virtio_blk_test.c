/* In-kernel tests of PCI enumeration and the virtio block driver (they need
   the disk the test harness attaches with -drive if=virtio). */
#include "kernel/copy/ledger.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/drivers/pci.h"
#include "kernel/drivers/virtio_blk.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

/* The disk the harness attaches holds an ext2 file system: its superblock
   sits 1024 bytes in, with the magic 0xef53 at offset 56 (the ext2 on-disk
   format; a driver test reads the raw bytes, knowing no file system). */
#define EXT2_SUPERBLOCK_BYTE 1024
#define EXT2_MAGIC_OFFSET    56
#define EXT2_MAGIC           0xef53

KTEST(pci_finds_the_transitional_virtio_block_device)
{
    struct pci_device *d = pci_find(0x1af4, 0x1001, 0);
    KASSERT(d != NULL);
    KEXPECT(d->bar[0] & PCI_BAR_IO);
    KEXPECT(d->irq_line > 0 && d->irq_line < 16);
}

KTEST(virtio_blk_reads_the_superblock_by_dma_and_the_ledger_counts_it)
{
    struct blkdev *dev = blkdev_find("vda");
    KASSERT(dev != NULL);
    struct page *p = frame_alloc();
    KASSERT(p != NULL);
    uint64_t before = ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_OTHER];
    uint64_t ops = ledger_global.ops[COPY_DEVICE_TO_MEMORY][MECH_OTHER];
    uint64_t cpu = ledger_global.bytes[COPY_KERNEL_TO_KERNEL][MECH_OTHER];
    KEXPECT(blkdev_rw_page(dev, false, 0, p, 0, PAGE_SIZE, MECH_OTHER) == 0);
    uint16_t magic;
    memcpy(&magic, (uint8_t *)page_to_virt(p) + EXT2_SUPERBLOCK_BYTE + EXT2_MAGIC_OFFSET,
           sizeof magic);
    KEXPECT(magic == EXT2_MAGIC);
    KEXPECT(ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_OTHER] - before == PAGE_SIZE);
    KEXPECT(ledger_global.ops[COPY_DEVICE_TO_MEMORY][MECH_OTHER] - ops == 1);
    KEXPECT(ledger_global.bytes[COPY_KERNEL_TO_KERNEL][MECH_OTHER] == cpu); /* no CPU copy */
    page_put(p);
}

/* Writes a pattern to the disk's last page, reads it back into another
   frame, then restores what was there. */
KTEST(virtio_blk_write_then_read_back_then_flush)
{
    struct blkdev *dev = blkdev_find("vda");
    KASSERT(dev != NULL);
    struct page *orig = frame_alloc(), *pat = frame_alloc(), *back = frame_alloc();
    KASSERT(orig && pat && back);
    uint64_t off = (dev->sectors * SECTOR_SIZE - PAGE_SIZE) & ~(uint64_t)(PAGE_SIZE - 1);
    KEXPECT(blkdev_rw_page(dev, false, off, orig, 0, PAGE_SIZE, MECH_OTHER) == 0);
    for (int i = 0; i < PAGE_SIZE; i++)
        ((uint8_t *)page_to_virt(pat))[i] = (uint8_t)(i * 7 + 3);
    uint64_t out = ledger_global.bytes[COPY_MEMORY_TO_DEVICE][MECH_OTHER];
    KEXPECT(blkdev_rw_page(dev, true, off, pat, 0, PAGE_SIZE, MECH_OTHER) == 0);
    KEXPECT(ledger_global.bytes[COPY_MEMORY_TO_DEVICE][MECH_OTHER] - out == PAGE_SIZE);
    KEXPECT(blkdev_rw_page(dev, false, off, back, 0, PAGE_SIZE, MECH_OTHER) == 0);
    KEXPECT(memcmp(page_to_virt(pat), page_to_virt(back), PAGE_SIZE) == 0);
    KEXPECT(blkdev_rw_page(dev, true, off, orig, 0, PAGE_SIZE, MECH_OTHER) == 0);
    KEXPECT(blkdev_flush(dev) == 0);
    page_put(orig);
    page_put(pat);
    page_put(back);
}

KTEST(virtio_blk_rejects_a_transfer_past_the_end_of_the_disk)
{
    struct blkdev *dev = blkdev_find("vda");
    KASSERT(dev != NULL);
    struct page *p = frame_alloc();
    KASSERT(p != NULL);
    KEXPECT(blkdev_rw_page(dev, false, dev->sectors * SECTOR_SIZE, p, 0, SECTOR_SIZE, MECH_OTHER) !=
            0);
    page_put(p);
}

/* Every request ends in the device's interrupt handler (on the PCI line the
   BIOS assigned), which wakes the task waiting for it; one interrupt may
   end several requests. */
KTEST(virtio_blk_completes_requests_by_interrupt)
{
    struct blkdev *dev = blkdev_find("vda");
    KASSERT(dev != NULL);
    struct page *p = frame_alloc();
    KASSERT(p != NULL);
    struct virtio_blk_stats before, after;
    virtio_blk_stats(&before);
    for (int i = 0; i < 8; i++)
        KEXPECT(blkdev_rw_page(dev, false, (uint64_t)i * PAGE_SIZE, p, 0, PAGE_SIZE, MECH_OTHER) ==
                0);
    virtio_blk_stats(&after);
    printk("virtio-blk: 8 reads: %lu interrupts, %lu requests completed by the handler\n",
           after.interrupts - before.interrupts, after.irq_completions - before.irq_completions);
    KEXPECT(after.completions - before.completions == 8);
    KEXPECT(after.requests - before.requests == 8);
    KEXPECT(after.interrupts > before.interrupts);
    KEXPECT(after.irq_completions - before.irq_completions == 8);
    page_put(p);
}

/* Pages adjacent on the disk, read as one batch, travel in one request of
   many segments (indirect descriptors: one ring slot for all of them). */
KTEST(virtio_blk_reads_adjacent_pages_in_one_request)
{
    struct blkdev *dev = blkdev_find("vda");
    KASSERT(dev != NULL);
    enum { N = 64 };
    struct page *pages[N];
    for (int i = 0; i < N; i++)
        KASSERT((pages[i] = frame_alloc()) != NULL);
    struct virtio_blk_stats before, after;
    virtio_blk_stats(&before);
    uint64_t dma = ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_OTHER];
    struct blk_batch b;
    blk_batch_init(&b, dev, BLK_READ, MECH_OTHER);
    for (int i = 0; i < N; i++)
        KEXPECT(blk_batch_add(&b, (uint64_t)i * PAGE_SIZE, pages[i], 0, PAGE_SIZE) == 0);
    KEXPECT(blk_batch_wait(&b) == 0);
    virtio_blk_stats(&after);
    KEXPECT(after.requests - before.requests == 1);
    KEXPECT(after.segments - before.segments >= 1 && after.segments - before.segments <= N);
    KEXPECT(ledger_global.bytes[COPY_DEVICE_TO_MEMORY][MECH_OTHER] - dma == N * PAGE_SIZE);
    /* the same bytes as one page at a time */
    struct page *one = frame_alloc();
    KASSERT(one != NULL);
    KEXPECT(blkdev_rw_page(dev, false, 17 * PAGE_SIZE, one, 0, PAGE_SIZE, MECH_OTHER) == 0);
    KEXPECT(memcmp(page_to_virt(one), page_to_virt(pages[17]), PAGE_SIZE) == 0);
    page_put(one);
    for (int i = 0; i < N; i++)
        page_put(pages[i]);
}
