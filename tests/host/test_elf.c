/* Host tests of the ELF64 validator (kernel/proc/elf.c). */
#include <string.h>
#include "tests/host/check.h"
#include "kernel/proc/elf.c"

#define TOP 0x0000800000000000ull

/* A minimal static executable like musl-gcc -static makes: headers in the
   first (read-only) segment, text, then data + bss. */
static unsigned char file[4096];
static struct elf64_ehdr *eh = (struct elf64_ehdr *)file;
static struct elf64_phdr *ph = (struct elf64_phdr *)(file + 64);

static void make_good(void)
{
    memset(file, 0, sizeof file);
    memcpy(eh->e_ident, "\x7f" "ELF", 4);
    eh->e_ident[4] = ELFCLASS64;
    eh->e_ident[5] = ELFDATA2LSB;
    eh->e_ident[6] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_X86_64;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0x401010;
    eh->e_phoff = 64;
    eh->e_phentsize = 56;
    eh->e_phnum = 3;
    ph[0] = (struct elf64_phdr){ PT_LOAD, PF_R, 0, 0x400000, 0x400000, 0x190, 0x190, 0x1000 };
    ph[1] = (struct elf64_phdr){ PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x401000, 0x82c, 0x82c, 0x1000 };
    ph[2] = (struct elf64_phdr){ PT_LOAD, PF_R | PF_W, 0x2fd0, 0x403fd0, 0x403fd0, 0x40, 0x2a8, 0x1000 };
}

static const char *parse(uint64_t file_size, struct elf_image *img)
{
    const char *why = NULL;
    int r = elf_parse(file, sizeof file, file_size, TOP, img, &why);
    return r == 0 ? NULL : why;
}

TEST(elf_accepts_a_static_executable_and_describes_its_segments)
{
    struct elf_image img;
    make_good();
    REQUIRE(parse(0x3010, &img) == NULL);
    CHECK(img.entry == 0x401010);
    CHECK(img.nsegments == 3);
    CHECK(img.segments[2].vaddr == 0x403fd0 && img.segments[2].filesz == 0x40 &&
          img.segments[2].memsz == 0x2a8 && img.segments[2].flags == (PF_R | PF_W));
    CHECK(img.phdr_vaddr == 0x400040);
    CHECK(img.phnum == 3 && img.phent == 56);
    CHECK(img.end == 0x403fd0 + 0x2a8);
}

TEST(elf_sorts_segments_by_address)
{
    struct elf_image img;
    make_good();
    struct elf64_phdr t = ph[0];
    ph[0] = ph[2];
    ph[2] = t;
    REQUIRE(parse(0x3010, &img) == NULL);
    CHECK(img.segments[0].vaddr == 0x400000 && img.segments[2].vaddr == 0x403fd0);
}

TEST(elf_rejects_bad_magic)
{
    struct elf_image img;
    make_good();
    file[1] = 'X';
    const char *why = parse(0x3010, &img);
    CHECK(why && strstr(why, "magic"));
}

TEST(elf_rejects_32_bit_and_big_endian_and_other_machines)
{
    struct elf_image img;
    make_good();
    eh->e_ident[4] = 1;
    CHECK(parse(0x3010, &img) != NULL);
    make_good();
    eh->e_ident[5] = 2;
    CHECK(parse(0x3010, &img) != NULL);
    make_good();
    eh->e_machine = 3;   /* EM_386 */
    const char *why = parse(0x3010, &img);
    CHECK(why && strstr(why, "x86-64"));
}

TEST(elf_accepts_position_independent_executables_with_an_interpreter)
{
    struct elf_image img;
    make_good();
    eh->e_type = ET_DYN;
    eh->e_entry = 0x1010;
    ph[0].p_vaddr = ph[0].p_paddr = 0;
    ph[1].p_vaddr = ph[1].p_paddr = 0x1000;
    ph[2].p_vaddr = ph[2].p_paddr = 0x3fd0;
    eh->e_phnum = 6;
    ph[3] = (struct elf64_phdr){ .p_type = PT_INTERP, .p_offset = 0x200, .p_filesz = 28 };
    ph[4] = (struct elf64_phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
    ph[5] = (struct elf64_phdr){ .p_type = PT_GNU_RELRO, .p_vaddr = 0x3fd0, .p_memsz = 0x30 };
    REQUIRE(parse(0x3010, &img) == NULL);
    CHECK(img.type == ET_DYN);
    CHECK(img.interp_offset == 0x200 && img.interp_size == 28);
    CHECK(!img.stack_exec);
    CHECK(img.relro_vaddr == 0x3fd0 && img.relro_size == 0x30);
    CHECK(img.start == 0 && img.phdr_vaddr == 0x40);
}

TEST(elf_takes_an_executable_stack_from_pt_gnu_stack)
{
    struct elf_image img;
    make_good();
    eh->e_phnum = 4;
    ph[3] = (struct elf64_phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W | PF_X };
    REQUIRE(parse(0x3010, &img) == NULL);
    CHECK(img.stack_exec);
}

TEST(elf_rejects_a_bad_interpreter_path_and_other_file_types)
{
    struct elf_image img;
    make_good();
    eh->e_phnum = 4;
    ph[3] = (struct elf64_phdr){ .p_type = PT_INTERP, .p_offset = 0x200, .p_filesz = 5000 };
    const char *why = parse(0x3010, &img);
    CHECK(why && strstr(why, "PT_INTERP"));
    make_good();
    eh->e_phnum = 4;
    ph[3] = (struct elf64_phdr){ .p_type = PT_INTERP, .p_offset = 0x3000, .p_filesz = 28 };
    CHECK(parse(0x3010, &img) != NULL);
    make_good();
    eh->e_type = 1; /* ET_REL: an object file */
    why = parse(0x3010, &img);
    CHECK(why && strstr(why, "ET_EXEC"));
}

TEST(elf_accepts_segments_that_share_a_page)
{
    struct elf_image img;
    make_good();
    ph[2].p_vaddr = ph[2].p_paddr = 0x401830; /* in the text's last page */
    ph[2].p_offset = 0x1830;
    REQUIRE(parse(0x3010, &img) == NULL);
    CHECK(img.nsegments == 3 && img.segments[2].vaddr == 0x401830);
}

TEST(elf_rejects_segments_beyond_the_end_of_the_file)
{
    struct elf_image img;
    make_good();
    const char *why = parse(0x3000, &img);   /* the data segment ends at 0x3010 */
    CHECK(why && strstr(why, "outside the file"));
}

TEST(elf_rejects_filesz_larger_than_memsz)
{
    struct elf_image img;
    make_good();
    ph[1].p_filesz = ph[1].p_memsz + 1;
    CHECK(parse(0x3010, &img) != NULL);
}

TEST(elf_rejects_misaligned_and_kernel_half_segments)
{
    struct elf_image img;
    make_good();
    ph[1].p_vaddr += 8;
    CHECK(parse(0x3010, &img) != NULL);
    make_good();
    ph[2].p_vaddr = TOP - 0x1000 + 0xfd0;
    ph[2].p_memsz = 0x2000;
    const char *why = parse(0x3010, &img);
    CHECK(why && strstr(why, "user space"));
    make_good();
    ph[2].p_vaddr = 0xfffffffffffffd0ull;
    CHECK(parse(0x3010, &img) != NULL);
}

TEST(elf_rejects_overlapping_segments)
{
    struct elf_image img;
    make_good();
    ph[1].p_memsz = 0x3000;
    const char *why = parse(0x3010, &img);
    CHECK(why && strstr(why, "overlap"));
}

TEST(elf_rejects_an_entry_outside_executable_code)
{
    struct elf_image img;
    make_good();
    eh->e_entry = 0x403fd8;   /* in the data segment */
    const char *why = parse(0x3010, &img);
    CHECK(why && strstr(why, "entry"));
}

TEST(elf_rejects_program_headers_past_the_first_page)
{
    struct elf_image img;
    make_good();
    eh->e_phoff = 4096 - 56;
    eh->e_phnum = 2;
    CHECK(parse(0x3010, &img) != NULL);
    make_good();
    eh->e_phentsize = 32;
    CHECK(parse(0x3010, &img) != NULL);
    make_good();
    eh->e_phnum = 0;
    CHECK(parse(0x3010, &img) != NULL);
}

TEST(elf_rejects_a_truncated_header)
{
    struct elf_image img;
    const char *why = NULL;
    make_good();
    CHECK(elf_parse(file, 40, 40, TOP, &img, &why) == -1 && why);
}
