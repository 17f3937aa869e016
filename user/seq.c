/*
 * seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST: prints numbers from FIRST
 * (1) by INCREMENT (1) up to LAST, as coreutils' seq: as many decimals as
 * the arguments have, -w pads with zeros to equal width, -s puts SEP
 * between numbers instead of a newline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Digits after the decimal point in a number as written. */
static int decimals(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot)
        return 0;
    const char *e = dot + 1;
    while (*e >= '0' && *e <= '9')
        e++;
    return (int)(e - dot - 1);
}

static int number(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return *s && !*end;
}

int main(int argc, char **argv)
{
    const char *sep = "\n";
    int width = 0, i = 1;
    for (; i < argc && argv[i][0] == '-' && (argv[i][1] < '0' || argv[i][1] > '9') && argv[i][1] != '.'; i++) {
        if (!strcmp(argv[i], "-s") && i + 1 < argc)
            sep = argv[++i];
        else if (!strncmp(argv[i], "-s", 2) && argv[i][2])
            sep = argv[i] + 2;
        else if (!strcmp(argv[i], "-w"))
            width = 1;
        else if (!strcmp(argv[i], "--"))
            { i++; break; }
        else {
            fprintf(stderr, "seq: invalid option -- '%s'\nusage: seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST\n",
                    argv[i] + 1);
            return 1;
        }
    }
    int n = argc - i;
    if (n < 1 || n > 3) {
        fputs(n < 1 ? "seq: missing operand\n" : "seq: extra operand\n", stderr);
        return 1;
    }
    double first = 1, step = 1, last;
    const char *a[3] = { "1", "1", argv[argc - 1] };
    if (n >= 2)
        a[0] = argv[i];
    if (n == 3)
        a[1] = argv[i + 1];
    if (!number(a[0], &first) || !number(a[1], &step) || !number(a[2], &last)) {
        for (int k = i; k < argc; k++) {
            double d;
            if (!number(argv[k], &d)) {
                fprintf(stderr, "seq: invalid floating point argument: '%s'\n", argv[k]);
                break;
            }
        }
        return 1;
    }
    if (step == 0) {
        fprintf(stderr, "seq: invalid Zero increment value: '%s'\n", a[1]);
        return 1;
    }
    int prec = decimals(a[0]) > decimals(a[1]) ? decimals(a[0]) : decimals(a[1]);
    int w = 0;
    if (width) { /* as wide as the widest of FIRST and LAST, printed with prec decimals */
        char b1[64], b2[64];
        int l1 = snprintf(b1, sizeof(b1), "%.*f", prec, first);
        int l2 = snprintf(b2, sizeof(b2), "%.*f", prec, last);
        w = l1 > l2 ? l1 : l2;
    }
    int printed = 0;
    for (long k = 0;; k++) {
        double v = first + (double)k * step;
        if (step > 0 ? v > last + 1e-10 * (step) : v < last + 1e-10 * step)
            break;
        if (printed)
            fputs(sep, stdout);
        printf(width ? "%0*.*f" : "%*.*f", w, prec, v);
        printed = 1;
    }
    if (printed)
        putchar('\n');
    return 0;
}
