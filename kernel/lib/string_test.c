/* In-kernel tests of kernel/lib/string.c (the rep-movs paths need the real CPU). */
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"

KTEST(memcpy_copies_every_length_and_alignment)
{
    static char src[64], dst[80];
    for (int i = 0; i < 64; i++)
        src[i] = (char)(i * 7 + 1);
    for (int off = 0; off < 8; off++) {
        for (int len = 0; len <= 40; len++) {
            memset(dst, 0x55, sizeof dst);
            memcpy(dst + off, src + 3, len);
            KASSERT(memcmp(dst + off, src + 3, len) == 0);
            KASSERT(dst[off + len] == 0x55);
        }
    }
}

KTEST(memmove_handles_overlap_both_ways)
{
    char buf[16] = "0123456789";
    memmove(buf + 2, buf, 8);
    KEXPECT(memcmp(buf, "0101234567", 10) == 0);
    memmove(buf, buf + 2, 8);
    KEXPECT(memcmp(buf, "0123456767", 10) == 0);
}

KTEST(memset_fills_exactly_n_bytes)
{
    char buf[20];
    memset(buf, 'x', sizeof buf);
    memset(buf + 1, 0, 13);
    KEXPECT(buf[0] == 'x' && buf[14] == 'x');
    for (int i = 1; i < 14; i++)
        KEXPECT(buf[i] == 0);
}
