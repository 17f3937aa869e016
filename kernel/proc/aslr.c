/* kernel/proc/aslr.c: the random offsets of a new program's layout (aslr.h). */
#include "kernel/proc/aslr.h"
#include "kernel/drivers/random.h"
#include "kernel/hw/layout.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"

static int randomize_va_space = 2; /* Linux's default */

/* Bits of randomness in pages (arch/x86: STACK_RND_MASK 0x3fffff, mmap_rnd_bits
   28 for 64-bit tasks, arch_randomize_brk's 32 MiB range). */
static const unsigned area_bits[] = {
    [ASLR_STACK] = 22,
    [ASLR_MMAP] = 28,
    [ASLR_PIE] = 28,
    [ASLR_BRK] = 13,
};

uint64_t aslr_offset(enum aslr_area area)
{
    if (randomize_va_space == 0 || (area == ASLR_BRK && randomize_va_space < 2))
        return 0;
    uint64_t r;
    random_bytes(&r, sizeof r);
    return (r & ((1ull << area_bits[area]) - 1)) * PAGE_SIZE;
}

static long show_randomize(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%d\n", randomize_va_space);
}

/* Linux's proc_dointvec_minmax: 0..2, a trailing newline allowed. */
static int store_randomize(void *arg, const char *data, size_t len)
{
    while (len && (data[len - 1] == '\n' || data[len - 1] == ' '))
        len--;
    if (len != 1 || data[0] < '0' || data[0] > '2')
        return -EINVAL;
    randomize_va_space = data[0] - '0';
    return 0;
}

PROC_FILE(randomize_va_space, "sys/kernel/randomize_va_space", show_randomize, store_randomize);
