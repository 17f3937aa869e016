/*
 * sort [-r] [-n] [-u] [-f] [-b] [-t SEP] [-k F[,G]] [-o FILE] [FILE...]:
 * sorts lines as coreutils' sort does in the C locale (byte order):
 *
 *   -n  by the number at the start (of the key): blanks, sign, digits, a fraction
 *   -f  upper and lower case alike;  -r  reversed;  -b  leading blanks ignored
 *   -k  the key is fields F to G (whole line by default), fields split by
 *       -t SEP, or else at each blank-to-nonblank change (the blanks belong
 *       to the field that follows, unless -b)
 *   -u  one line of each run of equal keys;  -o  output to FILE (may be an input)
 *
 * Lines with equal keys are ordered by the whole line, as coreutils' last
 * resort comparison does.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int numeric, reverse, unique, fold, skip_blanks;
static int key_start, key_end; /* fields, 1-based; 0: none */
static int sep = -1;

struct line {
    char *text;
    size_t len;
};

/* The start and end of field n (1-based) of s. */
static const char *field(const char *s, const char *end, int n)
{
    const char *p = s;
    for (int f = 1; f < n && p < end; f++) {
        if (sep >= 0) {
            while (p < end && *p != sep)
                p++;
            if (p < end)
                p++;
        } else {
            while (p < end && (*p == ' ' || *p == '\t'))
                p++;
            while (p < end && *p != ' ' && *p != '\t')
                p++;
        }
    }
    return p;
}

static void key_of(const struct line *l, const char **ks, const char **ke)
{
    const char *s = l->text, *end = l->text + l->len;
    if (!key_start) {
        *ks = s;
        *ke = end;
    } else {
        *ks = field(s, end, key_start);
        if (key_end) {
            const char *p = field(s, end, key_end);
            /* to the end of field key_end */
            if (sep >= 0) {
                while (p < end && *p != sep)
                    p++;
            } else {
                while (p < end && (*p == ' ' || *p == '\t'))
                    p++;
                while (p < end && *p != ' ' && *p != '\t')
                    p++;
            }
            *ke = p;
        } else {
            *ke = end;
        }
        if (*ke < *ks)
            *ke = *ks;
    }
    if (skip_blanks || numeric)
        while (*ks < *ke && (**ks == ' ' || **ks == '\t'))
            (*ks)++;
}

static double number(const char *s, const char *e)
{
    char buf[64];
    size_t n = (size_t)(e - s) < sizeof(buf) - 1 ? (size_t)(e - s) : sizeof(buf) - 1;
    memcpy(buf, s, n);
    buf[n] = 0;
    /* only sign, digits and one point, as sort -n reads them */
    size_t k = 0;
    if (buf[k] == '-')
        k++;
    while (isdigit((unsigned char)buf[k]))
        k++;
    if (buf[k] == '.') {
        k++;
        while (isdigit((unsigned char)buf[k]))
            k++;
    }
    buf[k] = 0;
    return strtod(buf, NULL);
}

static int compare_keys(const struct line *a, const struct line *b)
{
    const char *as, *ae, *bs, *be;
    key_of(a, &as, &ae);
    key_of(b, &bs, &be);
    if (numeric) {
        double x = number(as, ae), y = number(bs, be);
        return x < y ? -1 : x > y;
    }
    size_t la = (size_t)(ae - as), lb = (size_t)(be - bs);
    for (size_t i = 0; i < la && i < lb; i++) {
        int ca = (unsigned char)as[i], cb = (unsigned char)bs[i];
        if (fold) {
            ca = toupper(ca);
            cb = toupper(cb);
        }
        if (ca != cb)
            return ca - cb;
    }
    return la < lb ? -1 : la > lb;
}

static int compare(const void *pa, const void *pb)
{
    const struct line *a = pa, *b = pb;
    int r = compare_keys(a, b);
    if (r == 0 && !unique) { /* the last resort: the whole lines, byte by byte */
        size_t n = a->len < b->len ? a->len : b->len;
        r = memcmp(a->text, b->text, n);
        if (r == 0)
            r = a->len < b->len ? -1 : a->len > b->len;
    }
    return reverse ? -r : r;
}

static int parse_key(const char *s)
{
    char *end;
    key_start = (int)strtol(s, &end, 10);
    while (*end && *end != ',') /* .C and ordering letters: only b and n are known */
        end++;
    if (*end == ',')
        key_end = (int)strtol(end + 1, &end, 10);
    for (const char *p = s; *p; p++) {
        if (*p == 'n')
            numeric = 1;
        else if (*p == 'b')
            skip_blanks = 1;
    }
    return key_start > 0 ? 0 : -1;
}

static int read_lines(FILE *f, struct line **lines, size_t *n, size_t *cap)
{
    char *buf = NULL;
    size_t bcap = 0;
    ssize_t len;
    while ((len = getline(&buf, &bcap, f)) >= 0) {
        if (len > 0 && buf[len - 1] == '\n')
            len--;
        if (*n == *cap)
            *lines = realloc(*lines, (*cap = *cap ? *cap * 2 : 1024) * sizeof(**lines));
        (*lines)[*n].text = malloc((size_t)len + 1);
        memcpy((*lines)[*n].text, buf, (size_t)len);
        (*lines)[*n].text[len] = 0;
        (*lines)[(*n)++].len = (size_t)len;
    }
    free(buf);
    return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
    const char *output = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--"))
            { i++; break; }
        for (const char *c = a + 1; *c; c++) {
            const char *arg = NULL;
            if (strchr("kto", *c)) {
                arg = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!arg) {
                    fprintf(stderr, "sort: option requires an argument -- '%c'\n", *c);
                    return 2;
                }
            }
            switch (*c) {
            case 'n': numeric = 1; break;
            case 'r': reverse = 1; break;
            case 'u': unique = 1; break;
            case 'f': fold = 1; break;
            case 'b': skip_blanks = 1; break;
            case 't':
                if (strlen(arg) != 1) {
                    fprintf(stderr, "sort: multi-character tab '%s'\n", arg);
                    return 2;
                }
                sep = (unsigned char)arg[0];
                break;
            case 'k':
                if (parse_key(arg) < 0) {
                    fprintf(stderr, "sort: invalid number at field start: invalid count at start of '%s'\n", arg);
                    return 2;
                }
                break;
            case 'o': output = arg; break;
            default:
                fprintf(stderr, "sort: invalid option -- '%c'\nusage: sort [-bfnru] [-t SEP] [-k F[,G]] [-o FILE] [FILE...]\n", *c);
                return 2;
            }
            if (arg)
                break;
        }
    }
    struct line *lines = NULL;
    size_t n = 0, cap = 0;
    int nfiles = argc - i;
    for (int k = 0; k < (nfiles ? nfiles : 1); k++) {
        const char *name = nfiles ? argv[i + k] : "-";
        FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
        if (!f) {
            fprintf(stderr, "sort: cannot read: %s: %s\n", name, strerror(errno));
            return 2;
        }
        read_lines(f, &lines, &n, &cap);
        if (f != stdin)
            fclose(f);
    }
    qsort(lines, n, sizeof(*lines), compare);
    FILE *out = stdout;
    if (output && !(out = fopen(output, "w"))) {
        fprintf(stderr, "sort: open failed: %s: %s\n", output, strerror(errno));
        return 2;
    }
    for (size_t k = 0; k < n; k++) {
        if (unique && k > 0 && compare_keys(&lines[k - 1], &lines[k]) == 0)
            continue;
        fwrite(lines[k].text, 1, lines[k].len, out);
        fputc('\n', out);
    }
    for (size_t k = 0; k < n; k++)
        free(lines[k].text);
    free(lines);
    return fclose(out) == 0 ? 0 : 2;
}
