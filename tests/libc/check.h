/*
 * check.h: a tiny test vocabulary for programs that must build unchanged
 * with our libc, glibc and musl.  Each CHECK prints nothing when it holds;
 * each TEST_END prints "PASS name" or "FAIL name: first failed check".
 */
#ifndef LIBC_TEST_CHECK_H
#define LIBC_TEST_CHECK_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int check_failed;
static char check_detail[512];
static int check_total_failed;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond) && !check_failed) {                                              \
            check_failed = 1;                                                        \
            snprintf(check_detail, sizeof(check_detail), "line %d: %s", __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_STR(a, b)                                                              \
    do {                                                                             \
        const char *check_a_ = (a), *check_b_ = (b);                                 \
        if (strcmp(check_a_, check_b_) && !check_failed) {                           \
            check_failed = 1;                                                        \
            snprintf(check_detail, sizeof(check_detail), "line %d: \"%s\" != \"%s\"", \
                     __LINE__, check_a_, check_b_);                                  \
        }                                                                            \
    } while (0)

static void test_end(const char *name)
{
    if (check_failed)
        printf("FAIL %s: %s\n", name, check_detail);
    else
        printf("PASS %s\n", name);
    fflush(stdout);
    check_total_failed += check_failed;
    check_failed = 0;
}

#define RUN(fn) (fn(), test_end(#fn))

/* Reads fd until end of file or until cap bytes arrived: how many did. */
static inline size_t read_until_eof(int fd, char *buf, size_t cap)
{
    size_t total = 0;
    ssize_t n;
    while (total < cap && (n = read(fd, buf + total, cap - total)) > 0)
        total += (size_t)n;
    return total;
}

#endif
