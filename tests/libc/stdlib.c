/* stdlib.c: strtol family edge cases, qsort/bsearch, the allocator under stress,
 * environment and atexit. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

static void strtol_parses_bases_signs_and_end(void)
{
    char *end;
    CHECK(strtol("  -42xyz", &end, 10) == -42 && !strcmp(end, "xyz"));
    CHECK(strtol("0x1F", &end, 0) == 31 && *end == 0);
    CHECK(strtol("0X1f", &end, 16) == 31 && *end == 0);
    CHECK(strtol("017", &end, 0) == 15);
    CHECK(strtol("z", &end, 36) == 35);
    CHECK(strtol("+7", &end, 10) == 7);
    CHECK(strtol("101", &end, 2) == 5 && *end == 0);
    CHECK(strtol("0x", &end, 16) == 0 && !strcmp(end, "x"));   /* "0" then junk */
    CHECK(strtol("   ", &end, 10) == 0 && !strcmp(end, "   "));  /* no digits: end = start */
    CHECK(strtol("-", &end, 10) == 0 && !strcmp(end, "-"));
    CHECK(atoi("123abc") == 123 && atol("-9") == -9 && atoll("77") == 77);
}

static void strtol_saturates_with_erange(void)
{
    char *end;
    errno = 0;
    CHECK(strtol("9223372036854775807", &end, 10) == LONG_MAX && errno == 0);
    CHECK(strtol("9223372036854775808", &end, 10) == LONG_MAX && errno == ERANGE && *end == 0);
    errno = 0;
    CHECK(strtol("-9223372036854775808", &end, 10) == LONG_MIN && errno == 0);
    CHECK(strtol("-9223372036854775809", &end, 10) == LONG_MIN && errno == ERANGE);
    errno = 0;
    CHECK(strtoll("99999999999999999999999", &end, 10) == LLONG_MAX && errno == ERANGE && *end == 0);
    errno = 0;
    CHECK(strtoul("18446744073709551615", &end, 10) == ULONG_MAX && errno == 0);
    CHECK(strtoul("18446744073709551616", &end, 10) == ULONG_MAX && errno == ERANGE);
    errno = 0;
    CHECK(strtoul("-1", &end, 10) == ULONG_MAX && errno == 0);   /* negated in the unsigned type */
    CHECK(strtoull("0xffffffffffffffff", &end, 16) == ULLONG_MAX);
}

static void strtod_reads_decimal_and_exponent(void)
{
    char *end;
    CHECK(strtod("1.5", &end) == 1.5 && *end == 0);
    CHECK(strtod("-2.5e3x", &end) == -2500.0 && *end == 'x');
    CHECK(strtod("1e-3", &end) == 0.001);
    CHECK(strtod(".25", &end) == 0.25);
    CHECK(strtod("abc", &end) == 0 && !strcmp(end, "abc"));
    CHECK(atof("3.0") == 3.0);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

struct rec { char key[24]; int value; };
static int cmp_rec(const void *a, const void *b)
{
    return strcmp(((const struct rec *)a)->key, ((const struct rec *)b)->key);
}

static void qsort_sorts_and_bsearch_finds(void)
{
    static int a[5000];
    unsigned seed = 12345;
    long sum = 0, sum_after = 0;
    for (int i = 0; i < 5000; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (int)(seed >> 8) % 1000 - 500;   /* many duplicates */
        sum += a[i];
    }
    qsort(a, 5000, sizeof(int), cmp_int);
    for (int i = 0; i < 5000; i++) {
        sum_after += a[i];
        if (i)
            CHECK(a[i - 1] <= a[i]);
    }
    CHECK(sum == sum_after);
    int key = a[1234];
    int *found = bsearch(&key, a, 5000, sizeof(int), cmp_int);
    CHECK(found && *found == key);
    key = 100000;
    CHECK(bsearch(&key, a, 5000, sizeof(int), cmp_int) == NULL);

    struct rec r[4] = { { "delta", 4 }, { "alpha", 1 }, { "charlie", 3 }, { "bravo", 2 } };
    qsort(r, 4, sizeof(r[0]), cmp_rec);   /* elements larger than a word */
    CHECK(r[0].value == 1 && r[1].value == 2 && r[2].value == 3 && r[3].value == 4);
    qsort(r, 0, sizeof(r[0]), cmp_rec);
    qsort(r, 1, sizeof(r[0]), cmp_rec);
}

/* Every live block is filled with a pattern derived from its index; any
 * overlap or lost realloc content breaks a pattern. */
static void malloc_stress_keeps_contents(void)
{
    enum { SLOTS = 512, ROUNDS = 20000 };
    static unsigned char *blocks[SLOTS];
    static size_t sizes[SLOTS];
    unsigned seed = 777;
    int bad = 0;
    for (int round = 0; round < ROUNDS; round++) {
        seed = seed * 1103515245u + 12345u;
        int slot = (int)((seed >> 8) % SLOTS);
        seed = seed * 1103515245u + 12345u;
        size_t size = (seed >> 8) % 4 == 0 ? (seed >> 4) % 300000 : (seed >> 12) % 2000;
        unsigned char *p = blocks[slot];
        if (p) {
            for (size_t i = 0; i < sizes[slot]; i += 97)
                bad += p[i] != (unsigned char)(slot + i);
        }
        if (p && round % 3 == 0) {
            p = realloc(p, size + 1);
            CHECK(p != NULL);
            size_t keep = sizes[slot] < size + 1 ? sizes[slot] : size + 1;
            for (size_t i = 0; i < keep; i += 97)
                bad += p[i] != (unsigned char)(slot + i);
        } else {
            free(p);
            p = malloc(size + 1);
            CHECK(p != NULL);
            CHECK(((uintptr_t)p & 15) == 0);
        }
        for (size_t i = 0; i < size + 1; i++)
            p[i] = (unsigned char)(slot + i);
        blocks[slot] = p;
        sizes[slot] = size + 1;
    }
    for (int s = 0; s < SLOTS; s++)
        free(blocks[s]);
    CHECK(bad == 0);
}

static void calloc_zeroes_and_checks_overflow(void)
{
    for (int i = 0; i < 100; i++) {
        char *p = malloc(200);
        memset(p, 0xaa, 200);
        free(p);
        int *z = calloc(50, sizeof(int));
        for (int k = 0; k < 50; k++)
            CHECK(z[k] == 0);
        free(z);
    }
    volatile size_t huge = SIZE_MAX / 2;   /* volatile: the compiler would warn */
    errno = 0;
    CHECK(calloc(huge, 4) == NULL && errno == ENOMEM);
    CHECK(realloc(NULL, 10) != NULL);
    free(NULL);
}

static void environment_get_set_unset(void)
{
    CHECK(setenv("LIBC_TEST_VAR", "one", 1) == 0);
    CHECK_STR(getenv("LIBC_TEST_VAR"), "one");
    CHECK(setenv("LIBC_TEST_VAR", "two", 0) == 0);
    CHECK_STR(getenv("LIBC_TEST_VAR"), "one");
    CHECK(setenv("LIBC_TEST_VAR", "three", 1) == 0);
    CHECK_STR(getenv("LIBC_TEST_VAR"), "three");
    CHECK(unsetenv("LIBC_TEST_VAR") == 0);
    CHECK(getenv("LIBC_TEST_VAR") == NULL);
    CHECK(setenv("BAD=NAME", "x", 1) == -1 && errno == EINVAL);
    CHECK(getenv("PATH") != NULL);
}

static void integer_helpers(void)
{
    CHECK(abs(-5) == 5 && labs(-5L) == 5 && llabs(-5LL) == 5);
    div_t d = div(-7, 2);
    CHECK(d.quot == -3 && d.rem == -1);
}

static void last(void) { printf("atexit: second registered, runs first\n"); }
static void first(void) { printf("atexit: first registered, runs last\n"); }

int main(void)
{
    RUN(strtol_parses_bases_signs_and_end);
    RUN(strtol_saturates_with_erange);
    RUN(strtod_reads_decimal_and_exponent);
    RUN(qsort_sorts_and_bsearch_finds);
    RUN(malloc_stress_keeps_contents);
    RUN(calloc_zeroes_and_checks_overflow);
    RUN(environment_get_set_unset);
    RUN(integer_helpers);
    atexit(first);
    atexit(last);
    return check_total_failed != 0;
}
