/*
 * kernel/proc/elf.h: validating a static ELF64 executable (System V ABI,
 * "ELF-64 Object File Format" 1.5, and the x86-64 psABI supplement).
 *
 * Pure C with no kernel dependencies, so tests/host/test_elf.c can feed it
 * real and broken binaries on the host.
 */
#ifndef PAGELAB_PROC_ELF_H
#define PAGELAB_PROC_ELF_H

#include <stddef.h>
#include <stdint.h>

/* ELF-64 spec, "ELF Header" and "Program Header Table". */
#define ELF_MAGIC0  0x7f
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC     2
#define ET_DYN      3
#define EM_X86_64   62
#define PT_LOAD     1
#define PT_INTERP   3
#define PT_PHDR     6
#define PF_X        1
#define PF_W        2
#define PF_R        4

struct elf64_ehdr {
    uint8_t e_ident[16];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

#define ELF_MAX_LOADS 16
#define ELF_PAGE_SIZE 4096

/* One PT_LOAD segment, as the loader needs it. */
struct elf_segment {
    uint64_t vaddr;  /* where the first byte goes */
    uint64_t offset; /* its offset in the file */
    uint64_t filesz; /* bytes from the file; the rest up to memsz are zero */
    uint64_t memsz;
    uint32_t flags; /* PF_R | PF_W | PF_X */
};

struct elf_image {
    uint64_t entry;
    uint64_t phdr_vaddr; /* where the program headers are in memory (AT_PHDR), 0 if not loaded */
    uint16_t phnum, phent;
    int nsegments;
    struct elf_segment segments[ELF_MAX_LOADS]; /* ascending vaddr */
    uint64_t end; /* end of the highest segment in memory (brk starts above) */
};

/*
 * Checks that head (the first head_len bytes of a file of file_size bytes)
 * starts a static x86-64 ELF64 executable whose program headers lie within
 * head, and describes it in *out.  Returns 0, or -1 with *reason set to a
 * short phrase ("bad magic", "segment outside the file", ...).
 * user_top is the first address a segment may not reach.
 */
int elf_parse(const void *head, size_t head_len, uint64_t file_size, uint64_t user_top,
              struct elf_image *out, const char **reason);

#endif
