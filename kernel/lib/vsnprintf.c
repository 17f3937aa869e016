/*
 * kernel/lib/vsnprintf.c: the printf formatting engine, shared by printk
 * and snprintf.  Pure C with no kernel dependencies, so it is also built
 * and unit-tested on the host (tests/host/test_vsnprintf.c).
 */
#include "kernel/lib/printk.h"
#include <stdint.h>
#include <stdbool.h>

struct out {
    char *buf;
    size_t size;
    size_t len; /* bytes the full output needs so far */
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

struct spec {
    bool left, zero, plus, space, alt;
    int width;
    int precision; /* -1 when absent */
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
    if (!s)
        s = "(null)";
    int n = 0;
    while (s[n] && (sp->precision < 0 || n < sp->precision))
        n++;
    if (!sp->left)
        pad(o, ' ', sp->width - n);
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        pad(o, ' ', sp->width - n);
}

static void put_num(struct out *o, uint64_t v, bool negative, unsigned base, bool upper,
                    const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (sp->precision == 0 && n == 1 && tmp[0] == '0')
        n = 0;

    const char *prefix = "";
    if (negative)
        prefix = "-";
    else if (sp->plus)
        prefix = "+";
    else if (sp->space)
        prefix = " ";
    else if (sp->alt && base == 16)
        prefix = upper ? "0X" : "0x";
    else if (sp->alt && base == 8)
        prefix = "0";
    int plen = 0;
    while (prefix[plen])
        plen++;

    int zeros = sp->precision > n ? sp->precision - n : 0;
    int total = plen + zeros + n;
    if (!sp->left && sp->zero && sp->precision < 0) {
        zeros += sp->width > total ? sp->width - total : 0;
        total = plen + zeros + n;
    }
    if (!sp->left)
        pad(o, ' ', sp->width - total);
    for (int i = 0; i < plen; i++)
        put(o, prefix[i]);
    pad(o, '0', zeros);
    while (n > 0)
        put(o, tmp[--n]);
    if (sp->left)
        pad(o, ' ', sp->width - total);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };

    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        struct spec sp = { .precision = -1 };
        for (;;) {
            char f = *++fmt;
            if (f == '-')
                sp.left = true;
            else if (f == '0')
                sp.zero = true;
            else if (f == '+')
                sp.plus = true;
            else if (f == ' ')
                sp.space = true;
            else if (f == '#')
                sp.alt = true;
            else
                break;
        }
        if (*fmt == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                sp.width = sp.width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            sp.precision = 0;
            if (*fmt == '*') {
                sp.precision = va_arg(ap, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    sp.precision = sp.precision * 10 + (*fmt++ - '0');
            }
        }
        int longs = 0; /* 0 int, 1 long, 2 long long; sizes z/t/j are long on x86-64 */
        int shorts = 0;
        for (;; fmt++) {
            if (*fmt == 'l')
                longs++;
            else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
                longs = 1;
            else if (*fmt == 'h')
                shorts++;
            else
                break;
        }

        char c = *fmt;
        if (c == '\0')
            break;
        switch (c) {
        case 'd':
        case 'i': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            if (shorts == 1)
                v = (short)v;
            if (shorts >= 2)
                v = (signed char)v;
            put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, &sp);
            break;
        }
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            uint64_t v = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
            if (shorts == 1)
                v = (unsigned short)v;
            if (shorts >= 2)
                v = (unsigned char)v;
            unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
            put_num(&o, v, false, base, c == 'X', &sp);
            break;
        }
        case 'p':
            sp.alt = true;
            put_num(&o, (uint64_t)(uintptr_t)va_arg(ap, void *), false, 16, false, &sp);
            break;
        case 's':
            put_str(&o, va_arg(ap, const char *), &sp);
            break;
        case 'c': {
            char s[2] = { (char)va_arg(ap, int), 0 };
            sp.precision = 1;
            if (s[0] == 0) { /* a NUL char is still one byte of output */
                if (!sp.left)
                    pad(&o, ' ', sp.width - 1);
                put(&o, 0);
                if (sp.left)
                    pad(&o, ' ', sp.width - 1);
            } else {
                put_str(&o, s, &sp);
            }
            break;
        }
        case '%':
            put(&o, '%');
            break;
        default: /* unknown conversion: print it as written */
            put(&o, '%');
            put(&o, c);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
