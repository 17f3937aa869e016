/* kernel/mm/fault_describe.c: page-fault error codes in words (pure C, so
   the host tests build it as is). */
#include "kernel/mm/fault.h"

static void append(char *buf, unsigned size, unsigned *pos, const char *s)
{
    while (*s && *pos + 1 < size)
        buf[(*pos)++] = *s++;
    if (size)
        buf[*pos < size ? *pos : size - 1] = '\0';
}

void fault_describe(unsigned error_code, char *buf, unsigned size)
{
    unsigned pos = 0;
    append(buf, size, &pos, error_code & PF_USER ? "user " : "kernel ");
    if (error_code & PF_INSTR)
        append(buf, size, &pos, "instruction fetch from ");
    else if (error_code & PF_WRITE)
        append(buf, size, &pos, "write to ");
    else
        append(buf, size, &pos, "read from ");
    append(buf, size, &pos,
           error_code & PF_PRESENT ? "a present page (protection violation)"
                                   : "a non-present page");
    if (error_code & PF_RSVD)
        append(buf, size, &pos, ", reserved bit set in a paging entry");
    if (error_code & PF_PK)
        append(buf, size, &pos, ", protection-key violation");
    if (error_code & PF_SS)
        append(buf, size, &pos, ", shadow-stack access");
}
