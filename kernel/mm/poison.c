/* kernel/mm/poison.c: filling and checking poison patterns (see poison.h). */
#include "kernel/mm/poison.h"

void poison_fill(void *p, size_t n, uint8_t byte)
{
    uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        b[i] = byte;
}

const uint8_t *poison_find_mismatch(const void *p, size_t n, uint8_t byte)
{
    const uint8_t *b = p;
    size_t i = 0;
    uint64_t word = byte * 0x0101010101010101ull;
    /* Word at a time where aligned: the check runs on every reuse. */
    for (; i < n && ((uintptr_t)(b + i) & 7); i++)
        if (b[i] != byte)
            return b + i;
    for (; i + 8 <= n; i += 8)
        if (*(const uint64_t *)(b + i) != word)
            break;
    for (; i < n; i++)
        if (b[i] != byte)
            return b + i;
    return NULL;
}
