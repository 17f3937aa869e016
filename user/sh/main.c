/*
 * sh: the pagelab shell.
 *
 *   sh                 read commands from stdin (a prompt when it is a terminal)
 *   sh -c 'COMMANDS' [NAME [ARG...]]   run COMMANDS ($0 = NAME, $1... = ARGs)
 *   sh FILE [ARG...]                   run the commands in FILE ($0 = FILE)
 *
 * An interactive shell ignores SIGINT itself; Ctrl-C reaches the program
 * in the foreground (its own process group when the terminal allows it).
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

/* One line, read a byte at a time so that commands run from the same
 * input (sh < script) see exactly what the shell did not consume.
 * Returns the length, or -1 at end of input with nothing read. */
static int read_line(int fd, char *buf, int cap)
{
    int n = 0;
    for (;;) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR) {
            if (sh_interactive) {   /* Ctrl-C at the prompt: a fresh line */
                n = 0;
                return 0;
            }
            continue;
        }
        if (r <= 0)
            return n ? n : -1;
        if (c == '\n')
            break;
        if (n < cap - 1)
            buf[n++] = c;
    }
    buf[n] = 0;
    return n;
}

static int run_text(const char *text, int status)
{
    struct line l;
    if (sh_parse(text, &l) == 0)
        status = sh_run_line(&l, status);
    else
        status = 2;
    sh_free_line(&l);
    return status;
}

/* Each command line of a -c string, in order (a quoted newline stays in
   its word). */
static int run_string(const char *s)
{
    int status = 0;
    char *copy = strdup(s);
    for (char *line = copy; *line;) {
        char *end = (char *)sh_line_end(line, NULL);
        int last = *end == 0;
        *end = 0;
        status = run_text(line, status);
        line = last ? end : end + 1;
    }
    free(copy);
    return status;
}

/* A line whose quote is still open continues on the next input line. */
static int read_command_line(int fd, char *buf, int cap)
{
    int n = read_line(fd, buf, cap);
    int open_quote;
    while (n >= 0 && (sh_line_end(buf, &open_quote), open_quote) && n < cap - 2) {
        if (sh_interactive) {
            fputs("> ", stdout);
            fflush(stdout);
        }
        buf[n++] = '\n';
        int more = read_line(fd, buf + n, cap - n);
        if (more < 0) {
            buf[n - 1] = 0;
            break;
        }
        n += more;
    }
    return n;
}

static void setup_interactive(void)
{
    sh_interactive = 1;
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    /* Job control only if the terminal lets us hand it to a group. */
    if (tcgetpgrp(0) >= 0) {
        setpgid(0, 0);
        if (tcsetpgrp(0, getpgrp()) == 0)
            sh_job_control = 1;
    }
}

char **sh_params;
int sh_nparams;

int main(int argc, char **argv)
{
    if (!getenv("PATH"))
        setenv("PATH", "/bin", 1);
    sh_params = argv;   /* $0 is the shell itself unless a name follows */
    if (argc > 2 && !strcmp(argv[1], "-c")) {
        if (argc > 3) {
            sh_params = argv + 3;
            sh_nparams = argc - 4;
        }
        return run_string(argv[2]);
    }
    int fd = 0;
    if (argc > 1) {
        sh_params = argv + 1;
        sh_nparams = argc - 2;
        fd = open(argv[1], O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
    } else if (isatty(0)) {
        setup_interactive();
    }
    char line[LINE_MAX_LEN];
    int status = 0;
    for (;;) {
        if (sh_interactive) {
            fputs("pagelab$ ", stdout);
            fflush(stdout);
        }
        if (read_command_line(fd, line, sizeof(line)) < 0)
            break;
        status = run_text(line, status);
    }
    if (sh_interactive)
        fputc('\n', stdout);
    return status;
}
