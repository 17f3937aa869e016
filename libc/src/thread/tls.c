/*
 * tls.c: thread-local storage (ELF TLS, x86-64 variant II) and errno.
 *
 * The program's PT_TLS segment is an image of its __thread variables: the
 * first filesz bytes initialized, the rest of memsz zero.  Each thread gets
 * a copy ending right below its control block, whose address is the FS base
 * (the thread pointer), aligned to the segment's alignment; compiled code
 * reaches a variable at a fixed negative offset from %fs.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "../libc_internal.h"
#include "pthread_impl.h"

#define AT_NULL  0 /* include/uapi/linux/auxvec.h */
#define AT_PHDR  3
#define AT_PHNUM 5
#define PT_TLS   7 /* elf.h */
#define ARCH_SET_FS 0x1002

struct phdr64 {
    unsigned p_type, p_flags;
    unsigned long p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

static const void *tls_image;
static size_t tls_filesz, tls_memsz, tls_seg_align = 1;
static size_t tls_align = 16; /* of the thread pointer: the segment's, at least 16 */
size_t __tls_area_size;

static size_t align_up(size_t v, size_t a) { return (v + a - 1) & ~(a - 1); }

struct __pthread *__tls_install(void *base, size_t size)
{
    unsigned long top = (unsigned long)base + size - sizeof(struct __pthread);
    unsigned long tp = top & ~(unsigned long)(tls_align - 1);
    struct __pthread *t = (struct __pthread *)tp;
    memset(t, 0, sizeof *t);
    t->self = t;
    if (tls_memsz) {
        /* The linker put each variable at its offset minus this size. */
        char *block = (char *)tp - align_up(tls_memsz, tls_seg_align);
        memcpy(block, tls_image, tls_filesz);
        memset(block + tls_filesz, 0, tls_memsz - tls_filesz);
    }
    return t;
}

static void find_tls(unsigned long *auxv)
{
    const struct phdr64 *ph = 0;
    unsigned long phnum = 0;
    for (; auxv[0] != AT_NULL; auxv += 2) {
        if (auxv[0] == AT_PHDR)
            ph = (const struct phdr64 *)auxv[1];
        else if (auxv[0] == AT_PHNUM)
            phnum = auxv[1];
    }
    for (unsigned long i = 0; ph && i < phnum; i++)
        if (ph[i].p_type == PT_TLS) {
            tls_image = (const void *)ph[i].p_vaddr;
            tls_filesz = ph[i].p_filesz;
            tls_memsz = ph[i].p_memsz;
            tls_seg_align = ph[i].p_align ? ph[i].p_align : 1;
            if (tls_seg_align > tls_align)
                tls_align = tls_seg_align;
        }
}

static struct __pthread main_block; /* when the program has no TLS */

void __tls_init_main(unsigned long *auxv)
{
    find_tls(auxv);
    __tls_area_size = align_up(tls_memsz, tls_align) + sizeof(struct __pthread) + tls_align;
    struct __pthread *t = &main_block;
    if (tls_memsz) {
        void *area = (void *)__sys6(SYS_mmap, 0, (long)__tls_area_size, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if ((unsigned long)area > -4096UL)
            __sys1(SYS_exit_group, 127); /* no memory for TLS: nothing can run */
        t = __tls_install(area, __tls_area_size);
    } else {
        t->self = t;
    }
    t->tid = (int)__sys0(SYS_gettid);
    __sys2(SYS_arch_prctl, ARCH_SET_FS, t);
}

int *__errno_location(void) { return &__self()->errno_val; }
