/*
 * kernel/drivers/bootmod.c: GRUB boot modules as executable files.
 *
 * Before any file system is mounted, a program can come from a multiboot2
 * module whose command line is its path (module2 /init.elf /bin/init).  Its
 * bytes are copied once into frames that then act as its page cache: exec
 * maps them like file pages, copy-on-write.
 */
#include "kernel/drivers/bootmod.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/vm.h"

struct bootmod {
    char path[64];
    uint64_t size;
    uint64_t npages;
    struct page **pages;
};

static struct bootmod mods[BOOTMOD_MAX];
static int nmods;

static struct page *bootmod_get_page(void *obj, uint64_t pgoff, bool *waited_for_io)
{
    struct bootmod *m = obj;
    if (pgoff >= m->npages)
        return NULL;
    page_get(m->pages[pgoff]);
    return m->pages[pgoff];
}

/* Modules stay loaded for the kernel's lifetime: no counting needed. */
static void bootmod_hold(void *obj) {}
static void bootmod_release(void *obj) {}

static const struct vm_backing_ops bootmod_ops = {
    .get_page = bootmod_get_page,
    .hold = bootmod_hold,
    .release = bootmod_release,
};

static bool load(struct bootmod *m, const struct boot_module *bm)
{
    m->size = bm->end - bm->start;
    m->npages = (m->size + PAGE_SIZE - 1) / PAGE_SIZE;
    m->pages = kzalloc(sizeof *m->pages * (m->npages ? m->npages : 1));
    if (!m->pages)
        return false;
    for (uint64_t i = 0; i < m->npages; i++) {
        m->pages[i] = frame_alloc();
        if (!m->pages[i])
            return false;
        uint64_t off = i * PAGE_SIZE, n = m->size - off < PAGE_SIZE ? m->size - off : PAGE_SIZE;
        void *dst = page_to_virt(m->pages[i]);
        memset(dst, 0, PAGE_SIZE);
        copy_kernel(dst, phys_to_virt(bm->start + off), n, MECH_EXEC);
    }
    strlcpy(m->path, bm->name, sizeof m->path);
    return true;
}

void bootmod_init(const struct boot_module *modules, int count)
{
    for (int i = 0; i < count && nmods < BOOTMOD_MAX; i++) {
        const struct boot_module *bm = &modules[i];
        if (bm->name[0] != '/')
            continue;
        if (!load(&mods[nmods], bm)) {
            pr_err("bootmod: no memory for module %s\n", bm->name);
            continue;
        }
        pr_info("bootmod: %s (%lu bytes)\n", mods[nmods].path, mods[nmods].size);
        nmods++;
    }
}

int bootmod_open(const char *path, const struct vm_backing_ops **ops, void **obj, uint64_t *size)
{
    for (int i = 0; i < nmods; i++)
        if (strcmp(mods[i].path, path) == 0) {
            *ops = &bootmod_ops;
            *obj = &mods[i];
            *size = mods[i].size;
            return 0;
        }
    return -ENOENT;
}
