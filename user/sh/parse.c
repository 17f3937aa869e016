/*
 * parse.c: shell text -> a tree of commands (sh.h), by recursive descent
 * over POSIX sh's grammar:
 *
 *   list      and_or ((';' | '&' | newline) and_or)*
 *   and_or    pipeline (('&&' | '||') pipeline)*
 *   pipeline  ['time'] ['!'] command ('|' command)*
 *   command   simple | '{' list '}' | '(' list ')' | if | while | until |
 *             for | case | NAME '(' ')' command   (each compound + redirections)
 *   simple    (NAME=value | redirection)* (word | redirection)*
 *
 * Words: 'single quotes' are literal; "double quotes" keep $ and ` active;
 * a backslash quotes the next character; $NAME ${NAME} ${NAME:-word}
 * ${#NAME} $? $$ $# $! $@ $* $0-$9, $(command) `command` and $((arith))
 * are left as markers (sh.h) for expand.c, so that they are expanded when
 * their command runs (Z=7; echo $Z prints 7).  Redirections: < > >> <>
 * N< N> N>> N>&M N<&M.  # starts a comment.  Here-documents are not
 * supported (a syntax error says so).
 *
 *   case      'case' WORD 'in' (['('] PATTERN ('|' PATTERN)* ')' [list] ';;')* 'esac'
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

/* --- the arena: every node and word of one parse --- */

struct block {
    struct block *next;
    size_t used, cap;
    char data[];
};

struct arena {
    struct block *blocks;
    int keep; /* a function was defined: its body must live on */
};

static void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    struct block *b = a->blocks;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > 4000 ? size : 4000;
        b = malloc(sizeof(*b) + cap);
        if (!b) {
            fputs("sh: out of memory\n", stderr);
            exit(2);
        }
        b->used = 0;
        b->cap = cap;
        b->next = a->blocks;
        a->blocks = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

static char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void sh_tree_free(void *arena)
{
    struct arena *a = arena;
    if (!a || a->keep)
        return;
    while (a->blocks) {
        struct block *next = a->blocks->next;
        free(a->blocks);
        a->blocks = next;
    }
    free(a);
}

/* --- tokens --- */

enum tok_type {
    T_WORD,
    T_NEWLINE,
    T_SEMI,
    T_AMP,
    T_PIPE,
    T_AND_IF,
    T_OR_IF,
    T_LPAREN,
    T_RPAREN,
    T_REDIR,
    T_DSEMI, /* ;; */
    T_EOF,
};

struct token {
    enum tok_type type;
    char *word; /* T_WORD: encoded (markers) */
    int plain;  /* T_WORD: no quote, no expansion: may be a reserved word or a NAME */
    size_t start, end;
    enum redir_kind rkind; /* T_REDIR */
    int rfd;
};

struct parser {
    const char *s;
    size_t pos;
    struct arena *ar;
    int incomplete; /* the text ended where more was needed */
    int failed;     /* a syntax error was reported */
    int have;       /* tok is a token looked at but not taken */
    int whole;      /* read_word reads to the end of text (blanks, operators too) */
    struct token tok;
    /* the word being built */
    char *buf;
    size_t len, cap;
};

static void put(struct parser *p, char c)
{
    if (p->len + 2 > p->cap) {
        p->cap = p->cap ? p->cap * 2 : 128;
        p->buf = realloc(p->buf, p->cap);
        if (!p->buf) {
            fputs("sh: out of memory\n", stderr);
            exit(2);
        }
    }
    p->buf[p->len++] = c;
}

/* A character of the input as word text: marker bytes are escaped. */
static void put_literal(struct parser *p, char c)
{
    if (c >= M_ESC && c <= M_LAST)
        put(p, M_ESC);
    put(p, c);
}

/* A quoted or backslashed character: also escaped when a bracket
   expression would give it a meaning ([a\-z] is a, -, z). */
static void put_quoted(struct parser *p, char c)
{
    if (SH_SET_SPECIAL(c))
        put(p, M_ESC);
    put_literal(p, c);
}

static int syntax_error(struct parser *p, const char *what)
{
    if (!p->failed)
        fprintf(stderr, "sh: syntax error: %s\n", what);
    p->failed = 1;
    return -1;
}

static int is_operator_char(char c)
{
    return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')';
}

static int is_name_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The end of a $( ... ) or $(( ... )) starting at s[i] (after the opening
   parenthesis): the index of the closing one, or -1 at the end of text. */
static long matching_paren(const char *s, size_t i)
{
    int depth = 1;
    char quote = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '\\' && quote == '"' && s[i + 1])
                i++;
        } else if (c == '\\' && s[i + 1]) {
            i++;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return (long)i;
        }
    }
    return -1;
}

/* Emits M_VAR/M_CMD ... M_END for the expansion at p->pos ('$' or '`'). */
static int read_dollar(struct parser *p, int quoted)
{
    const char *s = p->s;
    size_t i = p->pos;
    char q = quoted ? 'q' : 'u';
    if (s[i] == '`') {
        put(p, M_CMD);
        put(p, q);
        for (i++; s[i] != '`'; i++) {
            if (!s[i]) {
                p->incomplete = 1;
                return -1;
            }
            if (s[i] == '\\' && (s[i + 1] == '`' || s[i + 1] == '\\' || s[i + 1] == '$'))
                i++;
            put(p, s[i]);
        }
        put(p, M_END);
        p->pos = i + 1;
        return 0;
    }
    i++; /* past the $ */
    if (s[i] == '(') {
        int arith = s[i + 1] == '(';
        long end = matching_paren(s, i + 1 + (size_t)arith);
        if (end < 0) {
            p->incomplete = 1;
            return -1;
        }
        size_t from = i + 1 + arith, to = (size_t)end;
        if (arith) {
            if (s[end + 1] != ')')
                return syntax_error(p, "$(( without ))");
            end++;
        }
        put(p, M_CMD);
        put(p, arith ? (quoted ? 'A' : 'a') : q);
        for (size_t k = from; k < to; k++)
            put(p, s[k]);
        put(p, M_END);
        p->pos = (size_t)end + 1;
        return 0;
    }
    if (s[i] == '{') {
        size_t end = i + 1;
        while (s[end] && s[end] != '}')
            end++;
        if (!s[end]) {
            p->incomplete = 1;
            return -1;
        }
        if (end == i + 1)
            return syntax_error(p, "${}: bad substitution");
        put(p, M_VAR);
        put(p, q);
        for (size_t k = i + 1; k < end; k++)
            put(p, s[k]);
        put(p, M_END);
        p->pos = end + 1;
        return 0;
    }
    size_t start = i;
    if (s[i] && strchr("?$#!@*-", s[i])) {
        i++;
    } else if (isdigit((unsigned char)s[i])) {
        i++;
    } else {
        while (is_name_char(s[i]) && !(i == start && isdigit((unsigned char)s[i])))
            i++;
    }
    if (i == start) { /* a lone $ is literal */
        put(p, '$');
        p->pos = start;
        return 0;
    }
    put(p, M_VAR);
    put(p, q);
    for (size_t k = start; k < i; k++)
        put(p, s[k]);
    put(p, M_END);
    p->pos = i;
    return 0;
}

/* Reads a word at p->pos into a token.  Returns 0, or -1 (incomplete or error). */
static int read_word(struct parser *p, struct token *t)
{
    const char *s = p->s;
    p->len = 0;
    t->plain = 1;
    /* ~ or ~/...: the home directory. */
    if (s[p->pos] == '~' && (!s[p->pos + 1] || s[p->pos + 1] == '/' || isspace((unsigned char)s[p->pos + 1]) ||
                             is_operator_char(s[p->pos + 1]))) {
        put(p, M_VAR);
        put(p, 'q');
        put(p, '~');
        put(p, M_END);
        p->pos++;
        t->plain = 0;
    }
    while (s[p->pos] && (p->whole || (!isspace((unsigned char)s[p->pos]) && !is_operator_char(s[p->pos])))) {
        char c = s[p->pos];
        if (c == '\\') {
            if (s[p->pos + 1] == '\n') { /* a line continues */
                p->pos += 2;
                continue;
            }
            if (!s[p->pos + 1]) {
                p->incomplete = 1;
                return -1;
            }
            put_quoted(p, s[p->pos + 1]);
            p->pos += 2;
            t->plain = 0;
        } else if (c == '\'') {
            const char *end = strchr(s + p->pos + 1, '\'');
            if (!end) {
                p->incomplete = 1;
                return -1;
            }
            put(p, M_QUOTE);
            for (const char *k = s + p->pos + 1; k < end; k++)
                put_quoted(p, *k);
            p->pos = (size_t)(end - s) + 1;
            t->plain = 0;
        } else if (c == '"') {
            put(p, M_QUOTE);
            p->pos++;
            t->plain = 0;
            while (s[p->pos] != '"') {
                char d = s[p->pos];
                if (!d) {
                    p->incomplete = 1;
                    return -1;
                }
                if (d == '\\' && s[p->pos + 1] && strchr("\"\\$`\n", s[p->pos + 1])) {
                    if (s[p->pos + 1] != '\n')
                        put_quoted(p, s[p->pos + 1]);
                    p->pos += 2;
                } else if (d == '$' || d == '`') {
                    if (read_dollar(p, 1) < 0)
                        return -1;
                } else {
                    put_quoted(p, d);
                    p->pos++;
                }
            }
            p->pos++;
        } else if (c == '$' || c == '`') {
            size_t before = p->len;
            if (read_dollar(p, 0) < 0)
                return -1;
            if (p->len != before + 1 || p->buf[before] != '$')
                t->plain = 0;
        } else if (c == '*' || c == '?' || c == '[') {
            put(p, c == '*' ? M_STAR : c == '?' ? M_QMARK : M_LBRACK);
            p->pos++;
        } else {
            put_literal(p, c);
            p->pos++;
        }
    }
    t->word = arena_strndup(p->ar, p->buf, p->len);
    return 0;
}

/* The next token; T_EOF at the end. */
static int lex(struct parser *p, struct token *t)
{
    const char *s = p->s;
    memset(t, 0, sizeof(*t));
    for (;;) {
        while (s[p->pos] == ' ' || s[p->pos] == '\t' || s[p->pos] == '\r')
            p->pos++;
        if (s[p->pos] == '\\' && s[p->pos + 1] == '\n') {
            p->pos += 2;
            continue;
        }
        if (s[p->pos] == '#') {
            while (s[p->pos] && s[p->pos] != '\n')
                p->pos++;
        }
        break;
    }
    t->start = p->pos;
    char c = s[p->pos];
    if (!c) {
        t->type = T_EOF;
        return 0;
    }
    /* N< or N>: a descriptor number glued to a redirection. */
    size_t digits = 0;
    while (isdigit((unsigned char)s[p->pos + digits]))
        digits++;
    int fd = -1;
    if (digits && (s[p->pos + digits] == '<' || s[p->pos + digits] == '>')) {
        fd = atoi(s + p->pos);
        p->pos += digits;
        c = s[p->pos];
    }
    const char *o = s + p->pos;
    if (c == '<' || c == '>') {
        t->type = T_REDIR;
        if (o[0] == '<' && o[1] == '<')
            return syntax_error(p, "here-documents (<<) are not supported; use a file and <");
        if (o[0] == '>' && o[1] == '>') {
            t->rkind = R_APPEND;
            p->pos += 2;
        } else if (o[1] == '&') {
            t->rkind = c == '>' ? R_DUP_OUT : R_DUP_IN;
            p->pos += 2;
        } else if (o[0] == '<' && o[1] == '>') {
            t->rkind = R_INOUT;
            p->pos += 2;
        } else if (o[0] == '>' && o[1] == '|') {
            t->rkind = R_OUT;
            p->pos += 2;
        } else {
            t->rkind = c == '>' ? R_OUT : R_IN;
            p->pos++;
        }
        t->rfd = fd >= 0 ? fd : (c == '>' ? 1 : 0);
        t->end = p->pos;
        return 0;
    }
    struct {
        const char *text;
        enum tok_type type;
    } ops[] = { { "&&", T_AND_IF }, { "||", T_OR_IF }, { ";;", T_DSEMI },  { "\n", T_NEWLINE }, { ";", T_SEMI },
                { "&", T_AMP },     { "|", T_PIPE },   { "(", T_LPAREN },   { ")", T_RPAREN } };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        size_t n = strlen(ops[i].text);
        if (!strncmp(o, ops[i].text, n)) {
            t->type = ops[i].type;
            p->pos += n;
            t->end = p->pos;
            return 0;
        }
    }
    t->type = T_WORD;
    int r = read_word(p, t);
    t->end = p->pos;
    return r;
}

static struct token *peek(struct parser *p)
{
    if (!p->have) {
        if (lex(p, &p->tok) < 0) {
            p->tok.type = T_EOF;
            p->failed |= !p->incomplete;
        }
        p->have = 1;
    }
    return &p->tok;
}

static struct token take(struct parser *p)
{
    peek(p);
    p->have = 0;
    return p->tok;
}

static int is_word(struct parser *p, const char *reserved)
{
    struct token *t = peek(p);
    return t->type == T_WORD && t->plain && !strcmp(t->word, reserved);
}

static void skip_newlines(struct parser *p)
{
    while (peek(p)->type == T_NEWLINE)
        take(p);
}

/* Words that end a list inside a compound command. */
static int at_list_end(struct parser *p)
{
    static const char *const ends[] = { "then", "elif", "else", "fi", "do", "done", "}", "esac" };
    struct token *t = peek(p);
    if (t->type == T_RPAREN || t->type == T_EOF || t->type == T_DSEMI)
        return 1;
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
        if (is_word(p, ends[i]))
            return 1;
    return 0;
}

/* An error at the current token, or "more input" at the end of the text. */
static struct node *unexpected(struct parser *p)
{
    struct token *t = peek(p);
    if (t->type == T_EOF || p->incomplete) {
        p->incomplete = 1;
        return NULL;
    }
    if (!p->failed) {
        char what[64];
        size_t n = t->end - t->start;
        if (t->type == T_NEWLINE)
            snprintf(what, sizeof(what), "newline");
        else
            snprintf(what, sizeof(what), "%.*s", (int)(n < 40 ? n : 40), p->s + t->start);
        fprintf(stderr, "sh: syntax error near unexpected token `%s'\n", what);
    }
    p->failed = 1;
    return NULL;
}

static struct node *new_node(struct parser *p, enum node_kind kind, struct node *l, struct node *r)
{
    struct node *n = arena_alloc(p->ar, sizeof(*n));
    n->kind = kind;
    n->left = l;
    n->right = r;
    return n;
}

static struct node *parse_list(struct parser *p, int compound);
static struct node *parse_command(struct parser *p);

static int expect_word(struct parser *p, const char *w)
{
    skip_newlines(p);
    if (!is_word(p, w)) {
        unexpected(p);
        return -1;
    }
    take(p);
    return 0;
}

static struct node *parse_body(struct parser *p, const char *end)
{
    struct node *body = parse_list(p, 1);
    if (!body || expect_word(p, end) < 0)
        return NULL;
    return body;
}

static struct node *parse_if(struct parser *p)
{
    take(p); /* if or elif */
    struct node *n = new_node(p, N_IF, parse_list(p, 1), NULL);
    if (!n->left || expect_word(p, "then") < 0 || !(n->right = parse_list(p, 1)))
        return NULL;
    skip_newlines(p);
    if (is_word(p, "elif")) {
        n->third = parse_if(p); /* takes the fi */
        return n->third ? n : NULL;
    }
    if (is_word(p, "else")) {
        take(p);
        if (!(n->third = parse_list(p, 1)))
            return NULL;
    }
    return expect_word(p, "fi") < 0 ? NULL : n;
}

static struct node *parse_loop(struct parser *p, enum node_kind kind)
{
    take(p);
    struct node *n = new_node(p, kind, parse_list(p, 1), NULL);
    if (!n->left || expect_word(p, "do") < 0 || !(n->right = parse_body(p, "done")))
        return NULL;
    return n;
}

static struct node *parse_for(struct parser *p)
{
    take(p);
    struct token name = take(p);
    if (name.type != T_WORD || !name.plain || !var_valid_name(name.word, strlen(name.word))) {
        p->have = 0;
        return name.type == T_EOF ? (p->incomplete = 1, NULL)
                                  : (syntax_error(p, "for: a variable name must follow"), NULL);
    }
    struct node *n = new_node(p, N_FOR, NULL, NULL);
    n->name = name.word;
    skip_newlines(p);
    if (is_word(p, "in")) {
        take(p);
        struct strvec words = { 0, 0, 0 };
        while (peek(p)->type == T_WORD)
            strvec_push(&words, strdup(take(p).word));
        n->words = arena_alloc(p->ar, sizeof(char *) * (size_t)(words.n + 1));
        for (int i = 0; i < words.n; i++)
            n->words[i] = arena_strndup(p->ar, words.v[i], strlen(words.v[i]));
        n->nwords = words.n;
        strvec_free(&words);
        if (peek(p)->type == T_SEMI)
            take(p);
        else if (peek(p)->type != T_NEWLINE)
            return unexpected(p);
    } else if (peek(p)->type == T_SEMI) {
        take(p);
    }
    if (expect_word(p, "do") < 0 || !(n->right = parse_body(p, "done")))
        return NULL;
    return n;
}

static struct node *parse_case(struct parser *p)
{
    take(p);
    struct token subject = take(p);
    if (subject.type != T_WORD) {
        p->have = 1;
        p->tok = subject;
        return unexpected(p);
    }
    struct node *n = new_node(p, N_CASE, NULL, NULL);
    n->name = subject.word;
    if (expect_word(p, "in") < 0)
        return NULL;
    struct case_item **tail = &n->items;
    for (;;) {
        skip_newlines(p);
        if (is_word(p, "esac")) {
            take(p);
            return n;
        }
        struct case_item *item = arena_alloc(p->ar, sizeof(*item));
        if (peek(p)->type == T_LPAREN)
            take(p);
        struct strvec pats = { 0, 0, 0 };
        for (;;) {
            struct token w = take(p);
            if (w.type != T_WORD) {
                strvec_free(&pats);
                p->have = 1;
                p->tok = w;
                return unexpected(p);
            }
            strvec_push(&pats, strdup(w.word));
            if (peek(p)->type != T_PIPE)
                break;
            take(p);
        }
        item->patterns = arena_alloc(p->ar, sizeof(char *) * (size_t)pats.n);
        for (int i = 0; i < pats.n; i++)
            item->patterns[i] = arena_strndup(p->ar, pats.v[i], strlen(pats.v[i]));
        item->npatterns = pats.n;
        strvec_free(&pats);
        if (peek(p)->type != T_RPAREN)
            return unexpected(p);
        take(p);
        skip_newlines(p);
        if (peek(p)->type != T_DSEMI && !is_word(p, "esac") && !(item->body = parse_list(p, 1)))
            return NULL;
        *tail = item;
        tail = &item->next;
        skip_newlines(p);
        if (peek(p)->type == T_DSEMI)
            take(p);
        else if (!is_word(p, "esac"))
            return unexpected(p);
    }
}

static int parse_redirect(struct parser *p, struct redir **list)
{
    struct token t = take(p);
    struct token w = take(p);
    if (w.type != T_WORD) {
        p->have = 1; /* let the error name it */
        p->tok = w;
        unexpected(p);
        return -1;
    }
    struct redir *r = arena_alloc(p->ar, sizeof(*r));
    r->kind = t.rkind;
    r->fd = t.rfd;
    r->target = w.word;
    while (*list)
        list = &(*list)->next;
    *list = r;
    return 0;
}

static struct node *with_redirects(struct parser *p, struct node *n)
{
    while (n && peek(p)->type == T_REDIR)
        if (parse_redirect(p, &n->redirs) < 0)
            return NULL;
    return n;
}

static int is_assignment(const struct token *t)
{
    const char *eq = strchr(t->word, '=');
    return eq && eq != t->word && var_valid_name(t->word, (size_t)(eq - t->word));
}

static struct node *parse_simple(struct parser *p)
{
    struct node *n = new_node(p, N_SIMPLE, NULL, NULL);
    struct strvec words = { 0, 0, 0 }, assigns = { 0, 0, 0 };
    size_t start = peek(p)->start;
    for (;;) {
        struct token *t = peek(p);
        if (t->type == T_REDIR) {
            if (parse_redirect(p, &n->redirs) < 0)
                goto fail;
        } else if (t->type == T_WORD) {
            if (words.n == 0 && is_assignment(t)) {
                strvec_push(&assigns, strdup(take(p).word));
                continue;
            }
            struct token w = take(p);
            if (words.n == 0 && assigns.n == 0 && !n->redirs && w.plain &&
                peek(p)->type == T_LPAREN) {
                /* NAME() command: a function. */
                take(p);
                if (peek(p)->type != T_RPAREN) {
                    unexpected(p);
                    goto fail;
                }
                take(p);
                skip_newlines(p);
                struct node *f = new_node(p, N_FUNC, parse_command(p), NULL);
                if (!f->left)
                    goto fail;
                f->name = w.word;
                f->text = arena_strndup(p->ar, p->s + start, p->pos - start);
                p->ar->keep = 1;
                strvec_free(&words);
                strvec_free(&assigns);
                return f;
            }
            strvec_push(&words, strdup(w.word));
        } else {
            break;
        }
    }
    if (!words.n && !assigns.n && !n->redirs) {
        unexpected(p);
        goto fail;
    }
    n->words = arena_alloc(p->ar, sizeof(char *) * (size_t)(words.n + 1));
    for (int i = 0; i < words.n; i++)
        n->words[i] = arena_strndup(p->ar, words.v[i], strlen(words.v[i]));
    n->nwords = words.n;
    n->assigns = arena_alloc(p->ar, sizeof(char *) * (size_t)(assigns.n + 1));
    for (int i = 0; i < assigns.n; i++)
        n->assigns[i] = arena_strndup(p->ar, assigns.v[i], strlen(assigns.v[i]));
    n->nassigns = assigns.n;
    strvec_free(&words);
    strvec_free(&assigns);
    return n;
fail:
    strvec_free(&words);
    strvec_free(&assigns);
    return NULL;
}

static struct node *parse_command(struct parser *p)
{
    struct token *t = peek(p);
    if (t->type == T_LPAREN) {
        take(p);
        struct node *n = new_node(p, N_SUBSHELL, parse_list(p, 1), NULL);
        if (!n->left)
            return NULL;
        skip_newlines(p);
        if (peek(p)->type != T_RPAREN)
            return unexpected(p);
        take(p);
        return with_redirects(p, n);
    }
    if (is_word(p, "{")) {
        take(p);
        struct node *body = parse_body(p, "}");
        return body ? with_redirects(p, new_node(p, N_GROUP, body, NULL)) : NULL;
    }
    if (is_word(p, "if"))
        return with_redirects(p, parse_if(p));
    if (is_word(p, "while"))
        return with_redirects(p, parse_loop(p, N_WHILE));
    if (is_word(p, "until"))
        return with_redirects(p, parse_loop(p, N_UNTIL));
    if (is_word(p, "for"))
        return with_redirects(p, parse_for(p));
    if (is_word(p, "case"))
        return with_redirects(p, parse_case(p));
    if (t->type == T_WORD && t->plain && at_list_end(p))
        return unexpected(p);
    if (t->type != T_WORD && t->type != T_REDIR)
        return unexpected(p);
    return parse_simple(p);
}

static struct node *parse_pipeline(struct parser *p)
{
    if (is_word(p, "time")) {
        take(p);
        struct node *inner = parse_pipeline(p);
        return inner ? new_node(p, N_TIME, inner, NULL) : NULL;
    }
    if (is_word(p, "!")) {
        take(p);
        struct node *inner = parse_pipeline(p);
        return inner ? new_node(p, N_NOT, inner, NULL) : NULL;
    }
    struct node *n = parse_command(p);
    while (n && peek(p)->type == T_PIPE) {
        take(p);
        skip_newlines(p);
        struct node *right = parse_command(p);
        n = right ? new_node(p, N_PIPE, n, right) : NULL;
    }
    return n;
}

static struct node *parse_and_or(struct parser *p)
{
    struct node *n = parse_pipeline(p);
    while (n && (peek(p)->type == T_AND_IF || peek(p)->type == T_OR_IF)) {
        enum node_kind kind = take(p).type == T_AND_IF ? N_AND : N_OR;
        skip_newlines(p);
        struct node *right = parse_pipeline(p);
        n = right ? new_node(p, kind, n, right) : NULL;
    }
    return n;
}

/* A list: at the top level it ends at a newline; in a compound command
   (compound = 1) newlines separate commands until a closing word. */
static struct node *parse_list(struct parser *p, int compound)
{
    if (compound)
        skip_newlines(p);
    if (compound && at_list_end(p))
        return unexpected(p);
    size_t start = peek(p)->start;
    struct node *n = parse_and_or(p);
    while (n) {
        struct token *t = peek(p);
        if (t->type == T_AMP) {
            size_t end = t->start;
            take(p);
            struct node *bg = n->kind == N_SEQ ? n->right : n;
            struct node *job = new_node(p, N_BG, bg, NULL);
            while (end > start && (p->s[end - 1] == ' ' || p->s[end - 1] == '\t'))
                end--;
            job->text = arena_strndup(p->ar, p->s + start, end - start);
            if (n->kind == N_SEQ)
                n->right = job;
            else
                n = job;
        } else if (t->type == T_SEMI) {
            take(p);
        } else if (!(compound && t->type == T_NEWLINE)) {
            break;
        }
        if (compound)
            skip_newlines(p);
        t = peek(p);
        if (t->type == T_NEWLINE || t->type == T_EOF || at_list_end(p))
            break;
        start = t->start;
        struct node *next = parse_and_or(p);
        n = next ? new_node(p, N_SEQ, n, next) : NULL;
    }
    return n;
}

enum parse_result sh_parse(const char *text, size_t *pos, struct node **out, void **arena)
{
    struct arena *ar = calloc(1, sizeof(*ar));
    struct parser p = { .s = text, .pos = *pos, .ar = ar };
    *out = NULL;
    *arena = ar;
    enum parse_result r;
    skip_newlines(&p);
    if (peek(&p)->type == T_EOF && !p.incomplete && !p.failed) {
        r = PARSE_EMPTY;
    } else {
        struct node *n = parse_list(&p, 0);
        struct token *t = peek(&p);
        if (n && t->type != T_NEWLINE && t->type != T_EOF)
            n = unexpected(&p);
        if (n && t->type == T_NEWLINE)
            take(&p);
        r = p.failed ? PARSE_ERROR : p.incomplete ? PARSE_INCOMPLETE : n ? PARSE_OK : PARSE_ERROR;
        *out = n;
    }
    if (r == PARSE_ERROR) { /* the rest of the line goes with the error */
        size_t q = p.have ? p.tok.start : p.pos;
        while (text[q] && text[q] != '\n')
            q++;
        *pos = text[q] ? q + 1 : q;
    } else if (r != PARSE_INCOMPLETE) {
        *pos = p.have ? p.tok.start : p.pos;
    }
    free(p.buf);
    if (r != PARSE_OK) {
        ar->keep = 0;
        sh_tree_free(ar);
        *arena = NULL;
    }
    return r;
}

char *sh_parse_word(const char *text)
{
    struct arena *ar = calloc(1, sizeof(*ar));
    struct parser p = { .s = text, .ar = ar, .whole = 1 };
    struct token t;
    char *word = NULL;
    if (!ar) {
        fputs("sh: out of memory\n", stderr);
        exit(2);
    }
    if (read_word(&p, &t) == 0)
        word = strdup(t.word);
    free(p.buf);
    sh_tree_free(ar);
    return word;
}
