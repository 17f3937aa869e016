/*
 * regex.c: POSIX regular expressions (regex.h), by backtracking.
 *
 * regcomp parses the pattern into a tree: a sequence of atoms (a character,
 * '.', a bracket set, an anchor, a group of alternatives), each with an
 * optional repetition.  regexec tries each start position in turn and
 * matches with continuations: an atom that matches calls what must follow
 * it, so a repetition can give back characters when what follows fails.
 */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

enum { A_CHAR, A_ANY, A_SET, A_BOL, A_EOL, A_GROUP };

struct rnode {
    int type;
    int ch;
    unsigned char set[32]; /* A_SET: a bit per byte */
    int min, max;          /* repetition; max -1: no limit */
    int group;             /* A_GROUP: its number (0 = the whole pattern) */
    struct rnode **alts;   /* A_GROUP: each alternative, a sequence */
    int nalts;
    struct rnode *next;    /* the next atom of the sequence */
    struct rnode *all;     /* every node, for regfree */
};

struct re {
    struct rnode *root;
    struct rnode *nodes;
    int flags;
    size_t ngroups;
};

/* --- compiling --- */

struct comp {
    const char *p;
    int ext, icase;
    int err;
    size_t ngroups;
    struct rnode *nodes;
};

static struct rnode *node(struct comp *c, int type)
{
    struct rnode *n = calloc(1, sizeof(*n));
    if (!n) {
        c->err = REG_ESPACE;
        return NULL;
    }
    n->type = type;
    n->min = n->max = 1;
    n->all = c->nodes;
    c->nodes = n;
    return n;
}

static void set_add(struct rnode *n, int ch, int icase)
{
    n->set[(unsigned char)ch >> 3] |= (unsigned char)(1u << (ch & 7));
    if (icase && isalpha(ch)) {
        int o = islower(ch) ? toupper(ch) : tolower(ch);
        n->set[(unsigned char)o >> 3] |= (unsigned char)(1u << (o & 7));
    }
}

static int class_has(const char *name, size_t len, int ch)
{
    struct {
        const char *name;
        int (*fn)(int);
    } classes[] = {
        { "alpha", isalpha }, { "digit", isdigit }, { "alnum", isalnum }, { "upper", isupper },
        { "lower", islower }, { "space", isspace }, { "punct", ispunct }, { "print", isprint },
        { "graph", isgraph }, { "cntrl", iscntrl }, { "xdigit", isxdigit },
    };
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        if (strlen(classes[i].name) == len && !strncmp(classes[i].name, name, len))
            return classes[i].fn(ch) ? 1 : 0;
    if (len == 5 && !strncmp(name, "blank", 5))
        return ch == ' ' || ch == '\t';
    return -1;
}

static struct rnode *parse_set(struct comp *c)
{
    struct rnode *n = node(c, A_SET);
    if (!n)
        return NULL;
    int negate = 0;
    if (*c->p == '^') {
        negate = 1;
        c->p++;
    }
    int first = 1;
    while (*c->p && (*c->p != ']' || first)) {
        first = 0;
        if (c->p[0] == '[' && c->p[1] == ':') {
            const char *end = strstr(c->p + 2, ":]");
            if (!end) {
                c->err = REG_EBRACK;
                return NULL;
            }
            size_t len = (size_t)(end - c->p - 2);
            if (class_has(c->p + 2, len, 'a') < 0) {
                c->err = REG_ECTYPE;
                return NULL;
            }
            for (int ch = 1; ch < 256; ch++)
                if (class_has(c->p + 2, len, ch) == 1)
                    set_add(n, ch, c->icase);
            c->p = end + 2;
            continue;
        }
        int lo = (unsigned char)*c->p++;
        if (c->p[0] == '-' && c->p[1] && c->p[1] != ']') {
            int hi = (unsigned char)c->p[1];
            c->p += 2;
            if (hi < lo) {
                c->err = REG_ERANGE;
                return NULL;
            }
            for (int ch = lo; ch <= hi; ch++)
                set_add(n, ch, c->icase);
        } else {
            set_add(n, lo, c->icase);
        }
    }
    if (*c->p != ']') {
        c->err = REG_EBRACK;
        return NULL;
    }
    c->p++;
    if (negate)
        for (int i = 0; i < 32; i++)
            n->set[i] = (unsigned char)~n->set[i];
    n->set[0] &= (unsigned char)~1u; /* never the NUL that ends the string */
    return n;
}

static struct rnode *parse_alts(struct comp *c, int group);

/* Is the pattern at the end of a sequence (for a BRE's trailing $)? */
static int seq_end(struct comp *c, const char *p)
{
    return !*p || (!c->ext && p[0] == '\\' && (p[1] == ')' || p[1] == '|')) ||
           (c->ext && (*p == ')' || *p == '|'));
}

static struct rnode *parse_atom(struct comp *c, int at_start)
{
    const char *p = c->p;
    if (c->ext ? *p == '(' : (p[0] == '\\' && p[1] == '(')) {
        c->p += c->ext ? 1 : 2;
        struct rnode *g = parse_alts(c, (int)++c->ngroups);
        if (!g)
            return NULL;
        if (c->ext ? *c->p != ')' : (c->p[0] != '\\' || c->p[1] != ')')) {
            c->err = REG_EPAREN;
            return NULL;
        }
        c->p += c->ext ? 1 : 2;
        return g;
    }
    if (*p == '.') {
        c->p++;
        return node(c, A_ANY);
    }
    if (*p == '[') {
        c->p++;
        return parse_set(c);
    }
    if (*p == '^' && (c->ext || at_start)) {
        c->p++;
        return node(c, A_BOL);
    }
    if (*p == '$' && (c->ext || seq_end(c, p + 1))) {
        c->p++;
        return node(c, A_EOL);
    }
    if (*p == '\\') {
        if (!p[1]) {
            c->err = REG_EESCAPE;
            return NULL;
        }
        c->p += 2;
        struct rnode *n = node(c, A_CHAR);
        if (n)
            n->ch = (unsigned char)p[1];
        return n;
    }
    if (c->ext && (*p == '*' || *p == '+' || *p == '?' || *p == '{') && at_start) {
        c->err = REG_BADRPT;
        return NULL;
    }
    c->p++;
    struct rnode *n = node(c, A_CHAR);
    if (n)
        n->ch = (unsigned char)*p;
    return n;
}

/* A repetition after an atom: * + ? {m,n} (ERE) or * \+ \? \{m,n\} (BRE). */
static int parse_repeat(struct comp *c, struct rnode *n)
{
    for (;;) {
        const char *p = c->p;
        int min, max;
        if (*p == '*') {
            min = 0, max = -1, c->p++;
        } else if (c->ext ? *p == '+' : (p[0] == '\\' && p[1] == '+')) {
            min = 1, max = -1, c->p += c->ext ? 1 : 2;
        } else if (c->ext ? *p == '?' : (p[0] == '\\' && p[1] == '?')) {
            min = 0, max = 1, c->p += c->ext ? 1 : 2;
        } else if (c->ext ? *p == '{' : (p[0] == '\\' && p[1] == '{')) {
            c->p += c->ext ? 1 : 2;
            char *end;
            min = (int)strtol(c->p, &end, 10);
            if (end == c->p) {
                c->err = REG_BADBR;
                return -1;
            }
            max = min;
            if (*end == ',') {
                const char *q = end + 1;
                max = isdigit((unsigned char)*q) ? (int)strtol(q, &end, 10) : -1;
                if (max < 0)
                    end = (char *)q;
            }
            if (c->ext ? *end != '}' : (end[0] != '\\' || end[1] != '}')) {
                c->err = REG_EBRACE;
                return -1;
            }
            c->p = end + (c->ext ? 1 : 2);
            if (max >= 0 && max < min) {
                c->err = REG_BADBR;
                return -1;
            }
        } else {
            return 0;
        }
        if (n->type == A_BOL || n->type == A_EOL) {
            c->err = REG_BADRPT;
            return -1;
        }
        if (n->min != 1 || n->max != 1) {
            /* a** or (x){2}*: the repeated atom becomes a group's one alternative. */
            struct rnode *inner = node(c, A_CHAR);
            if (!inner)
                return -1;
            struct rnode *inner_all = inner->all, *n_all = n->all;
            *inner = *n;
            inner->all = inner_all;
            inner->next = NULL;
            memset(n, 0, sizeof(*n));
            n->all = n_all;
            n->type = A_GROUP;
            n->group = -1;
            n->alts = malloc(sizeof(struct rnode *));
            if (!n->alts) {
                c->err = REG_ESPACE;
                return -1;
            }
            n->alts[0] = inner;
            n->nalts = 1;
        }
        n->min = min;
        n->max = max;
    }
}

static struct rnode *parse_seq(struct comp *c)
{
    struct rnode *head = NULL, **tail = &head;
    int start = 1;
    while (*c->p && !(c->ext ? (*c->p == '|' || *c->p == ')')
                             : (c->p[0] == '\\' && (c->p[1] == '|' || c->p[1] == ')')))) {
        /* A BRE's * at its start is an ordinary character. */
        if (!c->ext && start && *c->p == '*') {
            struct rnode *n = node(c, A_CHAR);
            if (!n)
                return NULL;
            n->ch = '*';
            c->p++;
            *tail = n;
            tail = &n->next;
            start = 0;
            continue;
        }
        struct rnode *n = parse_atom(c, start);
        if (!n || parse_repeat(c, n) < 0)
            return NULL;
        start = n->type == A_BOL && !c->ext;
        *tail = n;
        tail = &n->next;
    }
    if (!head) { /* an empty sequence matches the empty string */
        head = node(c, A_GROUP);
        if (head) {
            head->group = -1;
            head->nalts = 0;
        }
    }
    return head;
}

static struct rnode *parse_alts(struct comp *c, int group)
{
    struct rnode *g = node(c, A_GROUP);
    if (!g)
        return NULL;
    g->group = group;
    for (;;) {
        struct rnode *seq = parse_seq(c);
        if (!seq)
            return NULL;
        struct rnode **alts = realloc(g->alts, sizeof(*alts) * (size_t)(g->nalts + 1));
        if (!alts) {
            c->err = REG_ESPACE;
            return NULL;
        }
        g->alts = alts;
        g->alts[g->nalts++] = seq;
        if (c->ext ? *c->p == '|' : (c->p[0] == '\\' && c->p[1] == '|'))
            c->p += c->ext ? 1 : 2;
        else
            return g;
    }
}

static void free_nodes(struct rnode *n)
{
    while (n) {
        struct rnode *next = n->all;
        free(n->alts);
        free(n);
        n = next;
    }
}

int regcomp(regex_t *restrict re, const char *restrict pattern, int flags)
{
    struct comp c = { pattern, flags & REG_EXTENDED, flags & REG_ICASE, 0, 0, NULL };
    struct rnode *root = parse_alts(&c, 0);
    if (!c.err && *c.p)
        c.err = REG_EPAREN; /* a ) with no ( */
    if (c.err || !root) {
        free_nodes(c.nodes);
        return c.err ? c.err : REG_ESPACE;
    }
    struct re *r = malloc(sizeof(*r));
    if (!r) {
        free_nodes(c.nodes);
        return REG_ESPACE;
    }
    *r = (struct re){ root, c.nodes, flags, c.ngroups };
    re->re_nsub = c.ngroups;
    re->__impl = r;
    return 0;
}

void regfree(regex_t *re)
{
    struct re *r = re->__impl;
    if (!r)
        return;
    free_nodes(r->nodes);
    free(r);
    re->__impl = NULL;
}

/* --- matching --- */

enum { K_SEQ, K_REPEAT, K_GROUP_END };

struct cont {
    int kind;
    const struct rnode *node;
    int count;
    size_t start;
    const struct cont *up;
};

struct run {
    const char *s;
    size_t len;
    int flags, eflags;
    regmatch_t *groups; /* ngroups + 1 */
    size_t ngroups;
    size_t end;
    long steps;
};

static int match(struct run *m, const struct rnode *n, size_t pos, const struct cont *k);

static int run_cont(struct run *m, size_t pos, const struct cont *k);

static int repeat(struct run *m, const struct rnode *n, int count, size_t pos, const struct cont *k);

static int same(struct run *m, int a, int b)
{
    return a == b || ((m->flags & REG_ICASE) && tolower(a) == tolower(b));
}

/* One atom (ignoring its repetition) at pos, then k. */
static int atom(struct run *m, const struct rnode *n, size_t pos, const struct cont *k)
{
    if (++m->steps > 10000000)
        return 0; /* a pathological pattern: give up rather than hang */
    unsigned char ch = pos < m->len ? (unsigned char)m->s[pos] : 0;
    switch (n->type) {
    case A_CHAR:
        return pos < m->len && same(m, ch, n->ch) && run_cont(m, pos + 1, k);
    case A_ANY:
        return pos < m->len && !((m->flags & REG_NEWLINE) && ch == '\n') && run_cont(m, pos + 1, k);
    case A_SET:
        return pos < m->len && (n->set[ch >> 3] & (1u << (ch & 7))) &&
               !((m->flags & REG_NEWLINE) && ch == '\n') && run_cont(m, pos + 1, k);
    case A_BOL:
        return ((pos == 0 && !(m->eflags & REG_NOTBOL)) ||
                ((m->flags & REG_NEWLINE) && pos > 0 && m->s[pos - 1] == '\n')) &&
               run_cont(m, pos, k);
    case A_EOL:
        return ((pos == m->len && !(m->eflags & REG_NOTEOL)) ||
                ((m->flags & REG_NEWLINE) && pos < m->len && m->s[pos] == '\n')) &&
               run_cont(m, pos, k);
    case A_GROUP: {
        if (n->nalts == 0)
            return run_cont(m, pos, k);
        regmatch_t saved = { -1, -1 };
        int g = n->group;
        if (g >= 0 && (size_t)g <= m->ngroups)
            saved = m->groups[g];
        struct cont end = { K_GROUP_END, n, 0, pos, k };
        for (int i = 0; i < n->nalts; i++) {
            if (match(m, n->alts[i], pos, &end))
                return 1;
            if (g >= 0 && (size_t)g <= m->ngroups)
                m->groups[g] = saved;
        }
        return 0;
    }
    }
    return 0;
}

static int repeat(struct run *m, const struct rnode *n, int count, size_t pos, const struct cont *k)
{
    if (n->max < 0 || count < n->max) {
        struct cont again = { K_REPEAT, n, count + 1, pos, k };
        if (atom(m, n, pos, &again))
            return 1;
    }
    return count >= n->min && run_cont(m, pos, k);
}

static int run_cont(struct run *m, size_t pos, const struct cont *k)
{
    if (!k) {
        m->end = pos;
        return 1;
    }
    switch (k->kind) {
    case K_SEQ:
        return match(m, k->node, pos, k->up);
    case K_REPEAT:
        /* An empty round adds nothing: taken only to reach the minimum. */
        if (pos == k->start && k->count > k->node->min)
            return 0;
        return repeat(m, k->node, k->count, pos, k->up);
    case K_GROUP_END: {
        int g = k->node->group;
        if (g < 0 || (size_t)g > m->ngroups)
            return run_cont(m, pos, k->up);
        regmatch_t saved = m->groups[g];
        m->groups[g] = (regmatch_t){ (regoff_t)k->start, (regoff_t)pos };
        if (run_cont(m, pos, k->up))
            return 1;
        m->groups[g] = saved;
        return 0;
    }
    }
    return 0;
}

/* The sequence from n on at pos, then k. */
static int match(struct run *m, const struct rnode *n, size_t pos, const struct cont *k)
{
    if (!n)
        return run_cont(m, pos, k);
    struct cont rest = { K_SEQ, n->next, 0, pos, k };
    const struct cont *after = n->next ? &rest : k;
    if (n->min == 1 && n->max == 1)
        return atom(m, n, pos, after);
    return repeat(m, n, 0, pos, after);
}

int regexec(const regex_t *restrict re, const char *restrict s, size_t nmatch,
            regmatch_t pmatch[restrict], int eflags)
{
    const struct re *r = re->__impl;
    regmatch_t local[10];
    size_t ng = r->ngroups;
    regmatch_t *groups = ng + 1 <= 10 ? local : malloc(sizeof(regmatch_t) * (ng + 1));
    if (!groups)
        return REG_ESPACE;
    struct run m = { s, strlen(s), r->flags, eflags, groups, ng, 0, 0 };
    int found = 0;
    for (size_t start = 0; start <= m.len && !found; start++) {
        for (size_t i = 0; i <= ng; i++)
            groups[i] = (regmatch_t){ -1, -1 };
        found = match(&m, r->root, start, NULL);
        if (found) {
            groups[0] = (regmatch_t){ (regoff_t)start, (regoff_t)m.end };
        }
    }
    if (found && !(r->flags & REG_NOSUB))
        for (size_t i = 0; i < nmatch; i++)
            pmatch[i] = i <= ng ? groups[i] : (regmatch_t){ -1, -1 };
    if (groups != local)
        free(groups);
    return found ? 0 : REG_NOMATCH;
}

size_t regerror(int err, const regex_t *restrict re, char *restrict buf, size_t size)
{
    static const char *const text[] = {
        "Success",
        "No match",
        "Invalid regular expression",
        "Invalid collation character",
        "Invalid character class name",
        "Trailing backslash",
        "Invalid back reference",
        "Unmatched [, [^, [:, [., or [=",
        "Unmatched ( or \\(",
        "Unmatched \\{",
        "Invalid content of \\{\\}",
        "Invalid range end",
        "Memory exhausted",
        "Invalid preceding regular expression",
    };
    const char *t = err >= 0 && err < (int)(sizeof(text) / sizeof(text[0])) ? text[err] : "Unknown error";
    size_t n = strlen(t) + 1;
    if (size) {
        size_t k = n < size ? n : size;
        memcpy(buf, t, k - 1);
        buf[k - 1] = 0;
    }
    return n;
}
