/*
 * kernel/proc/elf_load.c: the PT_LOAD segments of an image as regions
 * (elf_load.h).
 *
 * Segments come in ascending order (elf.c sorted them).  For segment s:
 *   1. its file bytes: pages [page_down(vaddr), page_up(vaddr + filesz))
 *      map the file from page_down(offset), privately;
 *   2. the rest of its memory: the following pages up to page_up(vaddr +
 *      memsz) are anonymous, except a first page already mapped by the
 *      segment before (the page they share);
 *   3. a page shared with the segment before gets both protections.
 * Nothing is read now; the bss bytes inside file pages are cleared by
 * elf_clear_bss once the space is active.
 */
#include "kernel/proc/elf_load.h"
#include "kernel/copy/uaccess.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/errno.h"
#include <stdint.h>

static uint64_t page_down(uint64_t a) { return a & ~(uint64_t)(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t a) { return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1); }

static uint32_t prot_of(uint32_t pf)
{
    return ((pf & PF_R) ? VM_PROT_READ : 0) | ((pf & PF_W) ? VM_PROT_WRITE : 0) |
           ((pf & PF_X) ? VM_PROT_EXEC : 0);
}

uint64_t elf_span(const struct elf_image *img) { return page_up(img->end) - img->start; }

/* The file page behind address a of segment s (its file offset's page). */
static uint64_t file_page_of(const struct elf_segment *s, uint64_t a)
{
    return page_down(a - s->vaddr + s->offset) / PAGE_SIZE;
}

/* Segment s shares its first page with p: may one file page serve both?
   Only p's file bytes there matter (its bss is cleared afterwards). */
static bool shared_page_consistent(const struct elf_segment *p, const struct elf_segment *s)
{
    uint64_t page = page_down(s->vaddr);
    bool p_has_file_bytes = p->filesz && p->vaddr + p->filesz > page;
    if (!p_has_file_bytes || !s->filesz)
        return true;
    return file_page_of(p, page > p->vaddr ? page : p->vaddr) == file_page_of(s, s->vaddr);
}

static int map_segment(struct vm_space *vm, const struct exec_file *f, const struct elf_segment *s,
                       const struct elf_segment *prev, uint64_t bias)
{
    uint64_t start = page_down(s->vaddr) + bias;
    uint64_t file_end = page_up(s->vaddr + s->filesz) + bias;
    uint64_t mem_end = page_up(s->vaddr + s->memsz) + bias;
    uint64_t prev_end = prev ? page_up(prev->vaddr + prev->memsz) + bias : 0;
    uint32_t prot = prot_of(s->flags);
    uint64_t anon_start = start;
    int r;
    if (s->filesz) {
        r = vm_map(vm, start, file_end - start, prot, VMA_EXEC_IMAGE, f->ops, f->obj,
                   page_down(s->offset) / PAGE_SIZE);
        if (r)
            return r;
        anon_start = file_end;
    } else if (anon_start < prev_end) {
        anon_start = prev_end; /* the shared page stays the previous segment's mapping */
    }
    if (mem_end > anon_start &&
        (r = vm_map(vm, anon_start, mem_end - anon_start, prot, VMA_EXEC_IMAGE, NULL, NULL, 0)))
        return r;
    if (start < prev_end) {
        uint32_t both = prot | prot_of(prev->flags);
        if ((r = vm_protect(vm, start, PAGE_SIZE, both)))
            return r;
    }
    return 0;
}

int elf_map(struct vm_space *vm, const struct exec_file *f, const struct elf_image *img,
            uint64_t bias, const char **why)
{
    for (int i = 0; i < img->nsegments; i++) {
        const struct elf_segment *s = &img->segments[i];
        const struct elf_segment *prev = i ? &img->segments[i - 1] : NULL;
        if (prev && page_down(s->vaddr) < page_up(prev->vaddr + prev->memsz) &&
            !shared_page_consistent(prev, s)) {
            *why = "two segments share a page but need different pages of the file";
            return -ENOEXEC;
        }
        int r = map_segment(vm, f, s, prev, bias);
        if (r)
            return r;
    }
    return 0;
}

/* Clears [from, to) (within one page) even if the page is read-only. */
static int clear_in_page(struct vm_space *vm, uint64_t from, uint64_t to)
{
    struct vma *v = vm_find(vm, page_down(from));
    if (!v || !v->ops)
        return 0; /* anonymous: already zeros */
    uint32_t prot = v->prot;
    if (!(prot & VM_PROT_WRITE) && vm_protect(vm, page_down(from), PAGE_SIZE, prot | VM_PROT_WRITE))
        return -EFAULT;
    long r = clear_user((void *)from, to - from, MECH_EXEC);
    if (!(prot & VM_PROT_WRITE))
        vm_protect(vm, page_down(from), PAGE_SIZE, prot);
    return r ? -EFAULT : 0;
}

/* In a segment with a bss, the bytes after its file bytes, to the end of
   their page, are zeros (Linux's padzero: the dynamic loader's first
   allocations use the rest of its last page), up to where the next segment
   starts if it shares the page.  Further on, only the last page of a bss can be a file page:
   one it shares with the next segment. */
int elf_clear_bss(struct vm_space *vm, const struct elf_image *img, uint64_t bias)
{
    for (int i = 0; i < img->nsegments; i++) {
        const struct elf_segment *s = &img->segments[i];
        uint64_t next = i + 1 < img->nsegments ? img->segments[i + 1].vaddr + bias : UINT64_MAX;
        uint64_t from = s->vaddr + s->filesz + bias, to = s->vaddr + s->memsz + bias;
        if (from == to)
            continue; /* no bss: the page keeps the file's bytes, and stays shared */
        uint64_t first_end = page_up(from);
        if (first_end > next)
            first_end = next;
        int r = from < first_end ? clear_in_page(vm, from, first_end) : 0;
        if (!r && to > first_end && page_down(to - 1) >= first_end)
            r = clear_in_page(vm, page_down(to - 1), to);
        if (r)
            return r;
    }
    return 0;
}
