/*
 * tests/host/check.h: a tiny unit-test framework for pure kernel C built on
 * the host.  A test file #includes the kernel .c file it tests (renaming any
 * symbol that would clash with the host libc), then:
 *
 *     TEST(buddy_merges_freed_buddies) { CHECK(x == y); }
 *
 * tests/run.py compiles each tests/host/test_*.c alone, with ASan and UBSan,
 * and reads one line per test: "PASS name" or "FAIL name: file:line: expr".
 */
#ifndef PAGELAB_TESTS_CHECK_H
#define PAGELAB_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

struct check_test {
    const char *name;
    void (*fn)(void);
};

static struct check_test check_tests[256];
static int check_count;
static int check_failed_now;
static char check_failure[256];

static void check_register(const char *name, void (*fn)(void))
{
    if (check_count == 256) {
        fprintf(stderr, "check.h: too many tests\n");
        exit(2);
    }
    check_tests[check_count].name = name;
    check_tests[check_count].fn = fn;
    check_count++;
}

#define TEST(name)                                                            \
    static void test_##name(void);                                            \
    __attribute__((constructor)) static void register_##name(void)            \
    {                                                                         \
        check_register(#name, test_##name);                                   \
    }                                                                         \
    static void test_##name(void)

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond) && !check_failed_now++)                                   \
            snprintf(check_failure, sizeof check_failure, "%s:%d: %s",        \
                     __FILE__, __LINE__, #cond);                              \
    } while (0)

/* Evaluates cond once (it may have side effects), like CHECK, and leaves the
   test on failure. */
#define REQUIRE(cond)                                                         \
    do {                                                                      \
        if (!(cond)) {                                                        \
            if (!check_failed_now++)                                          \
                snprintf(check_failure, sizeof check_failure, "%s:%d: %s",    \
                         __FILE__, __LINE__, #cond);                          \
            return;                                                           \
        }                                                                     \
    } while (0)

int main(void)
{
    int failed = 0;
    for (int i = 0; i < check_count; i++) {
        check_failed_now = 0;
        check_tests[i].fn();
        if (check_failed_now) {
            printf("FAIL %s: %s\n", check_tests[i].name, check_failure);
            failed++;
        } else {
            printf("PASS %s\n", check_tests[i].name);
        }
        fflush(stdout);
    }
    return failed ? 1 : 0;
}

#endif
