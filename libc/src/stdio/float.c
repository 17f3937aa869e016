/*
 * float.c: %f %e %g, correctly rounded.
 *
 * A finite double is m * 2^e with integer m.  For e >= 0 that is an integer;
 * for e < 0 it equals (m * 5^-e) / 10^-e.  Either way a big integer in base
 * 10^9 gives every decimal digit of the value exactly, so rounding to the
 * requested digit is exact too: half-way cases (possible only when the
 * value really ends in 5 there) round to even, as glibc does.
 */
#include <string.h>
#include <stdint.h>
#include "stdio_impl.h"

#define LIMB_BASE 1000000000u
#define MAX_LIMBS 100         /* 2^53 * 5^1074 has 767 digits: 86 limbs */
#define MAX_DIGITS (MAX_LIMBS * 9)

struct bigint {
    uint32_t limb[MAX_LIMBS];   /* little endian, base 10^9 */
    int n;
};

static void big_mul(struct bigint *b, uint32_t factor)
{
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) {
        uint64_t v = (uint64_t)b->limb[i] * factor + carry;
        b->limb[i] = (uint32_t)(v % LIMB_BASE);
        carry = v / LIMB_BASE;
    }
    while (carry) {
        b->limb[b->n++] = (uint32_t)(carry % LIMB_BASE);
        carry /= LIMB_BASE;
    }
}

/* The significant digits of x > 0 (finite): value = 0.DIGITS * 10^point.
 * Returns the digit count; trailing zeros are dropped. */
static int exact_digits(double x, char *digits, int *point)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof(bits));
    int biased = (int)((bits >> 52) & 0x7ff);     /* IEEE 754 binary64 fields */
    uint64_t m = bits & ((1ULL << 52) - 1);
    int e;
    if (biased == 0) {
        e = -1074;                                /* subnormal */
    } else {
        m |= 1ULL << 52;
        e = biased - 1075;
    }
    while (!(m & 1)) {
        m >>= 1;
        e++;
    }
    struct bigint b = { { (uint32_t)(m % LIMB_BASE), (uint32_t)(m / LIMB_BASE % LIMB_BASE),
                          (uint32_t)(m / LIMB_BASE / LIMB_BASE) }, 3 };
    while (b.n > 1 && !b.limb[b.n - 1])
        b.n--;
    int frac_digits = 0;
    if (e >= 0) {
        for (; e >= 29; e -= 29)
            big_mul(&b, 1u << 29);
        big_mul(&b, 1u << e);
    } else {
        frac_digits = -e;
        for (e = -e; e >= 13; e -= 13)
            big_mul(&b, 1220703125u);           /* 5^13 */
        uint32_t p5 = 1;
        while (e--)
            p5 *= 5;
        big_mul(&b, p5);
    }
    /* Print the big integer, most significant limb first. */
    int n = 0;
    char tmp[10];
    int first = 1;
    for (int i = b.n - 1; i >= 0; i--) {
        uint32_t v = b.limb[i];
        int k = 9;
        while (k--) {
            tmp[k] = (char)('0' + v % 10);
            v /= 10;
        }
        int start = 0;
        if (first) {
            while (start < 8 && tmp[start] == '0')
                start++;
            first = 0;
        }
        memcpy(digits + n, tmp + start, (size_t)(9 - start));
        n += 9 - start;
    }
    *point = n - frac_digits;
    while (n > 0 && digits[n - 1] == '0')
        n--;
    return n;
}

/* Rounds digits[0..n) to `keep` digits (round half to even); may move point.
 * Returns the new digit count (0 means the value rounded to zero). */
static int round_digits(char *d, int n, int *point, int keep)
{
    if (keep >= n)
        return n;
    if (keep < 0)
        return 0;
    int up;
    if (d[keep] != '5') {
        up = d[keep] > '5';
    } else {
        up = 0;
        for (int i = keep + 1; i < n; i++)
            if (d[i] != '0')
                up = 1;
        if (!up)   /* exactly half-way */
            up = keep > 0 && ((d[keep - 1] - '0') & 1);
    }
    n = keep;
    if (up) {
        int i = keep - 1;
        while (i >= 0 && d[i] == '9')
            i--;
        if (i < 0) {
            d[0] = '1';
            n = 1;
            (*point)++;
        } else {
            d[i]++;
            n = i + 1;
        }
    }
    while (n > 0 && d[n - 1] == '0')
        n--;
    return n;
}

struct out {
    char *p;
    size_t left;
    int len;
};

static void put(struct out *o, char c)
{
    if (o->left > 1) {
        *o->p++ = c;
        o->left--;
    }
    o->len++;
}

static char digit_at(const char *d, int n, int i) { return i >= 0 && i < n ? d[i] : '0'; }

static void fixed(struct out *o, const char *d, int n, int point, int prec, int alt)
{
    if (n == 0)
        point = 1;
    if (point <= 0)
        put(o, '0');
    for (int i = 0; i < point; i++)
        put(o, digit_at(d, n, i));
    if (prec > 0 || alt)
        put(o, '.');
    for (int i = 0; i < prec; i++)
        put(o, digit_at(d, n, point + i));
}

static void exponential(struct out *o, const char *d, int n, int point, int prec, int alt, int upper)
{
    int exp10 = n == 0 ? 0 : point - 1;
    put(o, digit_at(d, n, 0));
    if (prec > 0 || alt)
        put(o, '.');
    for (int i = 1; i <= prec; i++)
        put(o, digit_at(d, n, i));
    put(o, upper ? 'E' : 'e');
    put(o, exp10 < 0 ? '-' : '+');
    if (exp10 < 0)
        exp10 = -exp10;
    char buf[8];
    int k = 0;
    do {
        buf[k++] = (char)('0' + exp10 % 10);
        exp10 /= 10;
    } while (exp10);
    if (k < 2)
        buf[k++] = '0';
    while (k)
        put(o, buf[--k]);
}

int __format_double(char *out, size_t cap, double x, int conv, int prec, int alt)
{
    struct out o = { out, cap, 0 };
    int upper = conv == 'F' || conv == 'E' || conv == 'G';
    if (__builtin_isnan(x) || __builtin_isinf(x)) {
        const char *s = __builtin_isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        while (*s)
            put(&o, *s++);
        *o.p = 0;
        return o.len;
    }
    char exact[MAX_DIGITS], d[MAX_DIGITS];
    int point = 0;
    int n = x == 0 ? 0 : exact_digits(x, exact, &point);
    int p = point, dn;
    switch (conv) {
    case 'f':
    case 'F':
        memcpy(d, exact, (size_t)n);
        dn = round_digits(d, n, &p, point + prec);
        fixed(&o, d, dn, p, prec, alt);
        break;
    case 'e':
    case 'E':
        memcpy(d, exact, (size_t)n);
        dn = round_digits(d, n, &p, prec + 1);
        exponential(&o, d, dn, p, prec, alt, upper);
        break;
    default: {   /* g, G: the shorter of the two, as C11 7.21.6.1 defines */
        int P = prec == 0 ? 1 : prec;
        memcpy(d, exact, (size_t)n);
        dn = round_digits(d, n, &p, P);
        int X = dn == 0 ? 0 : p - 1;
        char *start = o.p;
        int before = o.len;
        if (P > X && X >= -4) {
            p = point;
            memcpy(d, exact, (size_t)n);
            dn = round_digits(d, n, &p, point + P - 1 - X);
            fixed(&o, d, dn, p, P - 1 - X, alt);
        } else {
            exponential(&o, d, dn, p, P - 1, alt, conv == 'G');
        }
        if (!alt && o.len - before < (int)cap) {
            /* Drop trailing zeros of the fraction, then a bare point. */
            char *end = o.p, *dot = memchr(start, '.', (size_t)(end - start));
            if (dot) {
                char *exp = dot;
                while (exp < end && *exp != 'e' && *exp != 'E')
                    exp++;
                char *z = exp;
                while (z > dot + 1 && z[-1] == '0')
                    z--;
                if (z == dot + 1)
                    z = dot;
                size_t tail = (size_t)(end - exp);
                memmove(z, exp, tail);
                int removed = (int)(exp - z);
                o.p -= removed;
                o.left += (size_t)removed;
                o.len -= removed;
            }
        }
        break;
    }
    }
    *o.p = 0;
    return o.len;
}
