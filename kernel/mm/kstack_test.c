/* kernel/mm/kstack_test.c: kernel stacks sit above an unmapped guard page. */
#include "kernel/hw/layout.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/paging.h"

#define TEST_STACK (4 * PAGE_SIZE)

static bool mapped(uint64_t va) { return pt_lookup(kernel_pml4, va, NULL, NULL); }

/* Each call takes a kilobyte of stack and calls again: with nothing to
   stop it, it runs off the bottom of the running task's stack. */
static __attribute__((noinline, optimize("no-optimize-sibling-calls"))) int deeper(int n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    if (n > 1000000) /* never: a 16 KiB stack ends long before */
        return 0;
    return deeper(n + 1) + frame[0];
}

KTEST(kstack_has_an_unmapped_guard_page_below)
{
    char *s = kstack_alloc(TEST_STACK);
    KASSERT(s != NULL);
    uint64_t bottom = (uint64_t)s;
    KEXPECT(mapped(bottom) && mapped(bottom + TEST_STACK - 1));
    KEXPECT(!mapped(bottom - 1));
    KEXPECT(kstack_guard_page(bottom - 1) && kstack_guard_page(bottom - PAGE_SIZE));
    KEXPECT(!kstack_guard_page(bottom) && !kstack_guard_page(bottom + TEST_STACK - 1));
    memset(s, 0x5a, TEST_STACK); /* every page of it is there */
    char *t = kstack_alloc(TEST_STACK);
    KEXPECT(t != NULL && t != s);
    kstack_free(t, TEST_STACK);
    kstack_free(s, TEST_STACK);
    KEXPECT(!mapped(bottom));

    char what[32];
    if (cmdline_get(kernel_cmdline(), "crash", what, sizeof what) &&
        strcmp(what, "kstack_overflow") == 0) {
        printk("kstack test: overflowing this task's kernel stack\n");
        deeper(0);
    }
}
