/*
 * pattern.c: the pattern notation of POSIX sh (XCU 2.13), used by file
 * name expansion, case and anything else that matches text against a
 * pattern.  A pattern here is a field as expand.c builds it: M_STAR (*),
 * M_QMARK (?) and M_LBRACK ([) are the characters the user left unquoted,
 * M_ESC x is a byte that stays literal, any other byte matches itself.
 *
 *   *        any string, the empty one too
 *   ?        any one byte
 *   [set]    one byte in the set: bytes, ranges a-z, classes [:digit:];
 *            [!set] or [^set] one byte not in it; a ] first in the set
 *            is a member; a [ with no ] after it is a plain [
 *
 * Ranges are byte ranges (the C locale).  Quoted bytes inside a set
 * (M_ESC x) are members, never the ! , - or ] of the notation.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

char pattern_char(char marker)
{
    return marker == M_STAR ? '*' : marker == M_QMARK ? '?' : marker == M_LBRACK ? '[' : marker;
}

/* One member byte of a set at p; *quoted says whether it was quoted. */
static const char *set_byte(const char *p, unsigned char *c, int *quoted)
{
    *quoted = *p == M_ESC && p[1];
    if (*quoted) {
        *c = (unsigned char)p[1];
        return p + 2;
    }
    *c = (unsigned char)pattern_char(*p);
    return p + 1;
}

static const struct {
    const char *name;
    int (*is)(int);
} classes[] = {
    { "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank }, { "cntrl", iscntrl },
    { "digit", isdigit }, { "graph", isgraph }, { "lower", islower }, { "print", isprint },
    { "punct", ispunct }, { "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
};

/* [:name:] at p (p at its [ marker): its end (after :]) or NULL when p
   is not a class; *in says whether c is in the class (an unknown name
   holds nothing). */
static const char *set_class(const char *p, unsigned char c, int *in)
{
    if (*p != M_LBRACK || p[1] != ':')
        return NULL;
    const char *name = p + 2, *e = name;
    while (isalpha((unsigned char)*e))
        e++;
    if (e[0] != ':' || e[1] != ']')
        return NULL;
    *in = 0;
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (strlen(classes[i].name) == (size_t)(e - name) &&
            !strncmp(classes[i].name, name, (size_t)(e - name)))
            *in = classes[i].is(c) != 0;
    return e + 2;
}

/* The bracket expression after a [ marker at p: the pattern after its
   closing ], or NULL when no ] closes it (then the [ is a plain [).
   *hit says whether the byte c is matched. */
static const char *bracket(const char *p, unsigned char c, int *hit)
{
    int negate = *p == '!' || *p == '^';
    int in = 0;
    if (negate)
        p++;
    for (int first = 1;; first = 0) {
        if (!*p)
            return NULL;
        if (*p == ']' && !first)
            break;
        int in_class;
        const char *after = set_class(p, c, &in_class);
        if (after) {
            in |= in_class;
            p = after;
            continue;
        }
        unsigned char lo, hi;
        int quoted;
        p = set_byte(p, &lo, &quoted);
        hi = lo;
        if (p[0] == '-' && p[1] && p[1] != ']')
            p = set_byte(p + 1, &hi, &quoted);
        if (c >= lo && c <= hi)
            in = 1;
    }
    *hit = in != negate;
    return p + 1;
}

/* Matches one byte c against the pattern element at pat: the element
   after it, or NULL when c does not match (or the pattern ended). */
static const char *match_one(const char *pat, unsigned char c)
{
    unsigned char want;
    if (!*pat)
        return NULL;
    if (*pat == M_QMARK)
        return pat + 1;
    if (*pat == M_LBRACK) {
        int hit;
        const char *after = bracket(pat + 1, c, &hit);
        if (after)
            return hit ? after : NULL;
        want = '[';
        pat++;
    } else if (*pat == M_ESC && pat[1]) {
        want = (unsigned char)pat[1];
        pat += 2;
    } else {
        want = (unsigned char)*pat++;
    }
    return c == want ? pat : NULL;
}

int pattern_match(const char *pat, const char *text)
{
    /* Why no recursion: on a mismatch only the last * needs to take one
       more byte (the elements before it matched a prefix already), so
       this is linear per star, not exponential in the number of stars. */
    const char *star = NULL, *star_text = NULL;
    while (*text) {
        if (*pat == M_STAR) {
            while (*pat == M_STAR)
                pat++;
            star = pat;
            star_text = text;
            continue;
        }
        const char *next = match_one(pat, (unsigned char)*text);
        if (next) {
            pat = next;
            text++;
        } else if (star) {
            pat = star;
            text = ++star_text;
        } else {
            return 0;
        }
    }
    while (*pat == M_STAR)
        pat++;
    return !*pat;
}

int pattern_has_magic(const char *pat)
{
    for (; *pat; pat++) {
        int hit;
        if (*pat == M_ESC && pat[1])
            pat++;
        else if (*pat == M_STAR || *pat == M_QMARK ||
                 (*pat == M_LBRACK && bracket(pat + 1, 0, &hit)))
            return 1;
    }
    return 0;
}

char *pattern_plain(const char *pat)
{
    char *out = malloc(strlen(pat) + 1), *o = out;
    if (!out) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    for (; *pat; pat++) {
        if (*pat == M_ESC && pat[1])
            *o++ = *++pat;
        else if (*pat != M_QUOTE)
            *o++ = pattern_char(*pat);
    }
    *o = 0;
    return out;
}
