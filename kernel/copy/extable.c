/* kernel/copy/extable.c: looking up the exception table (extable.h). */
#include "kernel/copy/extable.h"

extern const struct extable_entry extable_start[], extable_end[];

/* A linear search: the table has a handful of entries, and the linker
   would need sorting help to allow a binary search. */
const struct extable_entry *extable_find(uint64_t rip)
{
    for (const struct extable_entry *e = extable_start; e < extable_end; e++)
        if (e->fault_rip == rip)
            return e;
    return 0;
}
