/*
 * sh: the pagelab shell, a POSIX-style sh.
 *
 *   sh                                 read commands from standard input (at a
 *                                      terminal: a prompt with line editing)
 *   sh -c 'COMMANDS' [NAME [ARG...]]   run COMMANDS ($0 = NAME, $1... = ARGs)
 *   sh FILE [ARG...]                   run the script FILE ($0 = FILE)
 *
 * A script may start with "#!/bin/sh" and be run by its name once it is
 * executable (chmod +x): the kernel starts sh with it.  An interactive shell
 * ignores Ctrl-C itself (it ends the line being typed, or reaches the
 * program in the foreground) and exits at Ctrl-D on an empty line.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

#define LINE_MAX_LEN 4096

char **sh_params;
int sh_nparams;
int sh_interactive;
int sh_job_control;
pid_t sh_pgid;

/* Input read so far, run a complete command at a time. */
struct input {
    char *text;
    size_t len, cap, pos;
};

static void append(struct input *in, const char *s, size_t n)
{
    if (in->len + n + 2 > in->cap) {
        while (in->len + n + 2 > in->cap)
            in->cap = in->cap ? in->cap * 2 : 4096;
        in->text = realloc(in->text, in->cap);
    }
    memcpy(in->text + in->len, s, n);
    in->len += n;
    in->text[in->len] = 0;
}

/* One line of a non-terminal input, a byte at a time so that the commands
 * it runs (sh < script) find exactly what the shell did not read.  Returns
 * 0 at the end of input. */
static int read_plain_line(struct input *in)
{
    size_t before = in->len;
    for (;;) {
        char c;
        ssize_t r = read(0, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        append(in, &c, 1);
        if (c == '\n')
            break;
    }
    return in->len > before;
}

/* The next line at the terminal; 0 at end of input. */
static int read_terminal_line(struct input *in, int continued)
{
    char line[LINE_MAX_LEN];
    for (;;) {
        if (!continued)
            jobs_reap(1);
        const char *ps = var_get(continued ? "PS2" : "PS1");
        int n = le_read_line(ps ? ps : "$ ", line, sizeof(line) - 1);
        if (n == LE_EOF)
            return 0;
        if (n == LE_INTERRUPTED) { /* Ctrl-C: the command being typed is dropped */
            sh_last_status = 130;
            in->len = in->pos;
            in->text[in->len] = 0;
            continued = 0;
            continue;
        }
        line[n] = '\n';
        append(in, line, (size_t)n + 1);
        return 1;
    }
}

/* Runs input as it comes: each complete command as soon as it is read. */
static int run_input(int from_terminal)
{
    struct input in = { 0, 0, 0, 0 };
    append(&in, "", 0);
    int continued = 0;
    for (;;) {
        struct node *n;
        void *arena;
        size_t pos = in.pos;
        enum parse_result r = in.pos < in.len ? sh_parse(in.text, &pos, &n, &arena) : PARSE_EMPTY;
        if (r == PARSE_OK) {
            if (from_terminal) { /* one-line commands go to the history */
                char *cmd = strndup(in.text + in.pos, pos - in.pos);
                size_t n = strlen(cmd);
                if (n && cmd[n - 1] == '\n')
                    cmd[--n] = 0;
                if (!strchr(cmd, '\n'))
                    le_history_add(cmd);
                free(cmd);
            }
            in.pos = pos;
            sh_run(n);
            sh_tree_free(arena);
            continued = 0;
            continue;
        }
        if (r == PARSE_ERROR) {
            sh_last_status = 2;
            in.pos = pos;
            if (!from_terminal)
                break; /* a script with a syntax error stops */
            continued = 0;
            continue;
        }
        if (r == PARSE_EMPTY) { /* all consumed: start afresh */
            in.len = in.pos = 0;
            in.text[0] = 0;
            continued = 0;
        } else {
            continued = 1;
        }
        int more = from_terminal ? read_terminal_line(&in, continued) : read_plain_line(&in);
        if (!more) {
            if (r == PARSE_INCOMPLETE) {
                fputs("sh: syntax error: unexpected end of file\n", stderr);
                sh_last_status = 2;
            }
            break;
        }
    }
    free(in.text);
    return sh_last_status;
}

static void setup_interactive(void)
{
    sh_interactive = 1;
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    if (!var_get("PS1"))
        var_set("PS1", "pagelab$ ", 0);
    if (!var_get("PS2"))
        var_set("PS2", "> ", 0);
    /* Job control only if the terminal lets us hand it to a group. */
    if (tcgetpgrp(0) >= 0) {
        setpgid(0, 0);
        if (tcsetpgrp(0, getpgrp()) == 0)
            sh_job_control = 1;
    }
    sh_pgid = getpgrp();
}

static char *read_script(const char *path)
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

int main(int argc, char **argv)
{
    extern char **environ;
    vars_import(environ);
    if (!var_get("PATH"))
        var_set("PATH", "/bin", 1);
    sh_params = argv; /* $0 is the shell itself unless a name follows */
    sh_pgid = getpgrp();
    if (argc > 1 && !strcmp(argv[1], "-c")) {
        if (argc < 3) {
            fputs("sh: -c: option requires an argument\n", stderr);
            return 2;
        }
        if (argc > 3) {
            sh_params = argv + 3;
            sh_nparams = argc - 4;
        }
        return sh_run_string(argv[2]);
    }
    if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
        fprintf(stderr, "sh: %s: invalid option\nusage: sh [-c COMMANDS [NAME [ARG...]] | FILE [ARG...]]\n",
                argv[1]);
        return 2;
    }
    if (argc > 1) {
        sh_params = argv + 1;
        sh_nparams = argc - 2;
        char *text = read_script(argv[1]);
        if (!text) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
        int status = sh_run_string(text);
        free(text);
        return status;
    }
    if (isatty(0))
        setup_interactive();
    int status = run_input(sh_interactive);
    if (sh_interactive)
        fflush(stdout);
    return status;
}
