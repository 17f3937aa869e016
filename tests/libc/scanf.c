/* scanf.c: sscanf conversions, widths, suppression and return values. */
#include <stdio.h>
#include <string.h>
#include "check.h"

static void sscanf_reads_numbers(void)
{
    int a = 0, b = 0;
    unsigned u = 0;
    long l = 0;
    long long ll = 0;
    CHECK(sscanf("12 -34", "%d %d", &a, &b) == 2 && a == 12 && b == -34);
    CHECK(sscanf("0x1f 017 10", "%i %i %i", &a, &b, (int *)&u) == 3 && a == 31 && b == 15 && u == 10);
    CHECK(sscanf("ff 777", "%x %o", &a, &b) == 2 && a == 255 && b == 511);
    CHECK(sscanf("4000000000 -9000000000", "%u %lld", &u, &ll) == 2 && u == 4000000000u &&
          ll == -9000000000LL);
    CHECK(sscanf("123456789012", "%ld", &l) == 1 && l == 123456789012L);
    CHECK(sscanf("12345", "%3d%d", &a, &b) == 2 && a == 123 && b == 45);
    double d = 0;
    float f = 0;
    CHECK(sscanf("2.5 -1e3", "%lf %f", &d, &f) == 2 && d == 2.5 && f == -1000.0f);
    short h = 0;
    signed char c = 0;
    CHECK(sscanf("300 65", "%hd %hhd", &h, &c) == 2 && h == 300 && c == 65);
}

static void sscanf_reads_strings_and_sets(void)
{
    char w1[32], w2[32], set[32];
    CHECK(sscanf("  hello   world ", "%s %s", w1, w2) == 2);
    CHECK_STR(w1, "hello");
    CHECK_STR(w2, "world");
    CHECK(sscanf("abcdef", "%3s", w1) == 1);
    CHECK_STR(w1, "abc");
    char ch[3] = { 0 };
    CHECK(sscanf("xy", "%c%c", &ch[0], &ch[1]) == 2 && ch[0] == 'x' && ch[1] == 'y');
    CHECK(sscanf("key=value;rest", "%[a-z]=%[^;]", w1, set) == 2);
    CHECK_STR(w1, "key");
    CHECK_STR(set, "value");
    CHECK(sscanf("1234 (init) S 0", "%*d (%[^)]) %c", w1, &ch[0]) == 2);
    CHECK_STR(w1, "init");
    CHECK(ch[0] == 'S');
}

static void sscanf_counts_and_stops(void)
{
    int a = 0, b = 0, n = 0;
    CHECK(sscanf("", "%d", &a) == EOF);
    CHECK(sscanf("   ", "%d", &a) == EOF);
    CHECK(sscanf("abc", "%d", &a) == 0);
    CHECK(sscanf("5 x", "%d %d", &a, &b) == 1 && a == 5);
    CHECK(sscanf("5:6", "%d:%d%n", &a, &b, &n) == 2 && b == 6 && n == 3);
    CHECK(sscanf("100%", "%d%%", &a) == 1 && a == 100);
    CHECK(sscanf("7 8", "%*d %d", &a) == 1 && a == 8);
}

int main(void)
{
    RUN(sscanf_reads_numbers);
    RUN(sscanf_reads_strings_and_sets);
    RUN(sscanf_counts_and_stops);
    return check_total_failed != 0;
}
