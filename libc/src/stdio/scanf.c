/*
 * scanf.c: sscanf and vsscanf, reading from a string.  Conversions: d i u o
 * x X c s [set] n % and a e f g (via strtod); lengths hh h l ll z j t L;
 * assignment suppression (*) and widths.  Returns the number of assigned
 * items, or EOF if the input ended before the first conversion.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum size { SZ_CHAR, SZ_SHORT, SZ_INT, SZ_LONG, SZ_LONG_DOUBLE };

static void store_int(void *p, enum size sz, unsigned long long v)
{
    switch (sz) {
    case SZ_CHAR: *(char *)p = (char)v; break;
    case SZ_SHORT: *(short *)p = (short)v; break;
    case SZ_INT: *(int *)p = (int)v; break;
    default: *(long *)p = (long)v; break;
    }
}

/* The closing ']' of a scanset whose text starts at set (after the '['). */
static const char *scanset_end(const char *set)
{
    const char *p = set;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']')
        p++;
    return p;
}

/* Whether c is in the scanset set..end (a leading ^ negates; a-z ranges). */
static int in_scanset(const char *set, const char *end, unsigned char c)
{
    int negate = *set == '^';
    if (negate)
        set++;
    int found = 0;
    for (const char *p = set; p < end; p++) {
        if (p[1] == '-' && p + 2 < end) {
            if (c >= (unsigned char)p[0] && c <= (unsigned char)p[2])
                found = 1;
            p += 2;
        } else if ((unsigned char)*p == c) {
            found = 1;
        }
    }
    return found != negate;
}

/* %s and %[ store the n matched characters and a terminating NUL. */
static void store_string(char *out, const char *s, size_t n)
{
    memcpy(out, s, n);
    out[n] = 0;
}

int vsscanf(const char *str, const char *fmt, va_list ap)
{
    const char *s = str;
    int assigned = 0, converted_any = 0;
    while (*fmt) {
        if (isspace((unsigned char)*fmt)) {
            while (isspace((unsigned char)*fmt))
                fmt++;
            while (isspace((unsigned char)*s))
                s++;
            continue;
        }
        if (*fmt != '%' || fmt[1] == '%') {
            if (*fmt == '%') {
                fmt++;
                while (isspace((unsigned char)*s))
                    s++;
            }
            if (*s != *fmt)
                break;
            s++;
            fmt++;
            continue;
        }
        fmt++;
        int suppress = 0, width = 0;
        enum size sz = SZ_INT;
        if (*fmt == '*') {
            suppress = 1;
            fmt++;
        }
        while (isdigit((unsigned char)*fmt))
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'h') {
            sz = fmt[1] == 'h' ? SZ_CHAR : SZ_SHORT;
            fmt += fmt[1] == 'h' ? 2 : 1;
        } else if (*fmt == 'l') {
            sz = SZ_LONG;
            fmt += fmt[1] == 'l' ? 2 : 1;
        } else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') {
            sz = SZ_LONG;
            fmt++;
        } else if (*fmt == 'L') {
            sz = SZ_LONG_DOUBLE;
            fmt++;
        }
        int conv = *fmt++;
        if (conv == 'n') {
            if (!suppress)
                store_int(va_arg(ap, void *), sz, (unsigned long long)(s - str));
            continue;
        }
        if (conv != 'c' && conv != '[')
            while (isspace((unsigned char)*s))
                s++;
        if (!*s)
            return converted_any || assigned ? assigned : EOF;
        /* A width limits how much of the input a conversion may see. */
        char field[512];
        size_t avail = strlen(s);
        size_t lim = width > 0 && (size_t)width < avail ? (size_t)width : avail;
        if (lim >= sizeof(field))
            lim = sizeof(field) - 1;
        memcpy(field, s, lim);
        field[lim] = 0;
        /* Strings are not copied through field[], so only the width limits them. */
        size_t text_lim = width > 0 ? (size_t)width : avail;
        char *end;
        switch (conv) {
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
            int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
            unsigned long long v = conv == 'd' || conv == 'i'
                ? (unsigned long long)strtoll(field, &end, base) : strtoull(field, &end, base);
            if (end == field)
                return assigned;
            s += end - field;
            if (!suppress) {
                store_int(va_arg(ap, void *), sz, v);
                assigned++;
            }
            break;
        }
        case 'a': case 'e': case 'f': case 'g': case 'E': case 'G': {
            double v = strtod(field, &end);
            if (end == field)
                return assigned;
            s += end - field;
            if (!suppress) {
                if (sz == SZ_LONG)
                    *va_arg(ap, double *) = v;
                else if (sz == SZ_LONG_DOUBLE)
                    *va_arg(ap, long double *) = v;
                else
                    *va_arg(ap, float *) = (float)v;
                assigned++;
            }
            break;
        }
        case 's': {
            size_t n = 0;
            while (n < text_lim && s[n] && !isspace((unsigned char)s[n]))
                n++;
            if (!suppress) {
                store_string(va_arg(ap, char *), s, n);
                assigned++;
            }
            s += n;
            break;
        }
        case 'c': {
            size_t n = width > 0 ? (size_t)width : 1;
            if (strlen(s) < n)
                return assigned;
            if (!suppress) {
                memcpy(va_arg(ap, char *), s, n);
                assigned++;
            }
            s += n;
            break;
        }
        case '[': {
            const char *end_set = scanset_end(fmt);
            size_t n = 0;
            while (n < text_lim && s[n] && in_scanset(fmt, end_set, (unsigned char)s[n]))
                n++;
            fmt = *end_set ? end_set + 1 : end_set;
            if (n == 0)
                return assigned;
            if (!suppress) {
                store_string(va_arg(ap, char *), s, n);
                assigned++;
            }
            s += n;
            break;
        }
        default:
            return assigned;
        }
        converted_any = 1;
    }
    return assigned;
}

int sscanf(const char *str, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsscanf(str, fmt, ap);
    va_end(ap);
    return r;
}
