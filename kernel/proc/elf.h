/*
 * kernel/proc/elf.h: validating an ELF64 executable before anything of it is
 * mapped (System V ABI, "ELF-64 Object File Format" 1.5, and the x86-64
 * psABI supplement), as Linux's binfmt_elf accepts them:
 *
 *   ET_EXEC  a program linked at fixed addresses (musl-gcc -static);
 *   ET_DYN   a position-independent one (gcc's default PIE, static-pie) or a
 *            shared object run directly (the dynamic loader ld.so): its
 *            addresses are offsets from a load bias the loader picks;
 *   PT_INTERP names the program that maps the shared libraries (the dynamic
 *            loader), which execve loads too and starts first;
 *   PT_GNU_STACK says whether the stack is executable (PF_X);
 *   PT_GNU_RELRO is the part the dynamic loader (or static-pie's startup
 *            code) makes read-only once it has relocated it: the kernel
 *            maps it writable like the rest of its segment, as Linux does.
 *
 * Pure C with no kernel dependencies, so tests/host/test_elf.c can feed it
 * real and broken binaries on the host.
 */
#ifndef PAGELAB_PROC_ELF_H
#define PAGELAB_PROC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ELF-64 spec, "ELF Header" and "Program Header Table". */
#define ELF_MAGIC0   0x7f
#define ELFCLASS64   2
#define ELFDATA2LSB  1
#define EV_CURRENT   1
#define ET_EXEC      2
#define ET_DYN       3
#define EM_X86_64    62
#define PT_LOAD      1
#define PT_INTERP    3
#define PT_PHDR      6
#define PT_GNU_STACK 0x6474e551 /* the stack's flags (PF_X: executable) */
#define PT_GNU_RELRO 0x6474e552 /* read-only after relocation */
#define PF_X         1
#define PF_W         2
#define PF_R         4

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

#define ELF_MAX_LOADS  16
#define ELF_PAGE_SIZE  4096
#define ELF_INTERP_MAX 4096 /* PATH_MAX: a longer PT_INTERP is refused, as Linux */

/* One PT_LOAD segment, as the loader needs it. */
struct elf_segment {
    uint64_t vaddr;  /* where the first byte goes */
    uint64_t offset; /* its offset in the file */
    uint64_t filesz; /* bytes from the file; the rest up to memsz are zero */
    uint64_t memsz;
    uint32_t flags; /* PF_R | PF_W | PF_X */
};

struct elf_image {
    uint16_t type; /* ET_EXEC or ET_DYN */
    uint64_t entry;
    uint64_t phdr_vaddr; /* where the program headers are in memory (AT_PHDR), 0 if not loaded */
    uint16_t phnum, phent;
    int nsegments;
    struct elf_segment segments[ELF_MAX_LOADS]; /* ascending vaddr */
    uint64_t start;                             /* first page of the lowest segment */
    uint64_t end; /* end of the highest segment in memory (brk starts above) */
    /* PT_INTERP: where the loader's path is in the file (0 size: none).
       The path's bytes include its NUL. */
    uint64_t interp_offset, interp_size;
    bool stack_exec;                  /* PT_GNU_STACK with PF_X */
    uint64_t relro_vaddr, relro_size; /* PT_GNU_RELRO (0 size: none) */
};

/*
 * Checks that head (the first head_len bytes of a file of file_size bytes)
 * starts an x86-64 ELF64 executable (ET_EXEC or ET_DYN) whose program
 * headers lie within head, and describes it in *out.  Returns 0, or -1 with
 * *reason set to a short phrase ("bad magic", "segment outside the file",
 * ...).  user_top is the first address a segment may not reach (for ET_DYN:
 * the size its whole image may not reach, wherever it is put).
 */
int elf_parse(const void *head, size_t head_len, uint64_t file_size, uint64_t user_top,
              struct elf_image *out, const char **reason);

#endif
