/*
 * kernel/proc/exec_stack.c: the auxiliary vector a new program finds on its
 * stack, with the entries Linux's create_elf_tables gives on x86-64 (but no
 * AT_SYSINFO_EHDR: pagelab has no vDSO, so the C library makes real system
 * calls for the clocks).  The layout itself is user_stack.c's.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/random.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/cred.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/exec.h"
#include "kernel/proc/signal.h"
#include "kernel/proc/user_stack.h"

#define AT_CLKTCK_HZ 100 /* USER_HZ: times(2) counts in hundredths */

/* AT_HWCAP on x86 is CPUID leaf 1's EDX (Linux's ELF_HWCAP). */
static uint64_t hwcap(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    return r[3];
}

int exec_stack_build(const struct exec_stack *st, char *const *argv, int argc, char *const *envp,
                     int envc, uint64_t *sp)
{
    uint8_t random[16];
    random_bytes(random, sizeof random);
    struct auxv_entry aux[] = {
        { AT_MINSIGSTKSZ, signal_frame_size() },
        { AT_HWCAP, hwcap() },
        { AT_PAGESZ, PAGE_SIZE },
        { AT_CLKTCK, AT_CLKTCK_HZ },
        { AT_PHDR, st->phdr },
        { AT_PHENT, st->phent },
        { AT_PHNUM, st->phnum },
        { AT_BASE, st->base },
        { AT_FLAGS, 0 },
        { AT_ENTRY, st->entry },
        { AT_UID, st->cred->uid },
        { AT_EUID, st->cred->euid },
        { AT_GID, st->cred->gid },
        { AT_EGID, st->cred->egid },
        /* A set-user-ID or set-group-ID program: the loader and libc must
           not trust the environment (LD_PRELOAD...), as on Linux. */
        { AT_SECURE, st->cred->euid != st->cred->uid || st->cred->egid != st->cred->gid },
        { AT_HWCAP2, 0 },
    };
    struct ustack_args a = {
        argc,       envc, (const char *const *)argv,  (const char *const *)envp,
        st->execfn, aux,  sizeof aux / sizeof aux[0], random,
        "x86_64"
    };
    size_t size = (ustack_size(&a) + 15) & ~(size_t)15;
    uint8_t *buf = kmalloc(size);
    if (!buf)
        return -ENOMEM;
    *sp = ustack_build(&a, st->stack_top, buf, size);
    uint64_t used = st->stack_top - *sp;
    long r = copy_to_user((void *)*sp, buf + size - used, used, MECH_EXEC);
    kfree(buf);
    return r ? -EFAULT : 0;
}
