/*
 * test EXPRESSION, [ EXPRESSION ]: exits 0 if the expression is true, 1 if
 * false, 2 on an error, as coreutils' test:
 *
 *   files    -e -f -d -c -b -p -S -h/-L -r -w -x -s -u -g -k FILE;  -t FD
 *   strings  -z S, -n S, S, S1 = S2, S1 == S2, S1 != S2
 *   numbers  N1 -eq N2 (-ne -lt -le -gt -ge)
 *   files    F1 -nt F2, F1 -ot F2, F1 -ef F2
 *   logic    ! E, E1 -a E2, E1 -o E2, ( E )
 *
 * Run as "[" (bin/[ is a copy of this program), the last argument must be "]".
 * Like a root shell's test, -r and -w are true for any existing file and
 * -x for one with some execute bit (or a directory).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static char **args;
static int nargs, pos;
static const char *prog = "test";

static void fail(const char *fmt, const char *what)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, what);
    fputc('\n', stderr);
    exit(2);
}

static const char *next_arg(void)
{
    if (pos >= nargs)
        fail("missing argument after '%s'", pos ? args[pos - 1] : "");
    return args[pos++];
}

static long integer(const char *s)
{
    const char *p = s;
    while (isspace((unsigned char)*p))
        p++;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    if (end == p || *end || errno)
        fail("invalid integer '%s'", s);
    return v;
}

static int is_unary(const char *s)
{
    return s[0] == '-' && s[1] && !s[2] && strchr("efdcbpShLrwxsugkztn", s[1]);
}

static int is_binary(const char *s)
{
    static const char *const ops[] = { "=", "==", "!=", "-eq", "-ne", "-lt", "-le",
                                       "-gt", "-ge", "-nt", "-ot", "-ef" };
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        if (!strcmp(s, ops[i]))
            return 1;
    return 0;
}

static int unary(char op, const char *arg)
{
    struct stat st;
    if (op == 'z')
        return !*arg;
    if (op == 'n')
        return *arg != 0;
    if (op == 't')
        return isatty((int)integer(arg));
    int r = (op == 'h' || op == 'L') ? lstat(arg, &st) : stat(arg, &st);
    if (r < 0)
        return 0;
    switch (op) {
    case 'e': return 1;
    case 'f': return S_ISREG(st.st_mode);
    case 'd': return S_ISDIR(st.st_mode);
    case 'c': return S_ISCHR(st.st_mode);
    case 'b': return S_ISBLK(st.st_mode);
    case 'p': return S_ISFIFO(st.st_mode);
    case 'S': return S_ISSOCK(st.st_mode);
    case 'h': case 'L': return S_ISLNK(st.st_mode);
    case 'r': case 'w': return access(arg, op == 'r' ? R_OK : W_OK) == 0;
    case 'x': return access(arg, X_OK) == 0;
    case 's': return st.st_size > 0;
    case 'u': return (st.st_mode & S_ISUID) != 0;
    case 'g': return (st.st_mode & S_ISGID) != 0;
    case 'k': return (st.st_mode & S_ISVTX) != 0;
    }
    return 0;
}

static int binary(const char *a, const char *op, const char *b)
{
    if (!strcmp(op, "=") || !strcmp(op, "=="))
        return !strcmp(a, b);
    if (!strcmp(op, "!="))
        return strcmp(a, b) != 0;
    if (!strcmp(op, "-ef") || !strcmp(op, "-nt") || !strcmp(op, "-ot")) {
        struct stat sa, sb;
        int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
        if (op[1] == 'e')
            return ha && hb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
        if (op[1] == 'n')
            return ha && (!hb || sa.st_mtime > sb.st_mtime);
        return hb && (!ha || sa.st_mtime < sb.st_mtime);
    }
    long x = integer(a), y = integer(b);
    if (!strcmp(op, "-eq")) return x == y;
    if (!strcmp(op, "-ne")) return x != y;
    if (!strcmp(op, "-lt")) return x < y;
    if (!strcmp(op, "-le")) return x <= y;
    if (!strcmp(op, "-gt")) return x > y;
    return x >= y;
}

static int expr(void);

static int primary(void)
{
    const char *a = next_arg();
    if (!strcmp(a, "!"))
        return !primary();
    /* a binary operator right after the first word takes precedence, so
       that [ = = = ] and [ -n = x ] mean what POSIX says */
    if (pos + 1 <= nargs - 1 && is_binary(args[pos])) {
        const char *op = args[pos++];
        return binary(a, op, next_arg());
    }
    if (!strcmp(a, "(") && pos < nargs) {
        int v = expr();
        if (pos >= nargs || strcmp(args[pos], ")"))
            fail("missing ')'%s", "");
        pos++;
        return v;
    }
    if (is_unary(a) && pos < nargs)
        return unary(a[1], next_arg());
    return *a != 0;
}

static int and_expr(void)
{
    int v = primary();
    while (pos < nargs && !strcmp(args[pos], "-a")) {
        pos++;
        int w = primary();
        v = v && w;
    }
    return v;
}

static int expr(void)
{
    int v = and_expr();
    while (pos < nargs && !strcmp(args[pos], "-o")) {
        pos++;
        int w = and_expr();
        v = v || w;
    }
    return v;
}

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    prog = argv[0]; /* messages name the program as it was called, as coreutils' */
    if (!strcmp(base, "[")) {
        if (argc < 2 || strcmp(argv[argc - 1], "]"))
            fail("missing ']'%s", "");
        argc--;
    }
    args = argv + 1;
    nargs = argc - 1;
    if (nargs == 0)
        return 1;
    int v = expr();
    if (pos < nargs)
        fail("extra argument '%s'", args[pos]);
    return v ? 0 : 1;
}
