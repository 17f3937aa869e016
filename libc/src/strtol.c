/* strtol.c: string to number conversions (strtol family, atoi, strtod). */
#include <stdlib.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <strings.h>

static int digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    if (islower(c))
        return c - 'a' + 10;
    if (isupper(c))
        return c - 'A' + 10;
    return 99;
}

/*
 * The common parser: optional space, sign, "0x" for base 16 or 0, octal for
 * base 0 with a leading 0.  Accumulates the magnitude as unsigned, stopping
 * at `limit`; sets *overflow when the digits exceed it.  *end gets the first
 * unparsed character, or s itself when there are no digits.
 */
static unsigned long long parse(const char *s, char **end, int base, unsigned long long limit,
                                int *neg, int *overflow)
{
    const char *p = s;
    unsigned long long v = 0;
    int any = 0;
    *neg = 0;
    *overflow = 0;
    if (base < 0 || base == 1 || base > 36) {
        errno = EINVAL;
        if (end)
            *end = (char *)s;
        return 0;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        *neg = *p++ == '-';
    if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
        digit_value((unsigned char)p[2]) < 16) {
        p += 2;
        base = 16;
    } else if (base == 0) {
        base = *p == '0' ? 8 : 10;
    }
    for (;; p++) {
        int d = digit_value((unsigned char)*p);
        if (d >= base)
            break;
        any = 1;
        if (v > (limit - (unsigned)d) / (unsigned)base)
            *overflow = 1;
        else
            v = v * (unsigned)base + (unsigned)d;
    }
    if (end)
        *end = (char *)(any ? p : s);
    return v;
}

long long strtoll(const char *s, char **end, int base)
{
    int neg, ovf;
    unsigned long long v = parse(s, end, base, ULLONG_MAX, &neg, &ovf);
    if (!neg && (ovf || v > LLONG_MAX)) {
        errno = ERANGE;
        return LLONG_MAX;
    }
    if (neg && (ovf || v > (unsigned long long)LLONG_MAX + 1)) {
        errno = ERANGE;
        return LLONG_MIN;
    }
    return neg ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *s, char **end, int base) { return strtoll(s, end, base); }

/* Like C says: a minus sign negates the value in the unsigned type. */
unsigned long long strtoull(const char *s, char **end, int base)
{
    int neg, ovf;
    unsigned long long v = parse(s, end, base, ULLONG_MAX, &neg, &ovf);
    if (ovf) {
        errno = ERANGE;
        return ULLONG_MAX;
    }
    return neg ? 0 - v : v;
}

unsigned long strtoul(const char *s, char **end, int base) { return strtoull(s, end, base); }

int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }
long long atoll(const char *s) { return strtoll(s, 0, 10); }

/* Decimal (and inf/nan) to double: digits are gathered into a 64-bit
 * mantissa and scaled by powers of ten in long double, which is exact for
 * most everyday inputs but not correctly rounded in every case. */
double strtod(const char *s, char **end)
{
    const char *p = s;
    int neg = 0, any = 0, exp10 = 0;
    unsigned long long mant = 0;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    if (!strncasecmp(p, "inf", 3)) {
        p += !strncasecmp(p, "infinity", 8) ? 8 : 3;
        if (end)
            *end = (char *)p;
        return neg ? -__builtin_inf() : __builtin_inf();
    }
    if (!strncasecmp(p, "nan", 3)) {
        if (end)
            *end = (char *)p + 3;
        return neg ? -__builtin_nan("") : __builtin_nan("");
    }
    for (; isdigit((unsigned char)*p); p++, any = 1) {
        if (mant < 1000000000000000000ULL)
            mant = mant * 10 + (unsigned)(*p - '0');
        else
            exp10++;
    }
    if (*p == '.') {
        for (p++; isdigit((unsigned char)*p); p++, any = 1) {
            if (mant < 1000000000000000000ULL) {
                mant = mant * 10 + (unsigned)(*p - '0');
                exp10--;
            }
        }
    }
    if (!any) {
        if (end)
            *end = (char *)s;
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        int eneg = 0, e = 0, edig = 0;
        if (*q == '+' || *q == '-')
            eneg = *q++ == '-';
        for (; isdigit((unsigned char)*q); q++, edig = 1)
            if (e < 100000)
                e = e * 10 + (*q - '0');
        if (edig) {
            exp10 += eneg ? -e : e;
            p = q;
        }
    }
    if (end)
        *end = (char *)p;
    long double v = (long double)mant, scale = 1, base = 10;
    int e = exp10 < 0 ? -exp10 : exp10;
    for (; e; e >>= 1, base *= base)
        if (e & 1)
            scale *= base;
    v = exp10 < 0 ? v / scale : v * scale;
    double d = (double)v;
    if (mant && (d == 0 || d == __builtin_inf()))
        errno = ERANGE;
    return neg ? -d : d;
}

double atof(const char *s) { return strtod(s, 0); }

float strtof(const char *s, char **end) { return (float)strtod(s, end); }
long double strtold(const char *s, char **end) { return strtod(s, end); }
