/*
 * kernel/lib/ktest.h: in-kernel tests.
 *
 * A test is a function registered in the .ktest section:
 *
 *     KTEST(frame_alloc_returns_distinct_frames)
 *     {
 *         KEXPECT(a != b);
 *     }
 *
 * Tests are chosen on the kernel command line: ktest=all, or a comma-
 * separated list of names, where '*' matches any run of characters
 * (ktest=frame_*,kmalloc_*, or ktest=*paging_* for every name holding it).  Each prints one line, "ktest: NAME: PASS" or
 * "ktest: NAME: FAIL file:line: expression"; after the last one the kernel
 * prints "ktest: done, N passed, M failed" and leaves QEMU through
 * isa-debug-exit.  Tests run after the kernel is fully initialised, in a
 * kernel thread once the scheduler exists, so they may sleep.
 */
#ifndef PAGELAB_LIB_KTEST_H
#define PAGELAB_LIB_KTEST_H

#include <stdbool.h>

struct ktest {
    const char *name;
    void (*fn)(void);
    const char *file;
};

#define KTEST(test_name)                                                                           \
    static void ktest_fn_##test_name(void);                                                        \
    static const struct ktest ktest_##test_name                                                    \
        __attribute__((used, section(".ktest"), aligned(8))) = { #test_name, ktest_fn_##test_name, \
                                                                 __FILE__ };                       \
    static void ktest_fn_##test_name(void)

/* Records a failure (the first one's location is reported) and goes on. */
void ktest_fail(const char *file, int line, const char *expr);

#define KEXPECT(cond)                              \
    do {                                           \
        if (!(cond))                               \
            ktest_fail(__FILE__, __LINE__, #cond); \
    } while (0)

/* Like KEXPECT, but leaves the test function at once on failure. */
#define KASSERT(cond)                              \
    do {                                           \
        if (!(cond)) {                             \
            ktest_fail(__FILE__, __LINE__, #cond); \
            return;                                \
        }                                          \
    } while (0)

/* Runs the tests the command line selects; returns false if none was asked for. */
bool ktest_run_selected(const char *cmdline);

#endif
