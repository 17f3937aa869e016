/* kernel/proc/elf.c: validating an ELF64 executable before anything is mapped. */
#include "kernel/proc/elf.h"

static int fail(const char **reason, const char *why)
{
    *reason = why;
    return -1;
}

static int check_header(const struct elf64_ehdr *eh, size_t head_len, const char **reason)
{
    if (head_len < 4 || eh->e_ident[0] != ELF_MAGIC0 || eh->e_ident[1] != 'E' ||
        eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F')
        return fail(reason, "bad magic (not an ELF file)");
    if (head_len < sizeof *eh)
        return fail(reason, "file shorter than an ELF header");
    if (eh->e_ident[4] != ELFCLASS64)
        return fail(reason, "not a 64-bit ELF file");
    if (eh->e_ident[5] != ELFDATA2LSB)
        return fail(reason, "not little-endian");
    if (eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return fail(reason, "unknown ELF version");
    if (eh->e_machine != EM_X86_64)
        return fail(reason, "not an x86-64 executable");
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return fail(reason, "not an executable (ELF type is neither ET_EXEC nor ET_DYN)");
    if (eh->e_phentsize != sizeof(struct elf64_phdr))
        return fail(reason, "program header size is not 56");
    if (eh->e_phnum == 0 || eh->e_phnum > 64)
        return fail(reason, "program header count not in 1..64");
    if (eh->e_phoff > head_len || (uint64_t)eh->e_phnum * eh->e_phentsize > head_len - eh->e_phoff)
        return fail(reason, "program headers not within the first page");
    return 0;
}

/* An ET_DYN image is placed anywhere, so only its size is checked here;
   ET_EXEC addresses are final and must stay off the null page. */
static int check_load(const struct elf64_phdr *ph, bool fixed, uint64_t file_size,
                      uint64_t user_top, const char **reason)
{
    if (ph->p_filesz > ph->p_memsz)
        return fail(reason, "segment file size larger than its memory size");
    if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
        return fail(reason, "segment outside the file");
    if (ph->p_vaddr % ELF_PAGE_SIZE != ph->p_offset % ELF_PAGE_SIZE)
        return fail(reason, "segment address and offset differ modulo the page size");
    if (fixed && ph->p_vaddr < ELF_PAGE_SIZE)
        return fail(reason, "segment in the first page (the null page stays unmapped)");
    if (ph->p_memsz > user_top || ph->p_vaddr > user_top - ph->p_memsz)
        return fail(reason, "segment outside user space");
    return 0;
}

static int check_interp(const struct elf64_phdr *ph, uint64_t file_size, struct elf_image *img,
                        const char **reason)
{
    if (ph->p_filesz < 2 || ph->p_filesz > ELF_INTERP_MAX)
        return fail(reason, "PT_INTERP path empty or longer than PATH_MAX");
    if (ph->p_offset > file_size || ph->p_filesz > file_size - ph->p_offset)
        return fail(reason, "PT_INTERP outside the file");
    img->interp_offset = ph->p_offset;
    img->interp_size = ph->p_filesz;
    return 0;
}

static void insert_sorted(struct elf_image *img, const struct elf64_phdr *ph)
{
    int i = img->nsegments++;
    while (i > 0 && img->segments[i - 1].vaddr > ph->p_vaddr) {
        img->segments[i] = img->segments[i - 1];
        i--;
    }
    img->segments[i] = (struct elf_segment){ ph->p_vaddr, ph->p_offset, ph->p_filesz, ph->p_memsz,
                                             ph->p_flags & (PF_R | PF_W | PF_X) };
}

/* Segments may share a page (the linker packs them: the loader then gives
   that page both protections) but their bytes must not overlap; the entry
   must be in an executable one. */
static int check_layout(struct elf_image *img, const char **reason)
{
    int entry_ok = 0;
    img->start = img->segments[0].vaddr & ~(uint64_t)(ELF_PAGE_SIZE - 1);
    for (int i = 0; i < img->nsegments; i++) {
        const struct elf_segment *s = &img->segments[i];
        if (i > 0) {
            const struct elf_segment *p = &img->segments[i - 1];
            if (p->vaddr + p->memsz > s->vaddr)
                return fail(reason, "overlapping segments");
        }
        if ((s->flags & PF_X) && img->entry >= s->vaddr && img->entry < s->vaddr + s->memsz)
            entry_ok = 1;
        if (s->vaddr + s->memsz > img->end)
            img->end = s->vaddr + s->memsz;
    }
    if (!entry_ok)
        return fail(reason, "entry point not in an executable segment");
    return 0;
}

/* One program header: a segment to load or a note for the loader. */
static int take_phdr(const struct elf64_phdr *ph, uint64_t file_size, uint64_t user_top,
                     struct elf_image *out, uint64_t *phdr_vaddr, const char **reason)
{
    switch (ph->p_type) {
    case PT_INTERP:
        /* Linux uses the first one. */
        return out->interp_size ? 0 : check_interp(ph, file_size, out, reason);
    case PT_PHDR:
        *phdr_vaddr = ph->p_vaddr;
        return 0;
    case PT_GNU_STACK:
        out->stack_exec = (ph->p_flags & PF_X) != 0;
        return 0;
    case PT_GNU_RELRO:
        out->relro_vaddr = ph->p_vaddr;
        out->relro_size = ph->p_memsz;
        return 0;
    case PT_LOAD:
        if (ph->p_memsz == 0)
            return 0;
        if (out->nsegments == ELF_MAX_LOADS)
            return fail(reason, "too many PT_LOAD segments");
        if (check_load(ph, out->type == ET_EXEC, file_size, user_top, reason))
            return -1;
        insert_sorted(out, ph);
        return 0;
    default:
        return 0;
    }
}

int elf_parse(const void *head, size_t head_len, uint64_t file_size, uint64_t user_top,
              struct elf_image *out, const char **reason)
{
    const struct elf64_ehdr *eh = head;
    if (check_header(eh, head_len, reason))
        return -1;
    *out = (struct elf_image){
        .type = eh->e_type, .entry = eh->e_entry, .phnum = eh->e_phnum, .phent = eh->e_phentsize
    };

    const struct elf64_phdr *phdrs = (const void *)((const char *)head + eh->e_phoff);
    uint64_t phdr_from_pt_phdr = 0;
    for (int i = 0; i < eh->e_phnum; i++)
        if (take_phdr(&phdrs[i], file_size, user_top, out, &phdr_from_pt_phdr, reason))
            return -1;
    if (out->nsegments == 0)
        return fail(reason, "no loadable segment");
    if (check_layout(out, reason))
        return -1;
    if (out->type == ET_DYN && out->end - out->start > user_top / 4)
        return fail(reason, "position-independent image larger than a quarter of user space");

    /* AT_PHDR: PT_PHDR says where the headers are; otherwise find the
       segment whose file bytes include them (a static binary's first one). */
    out->phdr_vaddr = phdr_from_pt_phdr;
    uint64_t ph_end = eh->e_phoff + (uint64_t)eh->e_phnum * eh->e_phentsize;
    for (int i = 0; !out->phdr_vaddr && i < out->nsegments; i++) {
        const struct elf_segment *s = &out->segments[i];
        if (eh->e_phoff >= s->offset && ph_end <= s->offset + s->filesz)
            out->phdr_vaddr = s->vaddr + (eh->e_phoff - s->offset);
    }
    return 0;
}
