/*
 * printf.c: the printf family.  One formatter (__vformat) writes into a
 * sink, which is either a stream or a bounded string.  Conversions: d i u o
 * x X c s p n m %, and f F e E g G (see float.c); flags - + space # 0;
 * width and precision (numbers or *); lengths hh h l ll z j t L.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stddef.h>
#include <errno.h>
#include <unistd.h>
#include "stdio_impl.h"

#define FLAG_LEFT 1
#define FLAG_PLUS 2
#define FLAG_SPACE 4
#define FLAG_ALT 8
#define FLAG_ZERO 16
#define FLOAT_BUF 1600    /* 309 integer digits + FLOAT_PREC_MAX + sign/exponent */
#define FLOAT_PREC_MAX 1000

void __sink_put(struct sink *s, const char *p, size_t n)
{
    if (s->file) {
        fwrite(p, 1, n, s->file);
    } else if (s->count + 1 < s->cap) {
        size_t room = s->cap - 1 - s->count;
        memcpy(s->str + s->count, p, n < room ? n : room);
    }
    s->count += n;
}

static void pad(struct sink *s, char c, int n)
{
    char chunk[32];
    memset(chunk, c, sizeof(chunk));
    while (n > 0) {
        int k = n < (int)sizeof(chunk) ? n : (int)sizeof(chunk);
        __sink_put(s, chunk, (size_t)k);
        n -= k;
    }
}

/* Emits prefix (sign or 0x), zeros, then body, padded to width. */
static void emit(struct sink *s, int flags, int width, const char *prefix, int zeros,
                 const char *body, int len)
{
    int plen = (int)strlen(prefix);
    int total = plen + zeros + len;
    if (!(flags & FLAG_LEFT) && !(flags & FLAG_ZERO))
        pad(s, ' ', width - total);
    __sink_put(s, prefix, (size_t)plen);
    if (!(flags & FLAG_LEFT) && (flags & FLAG_ZERO))
        pad(s, '0', width - total);
    pad(s, '0', zeros);
    __sink_put(s, body, (size_t)len);
    if (flags & FLAG_LEFT)
        pad(s, ' ', width - total);
}

static void format_integer(struct sink *s, uintmax_t v, int negative, int conv, int flags,
                           int width, int prec)
{
    char buf[64];
    int len = 0, base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
    const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    char prefix[3] = "";
    for (uintmax_t t = v; t; t /= (unsigned)base)
        buf[sizeof(buf) - 1 - len++] = digits[t % (unsigned)base];
    if (prec < 0)
        prec = 1;
    else
        flags &= ~FLAG_ZERO;   /* a precision overrides the 0 flag for integers */
    int zeros = prec > len ? prec - len : 0;
    if (negative)
        strcpy(prefix, "-");
    else if ((conv == 'd' || conv == 'i') && (flags & FLAG_PLUS))
        strcpy(prefix, "+");
    else if ((conv == 'd' || conv == 'i') && (flags & FLAG_SPACE))
        strcpy(prefix, " ");
    if (flags & FLAG_ALT) {
        if (conv == 'o' && zeros == 0 && (len == 0 || buf[sizeof(buf) - len] != '0'))
            zeros = 1;
        if ((conv == 'x' || conv == 'X') && v)
            strcpy(prefix, conv == 'x' ? "0x" : "0X");
    }
    if (conv == 'p')
        strcpy(prefix, "0x");
    emit(s, flags, width, prefix, zeros, buf + sizeof(buf) - len, len);
}

static void format_float(struct sink *s, long double lv, int conv, int flags, int width, int prec)
{
    char buf[FLOAT_BUF];
    double x = (double)lv;
    if (prec < 0)
        prec = 6;
    if (prec > FLOAT_PREC_MAX)
        prec = FLOAT_PREC_MAX;
    int neg = __builtin_signbit(x) != 0;
    if (neg)
        x = -x;
    int len = __format_double(buf, sizeof(buf), x, conv, prec, flags & FLAG_ALT);
    const char *prefix = neg ? "-" : (flags & FLAG_PLUS) ? "+" : (flags & FLAG_SPACE) ? " " : "";
    if (__builtin_isinf(x) || __builtin_isnan(x))
        flags &= ~FLAG_ZERO;
    emit(s, flags, width, prefix, 0, buf, len);
}

int __vformat(struct sink *s, const char *fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    int saved_errno = errno;
    while (*fmt) {
        const char *pct = strchr(fmt, '%');
        if (!pct) {
            __sink_put(s, fmt, strlen(fmt));
            break;
        }
        __sink_put(s, fmt, (size_t)(pct - fmt));
        fmt = pct + 1;

        int flags = 0, width = 0, prec = -1;
        for (;; fmt++) {
            if (*fmt == '-') flags |= FLAG_LEFT;
            else if (*fmt == '+') flags |= FLAG_PLUS;
            else if (*fmt == ' ') flags |= FLAG_SPACE;
            else if (*fmt == '#') flags |= FLAG_ALT;
            else if (*fmt == '0') flags |= FLAG_ZERO;
            else break;
        }
        if (*fmt == '*') {
            width = va_arg(args, int);
            if (width < 0) {
                flags |= FLAG_LEFT;
                width = -width;
            }
            fmt++;
        } else {
            while (*fmt >= '0' && *fmt <= '9')
                width = width * 10 + (*fmt++ - '0');
        }
        if (*fmt == '.') {
            fmt++;
            prec = 0;
            if (*fmt == '*') {
                prec = va_arg(args, int);
                fmt++;
            } else {
                while (*fmt >= '0' && *fmt <= '9')
                    prec = prec * 10 + (*fmt++ - '0');
            }
        }
        if (flags & FLAG_LEFT)
            flags &= ~FLAG_ZERO;

        /* Length: how many bytes the argument has. */
        int size = sizeof(int);
        int is_char = 0, is_short = 0, is_long_double = 0;
        if (*fmt == 'h') {
            fmt++;
            if (*fmt == 'h') {
                fmt++;
                is_char = 1;
            } else {
                is_short = 1;
            }
        } else if (*fmt == 'l') {
            fmt++;
            size = sizeof(long);
            if (*fmt == 'l') {
                fmt++;
                size = sizeof(long long);
            }
        } else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't') {
            fmt++;
            size = sizeof(long);
        } else if (*fmt == 'L') {
            fmt++;
            is_long_double = 1;
        }

        int conv = *fmt ? *fmt++ : 0;
        switch (conv) {
        case 'd':
        case 'i': {
            intmax_t v = size == sizeof(int) ? va_arg(args, int) : va_arg(args, long);
            if (is_char)
                v = (signed char)v;
            else if (is_short)
                v = (short)v;
            format_integer(s, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0, conv, flags, width, prec);
            break;
        }
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
            uintmax_t v = size == sizeof(int) ? va_arg(args, unsigned) : va_arg(args, unsigned long);
            if (is_char)
                v = (unsigned char)v;
            else if (is_short)
                v = (unsigned short)v;
            format_integer(s, v, 0, conv, flags, width, prec);
            break;
        }
        case 'p': {
            void *p = va_arg(args, void *);
            if (!p)   /* glibc's spelling of a null pointer */
                emit(s, flags & FLAG_LEFT, width, "", 0, "(nil)", 5);
            else
                format_integer(s, (uintptr_t)p, 0, 'p', flags, width, prec);
            break;
        }
        case 'c': {
            char c = (char)va_arg(args, int);
            emit(s, flags & FLAG_LEFT, width, "", 0, &c, 1);
            break;
        }
        case 's':
        case 'm': {
            const char *str = conv == 'm' ? strerror(saved_errno) : va_arg(args, const char *);
            if (!str)
                str = prec < 0 || prec >= 6 ? "(null)" : "";
            int len = (int)(prec < 0 ? strlen(str) : strnlen(str, (size_t)prec));
            emit(s, flags & FLAG_LEFT, width, "", 0, str, len);
            break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
            long double v = is_long_double ? va_arg(args, long double) : va_arg(args, double);
            format_float(s, v, conv, flags, width, prec);
            break;
        }
        case 'n': {
            void *p = va_arg(args, void *);
            if (is_char)
                *(signed char *)p = (signed char)s->count;
            else if (is_short)
                *(short *)p = (short)s->count;
            else if (size == sizeof(long))
                *(long *)p = (long)s->count;
            else
                *(int *)p = (int)s->count;
            break;
        }
        case '%':
            __sink_put(s, "%", 1);
            break;
        default:   /* unknown conversion: print it as written */
            __sink_put(s, pct, (size_t)(fmt - pct));
            break;
        }
    }
    va_end(args);
    return (int)s->count;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    struct sink s = { f, 0, 0, 0 };
    int had_error = ferror(f);
    /* An unbuffered stream would otherwise see one write per piece. */
    char local[BUFSIZ];
    int unbuffered = f->mode == _IONBF && f->buf == 0;
    if (unbuffered) {
        f->buf = local;
        f->size = sizeof(local);
        f->mode = _IOFBF;
    }
    int n = __vformat(&s, fmt, ap);
    if (unbuffered) {
        __file_write_out(f);
        f->buf = 0;
        f->size = 0;
        f->mode = _IONBF;
    }
    return !had_error && ferror(f) ? -1 : n;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int vsnprintf(char *str, size_t n, const char *fmt, va_list ap)
{
    struct sink s = { 0, str, n, 0 };
    int r = __vformat(&s, fmt, ap);
    if (n)
        str[s.count < n ? s.count : n - 1] = 0;
    return r;
}

int vsprintf(char *str, const char *fmt, va_list ap) { return vsnprintf(str, SIZE_MAX, fmt, ap); }

int vdprintf(int fd, const char *fmt, va_list ap)
{
    char buf[BUFSIZ];
    struct pl_file f = { fd, F_WRITE | F_MODE_SET, _IOFBF, buf, sizeof(buf), 0, 0, 0, EOF, 0 };
    struct sink s = { &f, 0, 0, 0 };
    int n = __vformat(&s, fmt, ap);
    return __file_write_out(&f) ? -1 : n;
}

#define VARIADIC(call, last)      \
    va_list ap;                   \
    va_start(ap, last);           \
    int r = call;                 \
    va_end(ap);                   \
    return r

int printf(const char *fmt, ...) { VARIADIC(vfprintf(stdout, fmt, ap), fmt); }
int fprintf(FILE *f, const char *fmt, ...) { VARIADIC(vfprintf(f, fmt, ap), fmt); }
int dprintf(int fd, const char *fmt, ...) { VARIADIC(vdprintf(fd, fmt, ap), fmt); }
int sprintf(char *str, const char *fmt, ...) { VARIADIC(vsprintf(str, fmt, ap), fmt); }
int snprintf(char *str, size_t n, const char *fmt, ...) { VARIADIC(vsnprintf(str, n, fmt, ap), fmt); }
