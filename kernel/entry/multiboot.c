/* kernel/entry/multiboot.c: parsing the multiboot2 boot information tags. */
#include "kernel/entry/multiboot.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"

/* Tag types, multiboot2 spec 3.6. */
#define MB2_TAG_END     0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER  2
#define MB2_TAG_MODULE  3
#define MB2_TAG_MMAP    6

struct mb2_tag {
    uint32_t type;
    uint32_t size;
};

struct mb2_mmap_entry {
    uint64_t base_addr;
    uint64_t length;
    uint32_t type;
    uint32_t reserved;
};

struct boot_info boot_info;

static void parse_mmap(const struct mb2_tag *tag)
{
    const uint8_t *p = (const uint8_t *)tag;
    uint32_t entry_size = *(const uint32_t *)(p + 8);
    for (uint32_t off = 16; off + entry_size <= tag->size; off += entry_size) {
        const struct mb2_mmap_entry *e = (const void *)(p + off);
        if (boot_info.memmap_count == MEMMAP_MAX) {
            pr_warn("multiboot: more than %d memory map entries, ignoring the rest\n", MEMMAP_MAX);
            return;
        }
        struct memmap_entry *m = &boot_info.memmap[boot_info.memmap_count++];
        m->base = e->base_addr;
        m->length = e->length;
        m->type = e->type;
    }
}

static void parse_module(const struct mb2_tag *tag)
{
    const uint32_t *w = (const uint32_t *)(tag + 1);
    if (boot_info.module_count == BOOTMOD_MAX)
        return;
    struct boot_module *m = &boot_info.modules[boot_info.module_count++];
    m->start = w[0];
    m->end = w[1];
    strlcpy(m->name, (const char *)(w + 2), sizeof m->name);
}

void multiboot_parse(uint32_t magic, uint64_t info_phys)
{
    if (magic != MB2_BOOTLOADER_MAGIC)
        panic("multiboot_parse: bad loader magic %#x (not booted by a multiboot2 loader)", magic);

    const uint8_t *base = phys_to_virt(info_phys);
    uint32_t total = *(const uint32_t *)base;
    boot_info.info_phys = info_phys;
    boot_info.info_size = total;

    for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
        const struct mb2_tag *tag = (const void *)(base + off);
        if (tag->type == MB2_TAG_END)
            break;
        switch (tag->type) {
        case MB2_TAG_CMDLINE:
            strlcpy(boot_info.cmdline, (const char *)(tag + 1), sizeof boot_info.cmdline);
            break;
        case MB2_TAG_LOADER:
            strlcpy(boot_info.bootloader, (const char *)(tag + 1), sizeof boot_info.bootloader);
            break;
        case MB2_TAG_MODULE:
            parse_module(tag);
            break;
        case MB2_TAG_MMAP:
            parse_mmap(tag);
            break;
        }
        off += (tag->size + 7) & ~7u; /* tags are 8-byte aligned */
    }
}
