/*
 * vars.c: shell variables and functions.  A variable is the shell's own
 * until it is exported; programs get the exported ones as their
 * environment (vars_environ), with a command's own NAME=value in front.
 * The variables of the environment the shell started with are exported.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
    char *name, *value;
    int exported;
    struct var *next;
};

struct func {
    char *name;
    struct node *body;
    struct func *next;
};

static struct var *vars;
static struct func *funcs;

int var_valid_name(const char *s, size_t len)
{
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < len; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return 0;
    return 1;
}

static struct var *find(const char *name)
{
    for (struct var *v = vars; v; v = v->next)
        if (!strcmp(v->name, name))
            return v;
    return NULL;
}

const char *var_get(const char *name)
{
    struct var *v = find(name);
    return v ? v->value : NULL;
}

int var_set(const char *name, const char *value, int export)
{
    if (!var_valid_name(name, strlen(name))) {
        fprintf(stderr, "sh: %s: not a valid identifier\n", name);
        return -1;
    }
    struct var *v = find(name);
    if (!v) {
        v = calloc(1, sizeof(*v));
        v->name = strdup(name);
        v->next = vars;
        vars = v;
    }
    char *copy = strdup(value);
    free(v->value);
    v->value = copy;
    if (export)
        v->exported = 1;
    return 0;
}

void var_unset(const char *name)
{
    for (struct var **p = &vars; *p; p = &(*p)->next) {
        if (!strcmp((*p)->name, name)) {
            struct var *v = *p;
            *p = v->next;
            free(v->name);
            free(v->value);
            free(v);
            return;
        }
    }
}

int var_export(const char *name)
{
    struct var *v = find(name);
    if (!v)
        return var_set(name, "", 1);
    v->exported = 1;
    return 0;
}

void vars_import(char **envp)
{
    for (; envp && *envp; envp++) {
        const char *eq = strchr(*envp, '=');
        if (!eq || !var_valid_name(*envp, (size_t)(eq - *envp)))
            continue;
        char *name = strndup(*envp, (size_t)(eq - *envp));
        var_set(name, eq + 1, 1);
        free(name);
    }
}

char **vars_environ(char **extra, int nextra)
{
    int n = nextra;
    for (struct var *v = vars; v; v = v->next)
        n += v->exported;
    char **env = malloc(sizeof(char *) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < nextra; i++)
        env[k++] = strdup(extra[i]);
    for (struct var *v = vars; v; v = v->next) {
        if (!v->exported)
            continue;
        size_t nl = strlen(v->name);
        int shadowed = 0;
        for (int i = 0; i < nextra; i++)
            if (!strncmp(extra[i], v->name, nl) && extra[i][nl] == '=')
                shadowed = 1;
        if (shadowed)
            continue;
        size_t len = nl + strlen(v->value) + 2;
        env[k] = malloc(len);
        snprintf(env[k++], len, "%s=%s", v->name, v->value);
    }
    env[k] = NULL;
    return env;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

/* export with no arguments: "export NAME='value'", sorted, as bash -o posix. */
void vars_print_exported(void)
{
    int n = 0;
    for (struct var *v = vars; v; v = v->next)
        n++;
    struct var **all = malloc(sizeof(*all) * (size_t)(n ? n : 1));
    n = 0;
    for (struct var *v = vars; v; v = v->next)
        if (v->exported)
            all[n++] = v;
    qsort(all, (size_t)n, sizeof(*all), by_name);
    for (int i = 0; i < n; i++) {
        printf("export %s='", all[i]->name);
        for (const char *c = all[i]->value; *c; c++) {
            if (*c == '\'')
                fputs("'\\''", stdout);
            else
                putchar(*c);
        }
        printf("'\n");
    }
    free(all);
}

void func_define(const char *name, struct node *body)
{
    for (struct func *f = funcs; f; f = f->next)
        if (!strcmp(f->name, name)) {
            f->body = body;
            return;
        }
    struct func *f = calloc(1, sizeof(*f));
    f->name = strdup(name);
    f->body = body;
    f->next = funcs;
    funcs = f;
}

struct node *func_find(const char *name)
{
    for (struct func *f = funcs; f; f = f->next)
        if (!strcmp(f->name, name))
            return f->body;
    return NULL;
}
