/*
 * grep [-EFivwxcnlLqhHos] [-e PATTERN]... [PATTERN] [FILE...]: prints the
 * lines that match, as GNU grep does with these options:
 *
 *   -E extended regular expressions (default: basic);  -F fixed strings
 *   -i ignore case;  -v the lines that do not match;  -w whole words only;
 *   -x whole lines only
 *   -c count matching lines;  -l / -L name the files with / without a match
 *   -n line numbers;  -h / -H without / with file names (default: with
 *   when there are several files);  -o only the matching parts;  -q no
 *   output;  -s no messages about unreadable files
 *
 * The expressions are libc's (regex.h).  Exit status 0 when a line was
 * selected, 1 when none was, 2 on an error.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int extended, fixed, icase, invert, words, whole_line, count_only, list_files, list_without, numbers,
    names = -1, only, quiet, silent;
static regex_t *res;
static int nres;

static void add_pattern(const char *p)
{
    /* A pattern with newlines is several patterns. */
    const char *nl = strchr(p, '\n');
    if (nl) {
        char *first = strndup(p, (size_t)(nl - p));
        add_pattern(first);
        free(first);
        add_pattern(nl + 1);
        return;
    }
    char *text = (char *)p;
    if (fixed) { /* a fixed string is a basic expression with its specials escaped */
        text = malloc(strlen(p) * 2 + 1);
        char *o = text;
        for (; *p; p++) {
            if (strchr("\\.[]*^$", *p))
                *o++ = '\\';
            *o++ = *p;
        }
        *o = 0;
    }
    if (whole_line) { /* -x: the pattern, anchored at both ends */
        int ere = extended && !fixed;
        char *anchored = malloc(strlen(text) + 8);
        sprintf(anchored, ere ? "^(%s)$" : "^\\(%s\\)$", text);
        if (text != p)
            free(text);
        text = anchored;
    }
    res = realloc(res, sizeof(*res) * (size_t)(nres + 1));
    int err = regcomp(&res[nres], text, (extended && !fixed ? REG_EXTENDED : 0) | (icase ? REG_ICASE : 0));
    if (err) {
        char msg[128];
        regerror(err, &res[nres], msg, sizeof(msg));
        fprintf(stderr, "grep: %s\n", msg);
        exit(2);
    }
    nres++;
    if (text != p)
        free(text);
}

static int word_char(int c) { return isalnum(c) || c == '_'; }

/* The first match of any pattern in line from offset from on (a whole
   word with -w): 1 and its span, or 0. */
static int find(const char *line, size_t from, regmatch_t *span)
{
    int found = 0;
    for (int k = 0; k < nres; k++) {
        for (size_t start = from; line[start] || start == from;) {
            regmatch_t m;
            if (regexec(&res[k], line + start, 1, &m, start ? REG_NOTBOL : 0) != 0)
                break;
            size_t so = start + (size_t)m.rm_so, eo = start + (size_t)m.rm_eo;
            int ok = !words || ((so == 0 || !word_char((unsigned char)line[so - 1])) &&
                                !word_char((unsigned char)line[eo]) && eo > so);
            if (ok) {
                if (!found || so < (size_t)span->rm_so || (so == (size_t)span->rm_so && eo > (size_t)span->rm_eo))
                    *span = (regmatch_t){ (regoff_t)so, (regoff_t)eo };
                found = 1;
                break;
            }
            start = so + 1;
            if (!line[so])
                break;
        }
    }
    return found;
}

/* Greps one stream; the number of selected lines, or -1 on a read error. */
static long grep_file(FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long selected = 0, lineno = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = 0;
        regmatch_t span;
        int match = find(line, 0, &span);
        if (match == invert)
            continue;
        selected++;
        if (quiet)
            break;
        if (list_files || list_without)
            break;
        if (count_only)
            continue;
        if (only && !invert) {
            size_t from = 0;
            while (find(line, from, &span)) {
                if (span.rm_eo > span.rm_so) {
                    if (names)
                        printf("%s:", name);
                    if (numbers)
                        printf("%ld:", lineno);
                    printf("%.*s\n", (int)(span.rm_eo - span.rm_so), line + span.rm_so);
                }
                from = (size_t)(span.rm_eo > span.rm_so ? span.rm_eo : span.rm_eo + 1);
                if (from > (size_t)len)
                    break;
            }
            continue;
        }
        if (only)
            continue;
        if (names)
            printf("%s:", name);
        if (numbers)
            printf("%ld:", lineno);
        printf("%s\n", line);
    }
    free(line);
    if (ferror(f))
        return -1;
    if (count_only && !quiet) {
        if (names)
            printf("%s:", name);
        printf("%ld\n", selected);
    }
    if ((list_files && selected) || (list_without && !selected))
        printf("%s\n", name);
    return selected;
}

static int usage(void)
{
    fputs("usage: grep [-EFivwxcnlLqhHos] [-e PATTERN]... [PATTERN] [FILE...]\n", stderr);
    return 2;
}

int main(int argc, char **argv)
{
    int i = 1, have_pattern = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        for (const char *c = argv[i] + 1; *c; c++) {
            switch (*c) {
            case 'E': extended = 1; break;
            case 'F': fixed = 1; break;
            case 'G': extended = 0; break;
            case 'i': icase = 1; break;
            case 'v': invert = 1; break;
            case 'w': words = 1; break;
            case 'x': whole_line = 1; break;
            case 'c': count_only = 1; break;
            case 'l': list_files = 1; break;
            case 'L': list_without = 1; break;
            case 'n': numbers = 1; break;
            case 'h': names = 0; break;
            case 'H': names = 1; break;
            case 'o': only = 1; break;
            case 'q': quiet = 1; break;
            case 's': silent = 1; break;
            case 'e': {
                const char *p = c[1] ? c + 1 : (i + 1 < argc ? argv[++i] : NULL);
                if (!p)
                    return usage();
                have_pattern = -1; /* compiled once all flags are known */
                c = " "; /* the rest of this argument was the pattern */
                (void)p;
                break;
            }
            default:
                fprintf(stderr, "grep: invalid option -- '%c'\n", *c);
                return usage();
            }
            if (*c == ' ')
                break;
        }
    }
    /* The -e patterns, now that -E -F -i are known: a second pass. */
    if (have_pattern) {
        for (int k = 1; k < i; k++) {
            if (argv[k][0] != '-' || !strcmp(argv[k], "--"))
                continue;
            const char *e = strchr(argv[k] + 1, 'e');
            /* -e inside a cluster of flags: the pattern follows it */
            if (e && strspn(argv[k] + 1, "EFGivwxclLnhHoqs") == (size_t)(e - argv[k] - 1))
                add_pattern(e[1] ? e + 1 : argv[++k]);
        }
    } else {
        if (i == argc)
            return usage();
        add_pattern(argv[i++]);
    }
    int nfiles = argc - i;
    if (names < 0)
        names = nfiles > 1;
    int any = 0, error = 0;
    for (int k = 0; k < (nfiles ? nfiles : 1); k++) {
        const char *name = nfiles ? argv[i + k] : "-";
        FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
        if (!f) {
            fflush(stdout); /* messages in order with what was printed */
            if (!silent)
                fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
            error = 1;
            continue;
        }
        long n = grep_file(f, strcmp(name, "-") ? name : "(standard input)");
        if (n < 0) {
            if (!silent)
                fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
            error = 1;
        } else if (n > 0) {
            any = 1;
        }
        if (f != stdin)
            fclose(f);
        if (any && quiet)
            break;
    }
    fflush(stdout);
    if (any && quiet)
        return 0;
    return error ? 2 : any ? 0 : 1;
}
