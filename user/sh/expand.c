/*
 * expand.c: a command's words become its arguments when it runs, as POSIX
 * sh does it: parameters ($NAME, ${NAME:-word}, ${NAME#pattern}, $?, $@
 * ...), command substitution ($(...) and `...`), arithmetic ($((...))), ~,
 * then field splitting of the unquoted results (on spaces, tabs and
 * newlines), then file name patterns (glob.c: *, ?, [...] in any path
 * component; a pattern matching nothing stays as written).
 *
 * A field is built with the markers of sh.h still in it (M_STAR, M_QMARK,
 * M_LBRACK for a pattern character, M_ESC before a byte that must stay
 * literal), so the pattern step knows which * was quoted and which not.
 * The pattern notation itself (match, bracket expressions) is pattern.c's.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

void strvec_push(struct strvec *sv, char *s)
{
    if (sv->n + 1 >= sv->cap) {
        sv->cap = sv->cap ? sv->cap * 2 : 16;
        sv->v = realloc(sv->v, (size_t)sv->cap * sizeof(char *));
        if (!sv->v) {
            fputs("sh: out of memory\n", stderr);
            exit(2);
        }
    }
    sv->v[sv->n++] = s;
    sv->v[sv->n] = NULL;
}

void strvec_free(struct strvec *sv)
{
    for (int i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->cap = 0;
}

/* --- the fields being built --- */

struct builder {
    struct strvec *out;
    char *cur;
    size_t len, cap;
    int started;    /* cur is a field, even if empty (quotes, a value) */
    int split;      /* 1: fields are being made (words), 0: one string */
    int no_params;  /* "$@" with no parameters: an empty field is no field */
    int patterns;   /* one string, but *, ? and [ stay pattern characters (case) */
};

static void add(struct builder *b, char c)
{
    if (b->len + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->cur = realloc(b->cur, b->cap);
        if (!b->cur) {
            fputs("sh: out of memory\n", stderr);
            exit(2);
        }
    }
    b->cur[b->len++] = c;
    b->cur[b->len] = 0;
    b->started = 1;
}

/* A byte of a quoted value: literal in the field, in a bracket expression too. */
static void add_literal(struct builder *b, char c)
{
    if ((c >= M_ESC && c <= M_LAST) || SH_SET_SPECIAL(c))
        add(b, M_ESC);
    add(b, c);
}

/* A byte of an unquoted value: *, ? and [ are pattern characters there
   (POSIX: a field made by an unquoted expansion is a pattern too). */
static void add_unquoted(struct builder *b, char c)
{
    if (c == '*' || c == '?' || c == '[') {
        add(b, c == '*' ? M_STAR : c == '?' ? M_QMARK : M_LBRACK);
        return;
    }
    if (c >= M_ESC && c <= M_LAST)
        add(b, M_ESC);
    add(b, c);
}

static void end_field(struct builder *b)
{
    int drop = b->no_params && b->len == 0;
    b->no_params = 0;
    if (!b->started || drop) {
        b->started = 0;
        return;
    }
    add(b, 0); /* make sure cur exists */
    b->len--;
    strvec_push(b->out, b->cur);
    b->cur = NULL;
    b->len = b->cap = 0;
    b->started = 0;
}

static int ifs_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

/* A value in a field: quoted, as it is; unquoted, split into fields. */
static void add_value(struct builder *b, const char *v, int quoted)
{
    if (b->patterns && !quoted) { /* a case pattern: an unquoted value's *, ?, [ match */
        b->started = 1;
        for (; *v; v++)
            add_unquoted(b, *v);
        return;
    }
    if (quoted || !b->split) {
        b->started = 1;
        for (; *v; v++)
            add_literal(b, *v);
        return;
    }
    for (; *v; v++) {
        if (ifs_space(*v))
            end_field(b);
        else
            add_unquoted(b, *v);
    }
}

/* --- parameters --- */

static char *num(long v)
{
    char buf[32];
    snprintf(buf, sizeof(buf), "%ld", v);
    return strdup(buf);
}

/* The value of a plain parameter name, or NULL when it is unset. */
static char *param(const char *name)
{
    if (!strcmp(name, "?"))
        return num(sh_last_status);
    if (!strcmp(name, "$"))
        return num(getpid());
    if (!strcmp(name, "#"))
        return num(sh_nparams);
    if (!strcmp(name, "!"))
        return sh_last_bg_pid ? num(sh_last_bg_pid) : NULL;
    if (!strcmp(name, "-"))
        return strdup(sh_interactive ? "i" : "");
    if (!strcmp(name, "~")) {
        const char *h = var_get("HOME");
        return strdup(h ? h : "/");
    }
    if (isdigit((unsigned char)name[0])) {
        int i = atoi(name);
        return i <= sh_nparams && sh_params[i] ? strdup(sh_params[i]) : NULL;
    }
    const char *v = var_get(name);
    return v ? strdup(v) : NULL;
}

static int expand_into(const char *w, struct builder *b);

/* A marked word expanded as one string, not split (malloc'd, markers
   kept); patterns: its unquoted *, ? and [ stay pattern characters.  NULL
   on an expansion error. */
static char *one_field(const char *word, int patterns)
{
    struct strvec fields = { 0, 0, 0 };
    struct builder b = { &fields, NULL, 0, 0, 0, 0, 0, patterns };
    int r = expand_into(word, &b);
    b.started = 1;
    end_field(&b);
    free(b.cur);
    char *field = r < 0 ? NULL : fields.v[0];
    if (field)
        fields.v[0] = strdup("");
    strvec_free(&fields);
    return field;
}

/* A marked word as a pattern (malloc'd): expanded, its unquoted *, ? and [
   kept as pattern characters.  NULL on an expansion error. */
static char *pattern_field(const char *word) { return one_field(word, 1); }

/* ${NAME#pat} ${NAME##pat} ${NAME%pat} ${NAME%%pat}: v (changed in place)
   without the shortest or (longest) the longest prefix (#) or suffix (%)
   that pat matches. */
static void remove_match(char *v, char kind, int longest, const char *pat)
{
    size_t len = strlen(v);
    for (size_t k = 0; k <= len; k++) {
        size_t cut = longest ? len - k : k; /* the length removed */
        if (kind == '#') {
            char keep = v[cut];
            v[cut] = 0;
            int m = pattern_match(pat, v);
            v[cut] = keep;
            if (m) {
                memmove(v, v + cut, len - cut + 1);
                return;
            }
        } else if (pattern_match(pat, v + len - cut)) {
            v[len - cut] = 0;
            return;
        }
    }
}

/* ${spec}: NAME, #NAME, NAME:-word, NAME-word, NAME:+word, NAME+word,
   NAME:=word, NAME=word (the word taken literally), NAME#pat, NAME##pat,
   NAME%pat, NAME%%pat (pat a word: quotes, $NAME, patterns). */
static char *braced(const char *spec, int *error)
{
    if (spec[0] == '#' && spec[1]) {
        char *v = param(spec + 1);
        char *r = num(v ? (long)strlen(v) : 0);
        free(v);
        return r;
    }
    size_t n = 0;
    if (strchr("?$#!-@*", spec[0]))
        n = 1;
    else
        while (isalnum((unsigned char)spec[n]) || spec[n] == '_')
            n++;
    char name[128];
    snprintf(name, sizeof(name), "%.*s", (int)n, spec);
    const char *op = spec + n;
    char *v = param(name);
    if (!*op)
        return v;
    if (*op == '#' || *op == '%') {
        int longest = op[1] == op[0];
        char *word = sh_parse_word(op + 1 + longest);
        char *pat = word ? pattern_field(word) : NULL;
        free(word);
        if (!pat) {
            fprintf(stderr, "sh: ${%s}: bad substitution\n", spec);
            free(v);
            *error = 1;
            return NULL;
        }
        if (!v)
            v = strdup("");
        remove_match(v, *op, longest, pat);
        free(pat);
        return v;
    }
    int colon = *op == ':';
    char kind = op[colon];
    const char *word = op + colon + 1;
    int unset = !v || (colon && !*v);
    if (kind == '-')
        return unset ? (free(v), strdup(word)) : v;
    if (kind == '+') {
        free(v);
        return unset ? strdup("") : strdup(word);
    }
    if (kind == '=' && var_valid_name(name, strlen(name))) {
        if (!unset)
            return v;
        free(v);
        var_set(name, word, 0);
        return strdup(word);
    }
    fprintf(stderr, "sh: ${%s}: bad substitution\n", spec);
    free(v);
    *error = 1;
    return NULL;
}

/* --- arithmetic: integers, + - * / % ( ), comparisons, && || ! and names --- */

struct arith {
    const char *p;
    int error;
};

static long arith_expr(struct arith *a);

static void arith_space(struct arith *a)
{
    while (isspace((unsigned char)*a->p))
        a->p++;
}

static long arith_primary(struct arith *a)
{
    arith_space(a);
    if (*a->p == '(') {
        a->p++;
        long v = arith_expr(a);
        arith_space(a);
        if (*a->p == ')')
            a->p++;
        else
            a->error = 1;
        return v;
    }
    if (*a->p == '-' || *a->p == '+' || *a->p == '!') {
        char op = *a->p++;
        long v = arith_primary(a);
        return op == '-' ? -v : op == '!' ? !v : v;
    }
    if (isdigit((unsigned char)*a->p)) {
        char *end;
        long v = strtol(a->p, &end, 0);
        a->p = end;
        return v;
    }
    if (isalpha((unsigned char)*a->p) || *a->p == '_' || *a->p == '$') {
        if (*a->p == '$')
            a->p++;
        const char *start = a->p;
        while (isalnum((unsigned char)*a->p) || *a->p == '_')
            a->p++;
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)(a->p - start), start);
        const char *v = var_get(name);
        return v ? strtol(v, NULL, 0) : 0;
    }
    a->error = 1;
    return 0;
}

static int arith_op(struct arith *a, const char *op)
{
    arith_space(a);
    size_t n = strlen(op);
    if (strncmp(a->p, op, n))
        return 0;
    /* "<" is not the start of "<=", "&" not of "&&" ... */
    if (n == 1 && (a->p[1] == '=' || a->p[1] == op[0]) && strchr("<>=!&|", op[0]))
        return 0;
    a->p += n;
    return 1;
}

static long arith_binary(struct arith *a, int level)
{
    static const char *const levels[][4] = {
        { "||" }, { "&&" }, { "==", "!=" }, { "<=", ">=", "<", ">" }, { "+", "-" }, { "*", "/", "%" },
    };
    if (level == 6)
        return arith_primary(a);
    long v = arith_binary(a, level + 1);
    for (;;) {
        const char *op = NULL;
        for (int i = 0; i < 4 && levels[level][i]; i++)
            if (arith_op(a, levels[level][i])) {
                op = levels[level][i];
                break;
            }
        if (!op)
            return v;
        long w = arith_binary(a, level + 1);
        if ((op[0] == '/' || op[0] == '%') && w == 0) {
            fputs("sh: arithmetic: division by zero\n", stderr);
            a->error = 1;
            return 0;
        }
        if (!strcmp(op, "||")) v = v || w;
        else if (!strcmp(op, "&&")) v = v && w;
        else if (!strcmp(op, "==")) v = v == w;
        else if (!strcmp(op, "!=")) v = v != w;
        else if (!strcmp(op, "<=")) v = v <= w;
        else if (!strcmp(op, ">=")) v = v >= w;
        else if (!strcmp(op, "<")) v = v < w;
        else if (!strcmp(op, ">")) v = v > w;
        else if (!strcmp(op, "+")) v = v + w;
        else if (!strcmp(op, "-")) v = v - w;
        else if (!strcmp(op, "*")) v = v * w;
        else if (!strcmp(op, "/")) v = v / w;
        else v = v % w;
    }
}

static long arith_expr(struct arith *a) { return arith_binary(a, 0); }

static char *arithmetic(const char *text, int *error)
{
    struct arith a = { text, 0 };
    long v = arith_expr(&a);
    arith_space(&a);
    if (a.error || *a.p) {
        if (!a.error || *a.p)
            fprintf(stderr, "sh: arithmetic: syntax error in \"%s\"\n", text);
        *error = 1;
        return NULL;
    }
    return num(v);
}

/* --- command substitution --- */

int sh_subst_status = -1;

char *sh_command_output(const char *text)
{
    int fds[2];
    if (pipe(fds) < 0) {
        perror("sh: pipe");
        return strdup("");
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("sh: fork");
        close(fds[0]);
        close(fds[1]);
        return strdup("");
    }
    if (pid == 0) {
        close(fds[0]);
        if (fds[1] != 1) {
            dup2(fds[1], 1);
            close(fds[1]);
        }
        sh_interactive = 0;
        sh_job_control = 0;
        int st = sh_run_string(text);
        fflush(stdout);
        _exit(st);
    }
    close(fds[1]);
    size_t len = 0, cap = 256;
    char *out = malloc(cap);
    ssize_t r;
    for (;;) {
        if (len + 1 >= cap)
            out = realloc(out, cap *= 2);
        r = read(fds[0], out + len, cap - len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    close(fds[0]);
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    sh_last_status = sh_subst_status = sh_status_of(ws, "sh");
    while (len && out[len - 1] == '\n')
        len--;
    out[len] = 0;
    return out;
}

/* --- a word, marker by marker --- */

/* The text between the marker at w and its M_END; *next after it. */
static char *marked(const char *w, const char **next)
{
    const char *end = strchr(w, M_END);
    if (!end)
        end = w + strlen(w);
    *next = *end ? end + 1 : end;
    return strndup(w, (size_t)(end - w));
}

/* $@ and $*: "$@" is one field per parameter, "$*" one field of them
   all joined by spaces; unquoted, each is split again. */
static void add_params_split(struct builder *b, int quoted, int star)
{
    if (sh_nparams == 0 && quoted && !star)
        b->no_params = 1;
    for (int i = 1; i <= sh_nparams; i++) {
        if (i > 1) {
            if (quoted && star)
                add_literal(b, ' ');
            else
                end_field(b);
        }
        add_value(b, sh_params[i], quoted);
    }
}

static int expand_into(const char *w, struct builder *b)
{
    int error = 0;
    while (*w && !error) {
        char c = *w;
        if (c == M_ESC && w[1]) {
            add(b, M_ESC);
            add(b, w[1]);
            w += 2;
        } else if (c == M_QUOTE) {
            b->started = 1;
            w++;
        } else if (c == M_STAR || c == M_QMARK || c == M_LBRACK) {
            add(b, b->split || b->patterns ? c : pattern_char(c));
            w++;
        } else if (c == M_VAR || c == M_CMD) {
            int quoted = w[1] == 'q' || w[1] == 'A';
            char kind = w[1];
            char *text = marked(w + 2, &w);
            if (c == M_VAR && (!strcmp(text, "@") || !strcmp(text, "*"))) {
                add_params_split(b, quoted, text[0] == '*');
            } else {
                char *v = c == M_CMD ? (kind == 'a' || kind == 'A' ? arithmetic(text, &error)
                                                                   : sh_command_output(text))
                          : !strcmp(text, "~") ? param(text)
                                               : braced(text, &error);
                if (v)
                    add_value(b, v, quoted);
                free(v);
            }
            free(text);
        } else {
            add(b, c);
            w++;
        }
    }
    return error ? -1 : 0;
}

int sh_expand_words(char **words, int n, struct strvec *out)
{
    struct strvec fields = { 0, 0, 0 };
    for (int i = 0; i < n; i++) {
        struct builder b = { &fields, NULL, 0, 0, 0, 1, 0, 0 };
        int r = expand_into(words[i], &b);
        end_field(&b);
        free(b.cur);
        if (r < 0) {
            strvec_free(&fields);
            return -1;
        }
    }
    for (int i = 0; i < fields.n; i++)
        glob_field(fields.v[i], out);
    strvec_free(&fields);
    if (!out->v) { /* no fields: an empty, NULL-terminated argv */
        out->v = calloc(1, sizeof(char *));
        out->cap = 1;
    }
    return 0;
}

char *sh_expand_one(const char *word)
{
    char *field = one_field(word, 0);
    char *s = field ? pattern_plain(field) : NULL;
    free(field);
    return s;
}

int sh_pattern_match(const char *pattern_word, const char *text)
{
    char *pat = pattern_field(pattern_word);
    int m = pat ? pattern_match(pat, text) : -1;
    free(pat);
    return m;
}
