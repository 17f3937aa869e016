/*
 * glob.c: file name expansion (POSIX XCU 2.13.3).  A field with an
 * unquoted *, ? or bracket expression becomes the sorted names of the
 * existing files it matches, component by component: for /proc/[0-9]*
 * followed by /stat, "proc" is used as written (no pattern in it), /proc
 * is read for the names matching [0-9]*, and of the paths /proc/NAME/stat
 * those that exist are kept.  A name starting
 * with . is matched only by a component starting with a literal dot.
 * Directories that cannot be read add nothing; a field matching nothing
 * stays as written (quotes removed).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

struct walk {
    char **comp; /* the field's components, markers kept */
    int n;
    struct strvec *out;
};

/* path + "/" + name, or name alone for the first component. */
static char *join(const char *path, int first, const char *name)
{
    size_t len = strlen(path) + strlen(name) + 2;
    char *s = malloc(len);
    if (!s) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    snprintf(s, len, "%s%s%s", path, first ? "" : "/", name);
    return s;
}

/* Adds the existing paths that path (components 0..i-1, plain) leads to
   with components i.. of the field. */
static void walk(struct walk *w, int i, const char *path)
{
    if (i == w->n) {
        /* Why lstat: a literal component after a pattern (Makefile in
           a field "any directory / Makefile") names a file only if it
           exists; a dangling symlink still does. */
        struct stat st;
        if (lstat(path, &st) == 0)
            strvec_push(w->out, strdup(path));
        return;
    }
    const char *c = w->comp[i];
    if (!pattern_has_magic(c)) {
        char *name = pattern_plain(c);
        char *next = join(path, i == 0, name);
        walk(w, i + 1, next);
        free(next);
        free(name);
        return;
    }
    DIR *d = opendir(i == 0 ? "." : path[0] ? path : "/");
    if (!d)
        return;
    int dot = c[0] == '.' || (c[0] == M_ESC && c[1] == '.');
    struct dirent *e;
    while ((e = readdir(d))) {
        if ((e->d_name[0] == '.' && !dot) || !pattern_match(c, e->d_name))
            continue;
        char *next = join(path, i == 0, e->d_name);
        walk(w, i + 1, next);
        free(next);
    }
    closedir(d);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void glob_field(const char *field, struct strvec *out)
{
    /* Components split at each / (a / is never part of a pattern element,
       so "[a/b]" is the two components "[a" and "b]"). */
    struct walk w = { NULL, 0, out };
    int magic = 0;
    w.comp = malloc((strlen(field) + 1) * sizeof(char *));
    if (!w.comp) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    for (const char *start = field, *f = field;; f++) {
        if (*f == M_ESC && f[1]) {
            f++;
            continue;
        }
        if (*f == '/' || !*f) {
            char *c = strndup(start, (size_t)(f - start));
            magic |= pattern_has_magic(c);
            w.comp[w.n++] = c;
            start = f + 1;
        }
        if (!*f)
            break;
    }
    int first = out->n;
    if (magic)
        walk(&w, 0, "");
    if (out->n == first)
        strvec_push(out, pattern_plain(field));
    else
        qsort(out->v + first, (size_t)(out->n - first), sizeof(char *), by_name);
    for (int i = 0; i < w.n; i++)
        free(w.comp[i]);
    free(w.comp);
}
