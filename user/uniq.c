/*
 * uniq [-c] [-d] [-u] [-i] [INPUT [OUTPUT]]: one line of each run of equal
 * adjacent lines, as coreutils' uniq; -c prefixes each with its count
 * ("%7lu "), -d prints only repeated lines, -u only unrepeated ones, -i
 * compares ignoring case.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int count, only_dup, only_uniq, icase;

static void emit(FILE *out, const char *line, unsigned long n)
{
    if ((only_dup && n < 2) || (only_uniq && n > 1))
        return;
    if (count)
        fprintf(out, "%7lu ", n);
    fputs(line, out);
}

static int same(const char *a, const char *b)
{
    size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
    return la == lb && (icase ? !strncasecmp(a, b, la) : !memcmp(a, b, la));
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        for (const char *c = argv[i] + 1; *c; c++) {
            if (*c == 'c') count = 1;
            else if (*c == 'd') only_dup = 1;
            else if (*c == 'u') only_uniq = 1;
            else if (*c == 'i') icase = 1;
            else {
                fprintf(stderr, "uniq: invalid option -- '%c'\nusage: uniq [-cdui] [INPUT [OUTPUT]]\n", *c);
                return 1;
            }
        }
    }
    FILE *in = stdin, *out = stdout;
    if (i < argc && strcmp(argv[i], "-") && !(in = fopen(argv[i], "r"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[i], strerror(errno));
        return 1;
    }
    if (i + 1 < argc && !(out = fopen(argv[i + 1], "w"))) {
        fprintf(stderr, "uniq: %s: %s\n", argv[i + 1], strerror(errno));
        return 1;
    }
    char *prev = NULL, *line = NULL;
    size_t cap = 0;
    unsigned long n = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (len > 0 && line[len - 1] != '\n') { /* a last line without newline gets one */
            line = realloc(line, (size_t)len + 2);
            cap = (size_t)len + 2;
            line[len] = '\n';
            line[len + 1] = 0;
        }
        if (prev && same(prev, line)) {
            n++;
            continue;
        }
        if (prev)
            emit(out, prev, n);
        free(prev);
        prev = strdup(line);
        n = 1;
    }
    if (prev)
        emit(out, prev, n);
    free(prev);
    free(line);
    return fclose(out) == 0 ? 0 : 1;
}
