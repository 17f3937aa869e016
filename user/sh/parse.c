/*
 * parse.c: splits a line into words and operators and builds pipelines.
 *
 * Words: 'single quotes' are literal; "double quotes" expand $ and honour
 * \" \\ \$; outside quotes a backslash quotes the next character and $NAME,
 * ${NAME}, $$, $# and $0..$9 expand, and $? and * ? patterns when
 * its pipeline runs.
 * Operators: | < > >> N> N>&M ; && || and # comments.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct lexer {
    const char *p;
    char *out;           /* where the next word's characters go */
};

static int is_operator_char(char c) { return c == '|' || c == '<' || c == '>' || c == ';' || c == '&'; }

static void expand_dollar(struct lexer *lx)
{
    const char *p = lx->p + 1;   /* after the $ */
    char name[128];
    size_t n = 0;
    if (*p == '?') {
        /* $? belongs to the pipeline before this one, which has not run
         * yet: leave a marker for the executor (sh_expand_status). */
        *lx->out++ = SH_STATUS_MARK;
        lx->p = p + 1;
        return;
    }
    if (*p == '$' || *p == '#') {
        lx->out += sprintf(lx->out, "%d", *p == '$' ? (int)getpid() : sh_nparams);
        lx->p = p + 1;
        return;
    }
    if (isdigit((unsigned char)*p)) {
        int n = *p - '0';
        if (n <= sh_nparams && sh_params[n])
            lx->out = stpcpy(lx->out, sh_params[n]);
        lx->p = p + 1;
        return;
    }
    int braced = *p == '{';
    if (braced)
        p++;
    while ((isalnum((unsigned char)*p) || *p == '_') && n < sizeof(name) - 1)
        name[n++] = *p++;
    name[n] = 0;
    if (braced && *p == '}')
        p++;
    if (n == 0 && !braced) {     /* a lone $ is literal */
        *lx->out++ = '$';
        lx->p = p;
        return;
    }
    const char *v = getenv(name);
    if (v)
        lx->out = stpcpy(lx->out, v);
    lx->p = p;
}

/* Reads one word into lx->out (NUL-terminated).  Returns 1 if a word was
 * read, 0 at an operator or the end, -1 on an unterminated quote. */
static int read_word(struct lexer *lx)
{
    int any = 0;
    while (*lx->p && !isspace((unsigned char)*lx->p) && !is_operator_char(*lx->p)) {
        char c = *lx->p;
        any = 1;
        if (c == '\'') {
            const char *end = strchr(lx->p + 1, '\'');
            if (!end)
                return -1;
            memcpy(lx->out, lx->p + 1, (size_t)(end - lx->p - 1));
            lx->out += end - lx->p - 1;
            lx->p = end + 1;
        } else if (c == '"') {
            lx->p++;
            while (*lx->p != '"') {
                if (!*lx->p)
                    return -1;
                if (*lx->p == '\\' && strchr("\"\\$`", lx->p[1])) {
                    *lx->out++ = lx->p[1];
                    lx->p += 2;
                } else if (*lx->p == '$') {
                    expand_dollar(lx);
                } else {
                    *lx->out++ = *lx->p++;
                }
            }
            lx->p++;
        } else if (c == '\\' && lx->p[1]) {
            *lx->out++ = lx->p[1];
            lx->p += 2;
        } else if (c == '$') {
            expand_dollar(lx);
        } else if (c == '*' || c == '?') {
            *lx->out++ = c == '*' ? SH_GLOB_ANY : SH_GLOB_ONE;
            lx->p++;
        } else {
            *lx->out++ = *lx->p++;
        }
    }
    *lx->out++ = 0;
    return any;
}

static void skip_space(struct lexer *lx)
{
    while (isspace((unsigned char)*lx->p))
        lx->p++;
    if (*lx->p == '#')
        lx->p += strlen(lx->p);
}

static int syntax_error(const char *what)
{
    fprintf(stderr, "sh: syntax error: %s\n", what);
    return -1;
}

/* Parses a redirection starting at lx->p (an optional fd number, then < or >). */
static int parse_redir(struct lexer *lx, struct command *cmd)
{
    if (cmd->nredirs == SH_MAX_REDIRS)
        return syntax_error("too many redirections");
    struct redir *r = &cmd->redirs[cmd->nredirs++];
    int fd = -1;
    if (isdigit((unsigned char)*lx->p))
        fd = *lx->p++ - '0';
    if (*lx->p == '<') {
        r->kind = REDIR_IN;
        r->fd = fd < 0 ? 0 : fd;
        lx->p++;
    } else {
        r->fd = fd < 0 ? 1 : fd;
        lx->p++;
        if (*lx->p == '>') {
            r->kind = REDIR_APPEND;
            lx->p++;
        } else if (*lx->p == '&' && isdigit((unsigned char)lx->p[1])) {
            r->kind = REDIR_DUP;
            r->dup_from = lx->p[1] - '0';
            lx->p += 2;
            return 0;
        } else {
            r->kind = REDIR_OUT;
        }
    }
    skip_space(lx);
    r->path = lx->out;
    int w = read_word(lx);
    if (w < 0)
        return syntax_error("unterminated quote");
    if (w == 0)
        return syntax_error("redirection without a file name");
    return 0;
}

int sh_parse(const char *text, struct line *l)
{
    /* Expansion can grow a word; $VAR values are bounded by the environment. */
    size_t cap = strlen(text) * 2 + 4096;
    for (int i = 0; i <= sh_nparams; i++)
        cap += sh_params[i] ? strlen(sh_params[i]) * strlen(text) : 0;
    const char *s = text;
    for (; (s = strchr(s, '$')); s++) {
        const char *name = s + 1 + (s[1] == '{');
        char n[128];
        size_t k = 0;
        while ((isalnum((unsigned char)name[k]) || name[k] == '_') && k < sizeof(n) - 1) {
            n[k] = name[k];
            k++;
        }
        n[k] = 0;
        const char *v = getenv(n);
        if (v)
            cap += strlen(v);
    }
    memset(l, 0, sizeof(*l));
    l->storage = malloc(cap);
    if (!l->storage)
        return syntax_error("out of memory");
    struct lexer lx = { text, l->storage };
    struct pipeline *pl = &l->pipes[0];
    struct command *cmd = &pl->cmds[0];
    l->npipes = 1;
    pl->ncmds = 1;
    for (;;) {
        skip_space(&lx);
        char c = *lx.p;
        if (!c)
            break;
        if (c == '<' || c == '>' || (isdigit((unsigned char)c) && (lx.p[1] == '<' || lx.p[1] == '>'))) {
            if (parse_redir(&lx, cmd) < 0)
                return -1;
        } else if (c == '|' && lx.p[1] != '|') {
            lx.p++;
            if (cmd->nwords == 0)
                return syntax_error("empty command before |");
            if (pl->ncmds == SH_MAX_CMDS)
                return syntax_error("pipeline too long");
            cmd = &pl->cmds[pl->ncmds++];
        } else if (c == ';' || (c == '&' && lx.p[1] == '&') || (c == '|' && lx.p[1] == '|')) {
            enum joiner j = c == ';' ? JOIN_ALWAYS : c == '&' ? JOIN_AND : JOIN_OR;
            lx.p += c == ';' ? 1 : 2;
            if (cmd->nwords == 0 && (j != JOIN_ALWAYS || pl->ncmds > 1))
                return syntax_error("missing command");
            if (cmd->nwords == 0)
                continue;
            if (l->npipes == SH_MAX_PIPELINES)
                return syntax_error("line too long");
            pl = &l->pipes[l->npipes++];
            pl->join = j;
            pl->ncmds = 1;
            cmd = &pl->cmds[0];
        } else if (c == '&') {
            return syntax_error("background jobs (&) are not supported");
        } else {
            if (cmd->nwords == SH_MAX_ARGS)
                return syntax_error("too many arguments");
            char *start = lx.out;
            int w = read_word(&lx);
            if (w < 0)
                return syntax_error("unterminated quote");
            cmd->words[cmd->nwords++] = start;
        }
    }
    if (cmd->nwords == 0 && (pl->ncmds > 1 || pl->join != JOIN_ALWAYS))
        return syntax_error("missing command at end of line");
    if (cmd->nwords == 0 && cmd->nredirs == 0)
        l->npipes--;   /* empty (or trailing ;) */
    return 0;
}

const char *sh_line_end(const char *s, int *open_quote)
{
    char quote = 0;
    const char *start = s;
    for (; *s; s++) {
        if (quote == '\'') {
            if (*s == '\'')
                quote = 0;
        } else if (quote == '"') {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '"')
                quote = 0;
        } else if (*s == '\\' && s[1]) {
            s++;
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
        } else if (*s == '#' && (s == start || isspace((unsigned char)s[-1]))) {
            while (s[1] && s[1] != '\n')
                s++;
        } else if (*s == '\n') {
            break;
        }
    }
    if (open_quote)
        *open_quote = quote != 0;
    return s;
}

void sh_free_line(struct line *l)
{
    free(l->storage);
    l->storage = 0;
}
