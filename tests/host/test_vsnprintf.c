/* Host tests of the kernel's printf engine (kernel/lib/vsnprintf.c). */
#include <stdarg.h>
#include <string.h>
#include "tests/host/check.h"

#define vsnprintf kernel_vsnprintf
#define snprintf kernel_snprintf
#include "kernel/lib/vsnprintf.c"
#undef vsnprintf
#undef snprintf

static int same_as_libc(const char *fmt, ...)
{
    char ours[256], theirs[256];
    va_list a, b;
    va_start(a, fmt);
    va_copy(b, a);
    int n1 = kernel_vsnprintf(ours, sizeof ours, fmt, a);
    int n2 = vsnprintf(theirs, sizeof theirs, fmt, b);
    va_end(a);
    va_end(b);
    if (n1 != n2 || strcmp(ours, theirs) != 0) {
        fprintf(stderr, "format \"%s\": ours \"%s\" (%d), libc \"%s\" (%d)\n", fmt, ours, n1, theirs, n2);
        return 0;
    }
    return 1;
}

TEST(integers_match_libc)
{
    CHECK(same_as_libc("%d %i %u", -42, 17, 3000000000u));
    CHECK(same_as_libc("%ld %lu %lld", -(1L << 40), ~0UL, -9223372036854775807LL - 1));
    CHECK(same_as_libc("%hhd %hd", 300, 70000));
    CHECK(same_as_libc("%zu %zd", (size_t)123456789, (ssize_t)-5));
}

TEST(hex_octal_and_pointers_match_libc)
{
    CHECK(same_as_libc("%x %X %#x %#o %o", 0xbeef, 0xbeef, 0x10, 8, 0));
    CHECK(same_as_libc("%lx %#lx %016lx", 0xffffffff80000000UL, 0x1000UL, 0xabcUL));
    CHECK(same_as_libc("%p", (void *)0xffff800000001000));
}

TEST(widths_precision_and_flags_match_libc)
{
    CHECK(same_as_libc("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42));
    CHECK(same_as_libc("[%.3d] [%8.3d] [%-8.3d] [%.0d]", 7, 7, 7, 0));
    CHECK(same_as_libc("[%*d] [%-*d] [%.*s]", 6, 1, 6, 1, 3, "abcdef"));
    CHECK(same_as_libc("[%10s] [%-10s] [%.2s] [%c] [%%]", "hi", "hi", "hello", 'x'));
    CHECK(same_as_libc("[%05d] [%-05d]", -42, -42));
}

TEST(truncation_reports_full_length_and_terminates)
{
    char buf[8];
    int n = kernel_snprintf(buf, sizeof buf, "%s", "0123456789");
    CHECK(n == 10);
    CHECK(strcmp(buf, "0123456") == 0);
    CHECK(kernel_snprintf(NULL, 0, "%d", 12345) == 5);
}

TEST(null_string_prints_null)
{
    char buf[16];
    kernel_snprintf(buf, sizeof buf, "%s", (char *)NULL);
    CHECK(strcmp(buf, "(null)") == 0);
}
