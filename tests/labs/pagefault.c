/*
 * tests/labs/pagefault.c: the grader of lab 01-pagefault
 * (docs/labs/01-pagefault.md): anonymous memory is filled on demand, one
 * zeroed page per first touch, and memory nobody touched costs nothing.
 */
#include <sys/mman.h>

#include "lab.h"

#define REGION (32ul << 20)

static char *fresh_region(void)
{
    char *m = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

static int first_touch(void)
{
    char *m = fresh_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    ledger_warm();
    ledger(&ledger_a);
    m[5 * PAGE + 7] = 1;
    ledger(&ledger_b);
    uint64_t zero = ledger_b.zero_fill_bytes[MECH_MMAP_FAULT] -
                    ledger_a.zero_fill_bytes[MECH_MMAP_FAULT];
    if (zero != PAGE)
        return fail("the first write zero-filled %llu bytes, not one page (4096)",
                    (unsigned long long)zero);
    if (m[5 * PAGE] != 0 || m[5 * PAGE + 7] != 1 || m[6 * PAGE - 1] != 0)
        return fail("the page does not read back as zeros and the byte written");
    return 1;
}

static int each_touch_one_fault(void)
{
    char *m = fresh_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    minor_faults();
    long before = minor_faults();
    int nonzero = 0;
    for (int i = 0; i < 10; i++) {
        nonzero += m[(100 + 3 * i) * PAGE + 11] != 0; /* a read fault */
        m[(100 + 3 * i) * PAGE] = (char)(i + 1);      /* and the write */
    }
    long faults = minor_faults() - before;
    if (nonzero)
        return fail("%d new pages did not read as zeros", nonzero);
    for (int i = 0; i < 10; i++)
        if (m[(100 + 3 * i) * PAGE] != (char)(i + 1))
            return fail("page %d lost its byte", 100 + 3 * i);
    /* A read of a fresh page may map it read-only and the write fault
       again (Linux maps its shared zero page), so 10 to 20 faults. */
    if (faults < 10 || faults > 20)
        return fail("touching 10 new pages took %ld minor faults (want one or two each)", faults);
    return 1;
}

static int untouched_costs_nothing(void)
{
    long before = mem_free_kib();
    char *m = fresh_region();
    if (!m)
        return fail("mmap: %s", strerror(errno));
    m[REGION / 2] = 1;
    long after = mem_free_kib();
    if (before < 0 || after < 0)
        return fail("no MemFree in /proc/meminfo");
    if (before - after > 1024)
        return fail("a %lu MiB region with one page touched took %ld KiB of memory",
                    REGION >> 20, before - after);
    return 1;
}

int main(void)
{
    run_check("first_touch_zero_fills_one_page", first_touch);
    run_check("each_new_page_is_one_minor_fault", each_touch_one_fault);
    run_check("untouched_memory_costs_no_frames", untouched_costs_nothing);
    return failures;
}
