/*
 * builtins.c: the commands the shell runs itself, because they change the
 * shell (cd, exit, export, read, shift, exec, break ...) or its jobs (jobs,
 * wait, fg, bg).  Statuses and messages follow bash's where they differ from
 * nothing at all.  Everything else (echo, test, true ...) is a program in /bin.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

static int b_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : var_get("HOME");
    if (!dir)
        dir = "/";
    int print = 0;
    if (!strcmp(dir, "-")) {
        dir = var_get("OLDPWD");
        if (!dir) {
            fputs("sh: cd: OLDPWD not set\n", stderr);
            return 1;
        }
        print = 1;
    }
    char old[4096];
    if (!getcwd(old, sizeof(old)))
        old[0] = 0;
    if (chdir(dir) < 0) {
        fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char buf[4096];
    if (getcwd(buf, sizeof(buf))) {
        var_set("PWD", buf, 1);
        if (print)
            puts(buf);
    }
    if (old[0])
        var_set("OLDPWD", old, 1);
    return 0;
}

static int b_pwd(int argc, char **argv)
{
    char buf[4096];
    if (!getcwd(buf, sizeof(buf))) {
        fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
        return 1;
    }
    puts(buf);
    return 0;
}

/* A number argument of exit/return/shift/break: 0..255, or -1 if it is not one. */
static long number(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end ? v : -1;
}

static int b_exit(int argc, char **argv)
{
    int status = sh_last_status;
    if (argc > 1) {
        long v = number(argv[1]);
        if (v < 0 && !(argv[1][0] == '-' && number(argv[1] + 1) >= 0)) {
            fprintf(stderr, "sh: exit: %s: numeric argument required\n", argv[1]);
            status = 2;
        } else {
            status = (int)(strtol(argv[1], NULL, 10) & 0xff);
        }
    }
    fflush(stdout);
    exit(status);
}

static int b_export(int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-p"))) {
        vars_print_exported();
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq) {
            *eq = 0;
            status |= var_set(argv[i], eq + 1, 1) < 0;
            *eq = '=';
        } else if (!var_valid_name(argv[i], strlen(argv[i]))) {
            fprintf(stderr, "sh: export: `%s': not a valid identifier\n", argv[i]);
            status = 1;
        } else {
            var_export(argv[i]);
        }
    }
    return status;
}

static int b_unset(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-v"))
            var_unset(argv[i]);
    return 0;
}

static int b_shift(int argc, char **argv)
{
    long n = argc > 1 ? number(argv[1]) : 1;
    if (n < 0 || n > sh_nparams)
        return 1;
    char *zero = sh_params[0];
    sh_params += n;
    sh_params[0] = zero;
    sh_nparams -= (int)n;
    return 0;
}

/* set -- ARGS: new positional parameters. */
static int b_set(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--")) {
        fputs("sh: set: only `set -- ARGS' is supported\n", stderr);
        return 2;
    }
    char **params = malloc(sizeof(char *) * (size_t)argc);
    params[0] = sh_params ? sh_params[0] : "sh";
    for (int i = 2; i < argc; i++)
        params[i - 1] = strdup(argv[i]);
    params[argc - 1] = NULL;
    sh_params = params; /* the old array may be argv or another set: kept */
    sh_nparams = argc - 2;
    return 0;
}

/* read [-r] NAME...: one line of standard input, split into the names
   (the last takes the rest); status 1 at end of input. */
static int b_read(int argc, char **argv)
{
    int raw = 0, i = 1;
    if (i < argc && !strcmp(argv[i], "-r")) {
        raw = 1;
        i++;
    }
    char line[4096];
    size_t n = 0;
    int got = 0, eof = 0;
    for (;;) {
        char c;
        ssize_t r = read(0, &c, 1); /* a byte at a time: the rest stays for others */
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            eof = 1;
            break;
        }
        got = 1;
        if (c == '\\' && !raw) {
            if (read(0, &c, 1) == 1 && c != '\n' && n < sizeof(line) - 1)
                line[n++] = c;
            continue;
        }
        if (c == '\n')
            break;
        if (n < sizeof(line) - 1)
            line[n++] = c;
    }
    line[n] = 0;
    if (i == argc) {
        var_set("REPLY", line, 0);
    } else {
        char *p = line;
        for (; i < argc; i++) {
            while (*p == ' ' || *p == '\t')
                p++;
            char *start = p;
            if (i < argc - 1) {
                while (*p && *p != ' ' && *p != '\t')
                    p++;
                if (*p)
                    *p++ = 0;
            } else {
                char *end = start + strlen(start);
                while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
                    *--end = 0;
            }
            if (var_set(argv[i], start, 0) < 0)
                return 2;
        }
    }
    return eof && !got ? 1 : eof ? 1 : 0;
}

static char *read_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    ssize_t r;
    while ((r = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)r;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
    }
    close(fd);
    buf[len] = 0;
    return buf;
}

static int b_source(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "sh: %s: filename argument required\n", argv[0]);
        return 2;
    }
    char *text = read_file(argv[1]);
    if (!text) {
        fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    int status = sh_run_string(text);
    free(text);
    return status;
}

static int b_eval(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 1; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *text = malloc(len);
    text[0] = 0;
    for (int i = 1; i < argc; i++) {
        strcat(text, argv[i]);
        if (i + 1 < argc)
            strcat(text, " ");
    }
    int status = sh_run_string(text);
    free(text);
    return status;
}

static int b_exec(int argc, char **argv)
{
    if (argc == 1)
        return 0; /* only redirections: run.c keeps them */
    sh_exec_program(argv + 1, NULL, 0);
}

/* break [N], continue [N]: leave or restart the Nth enclosing loop. */
static int b_loop(int argc, char **argv)
{
    long n = argc > 1 ? number(argv[1]) : 1;
    if (n < 1) {
        fprintf(stderr, "sh: %s: %s: loop count out of range\n", argv[0], argv[1]);
        return 1;
    }
    if (!sh_loop_depth)
        return 0; /* outside a loop: nothing to do, as bash */
    if (n > sh_loop_depth)
        n = sh_loop_depth;
    if (argv[0][0] == 'b')
        sh_break_levels = (int)n;
    else
        sh_continue_levels = (int)n;
    return 0;
}

static int b_return(int argc, char **argv)
{
    if (!sh_func_depth) {
        fputs("sh: return: can only `return' from a function or sourced script\n", stderr);
        return 1;
    }
    sh_last_status = argc > 1 ? (int)(strtol(argv[1], NULL, 10) & 0xff) : sh_last_status;
    sh_returning = 1;
    return sh_last_status;
}

static int b_true(int argc, char **argv) { return 0; }
static int b_false(int argc, char **argv) { return 1; }

static int b_history(int argc, char **argv)
{
    le_history_print();
    return 0;
}

static const struct {
    const char *name;
    int (*fn)(int, char **);
} builtins[] = {
    { "cd", b_cd },         { "pwd", b_pwd },       { "exit", b_exit },     { "export", b_export },
    { "unset", b_unset },   { "shift", b_shift },   { "set", b_set },       { "read", b_read },
    { ".", b_source },      { "source", b_source }, { "eval", b_eval },     { "exec", b_exec },
    { "break", b_loop },    { "continue", b_loop }, { "return", b_return }, { ":", b_true },
    { "true", b_true },     { "false", b_false },   { "jobs", jobs_builtin_jobs },
    { "wait", jobs_builtin_wait },                  { "fg", jobs_builtin_fg },
    { "bg", jobs_builtin_bg },
    { "history", b_history },
};

int sh_is_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (!strcmp(name, builtins[i].name))
            return 1;
    return 0;
}

int sh_builtin(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (!strcmp(argv[0], builtins[i].name))
            return builtins[i].fn(argc, argv);
    return -1;
}
