/*
 * expand.c: the expansions that wait until a pipeline runs.  $? needs the
 * status of the pipeline before; * and ? patterns need the directory as it
 * is then.  A pattern is matched in the last path component only (a
 * pattern in a directory name is left as written); names starting with '.'
 * need a pattern that does;
 * a pattern matching nothing stays as written, as POSIX sh does.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

static char *keep(struct expansion *mem, char *p)
{
    if (!p)
        return 0;
    if (mem->n == mem->cap) {
        int cap = mem->cap ? mem->cap * 2 : 32;
        char **np = realloc(mem->ptrs, (size_t)cap * sizeof(char *));
        if (!np) {
            free(p);
            return 0;
        }
        mem->ptrs = np;
        mem->cap = cap;
    }
    mem->ptrs[mem->n++] = p;
    return p;
}

void sh_expansion_free(struct expansion *mem)
{
    while (mem->n)
        free(mem->ptrs[--mem->n]);
    free(mem->ptrs);
    mem->ptrs = 0;
    mem->cap = 0;
}

/* The word with $? replaced by the status (a new string). */
static char *with_status(const char *word, int status, struct expansion *mem)
{
    char num[16];
    size_t nlen = (size_t)snprintf(num, sizeof(num), "%d", status);
    char *out = malloc(strlen(word) * nlen + 1), *o = out;
    if (!out)
        return 0;
    for (const char *w = word; *w; w++) {
        if (*w == SH_STATUS_MARK)
            o = stpcpy(o, num);
        else
            *o++ = *w;
    }
    *o = 0;
    return keep(mem, out);
}

/* The pattern with its markers turned back into the characters typed. */
static char *literal(const char *word, struct expansion *mem)
{
    char *out = keep(mem, strdup(word));
    if (out)
        for (char *p = out; *p; p++)
            if (*p == SH_GLOB_ANY || *p == SH_GLOB_ONE)
                *p = *p == SH_GLOB_ANY ? '*' : '?';
    return out;
}

static int has_pattern(const char *s)
{
    return strchr(s, SH_GLOB_ANY) || strchr(s, SH_GLOB_ONE);
}

static int match(const char *pat, const char *name)
{
    for (; *pat; pat++, name++) {
        if (*pat == SH_GLOB_ANY) {
            for (;; name++) {
                if (match(pat + 1, name))
                    return 1;
                if (!*name)
                    return 0;
            }
        }
        if (!*name || (*pat != SH_GLOB_ONE && *pat != *name))
            return 0;
    }
    return !*name;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

struct words {
    char **v;
    int n, cap;
};

static int push(struct words *w, char *s)
{
    if (!s)
        return -1;
    if (w->n + 1 >= w->cap) {
        int cap = w->cap ? w->cap * 2 : 16;
        char **nv = realloc(w->v, (size_t)cap * sizeof(char *));
        if (!nv)
            return -1;
        w->v = nv;
        w->cap = cap;
    }
    w->v[w->n++] = s;
    w->v[w->n] = 0;
    return 0;
}

/* Appends the names matching word (or the word itself) to out. */
static int glob_word(char *word, struct words *out, struct expansion *mem)
{
    char *slash = strrchr(word, '/');
    const char *pat = slash ? slash + 1 : word;
    size_t dir_len = slash ? (size_t)(slash - word) : 0;
    char dir[4096];
    if (dir_len >= sizeof(dir) || memchr(word, SH_GLOB_ANY, dir_len) || memchr(word, SH_GLOB_ONE, dir_len))
        return push(out, literal(word, mem));
    memcpy(dir, word, dir_len);
    dir[dir_len] = 0;
    DIR *d = opendir(slash ? (dir_len ? dir : "/") : ".");
    int first = out->n;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.' && pat[0] != '.')
                continue;
            if (!match(pat, e->d_name))
                continue;
            size_t len = dir_len + 1 + strlen(e->d_name) + 1;
            char *path = malloc(len);
            if (path)
                snprintf(path, len, "%.*s%s%s", (int)dir_len, word, slash ? "/" : "", e->d_name);
            if (push(out, keep(mem, path)) < 0) {
                closedir(d);
                return -1;
            }
        }
        closedir(d);
    }
    if (out->n == first)
        return push(out, literal(word, mem));
    qsort(out->v + first, (size_t)(out->n - first), sizeof(char *), by_name);
    return 0;
}

int sh_expand_command(struct command *cmd, int status, struct expansion *mem)
{
    struct words out = { 0, 0, 0 };
    for (int i = 0; i < cmd->nwords; i++) {
        char *w = cmd->words[i];
        if (strchr(w, SH_STATUS_MARK) && !(w = with_status(w, status, mem)))
            goto fail;
        if ((has_pattern(w) ? glob_word(w, &out, mem) : push(&out, w)) < 0)
            goto fail;
    }
    if (!out.v && push(&out, keep(mem, strdup(""))) == 0)
        out.n = 0;   /* an empty, NULL-terminated argv */
    if (!out.v)
        goto fail;
    keep(mem, (char *)out.v);
    cmd->argv = out.v;
    cmd->argc = out.n;
    cmd->argv[cmd->argc] = 0;
    for (int r = 0; r < cmd->nredirs; r++) {
        char *p = cmd->redirs[r].path;
        if (p && strchr(p, SH_STATUS_MARK) && !(p = with_status(p, status, mem)))
            return -1;
        if (p && has_pattern(p) && !(p = literal(p, mem)))
            return -1;
        cmd->redirs[r].path = p;
    }
    return 0;
fail:
    free(out.v);
    fprintf(stderr, "sh: out of memory\n");
    return -1;
}
