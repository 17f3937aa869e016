/*
 * run.c: runs parsed pipelines.  Each command of a pipeline is a child
 * joined to the next by a pipe; the shell waits for all of them and takes
 * the last one's status.  Builtins (cd, exit, export, unset, pwd) run in
 * the shell itself when they stand alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

int sh_job_control;
int sh_interactive;

static const char *const signal_names[] = {
    [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
    [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
    [SIGSYS] = "SIGSYS",
};

static void report_signal(const char *name, int sig)
{
    /* Ctrl-C and a reader leaving a pipeline early are not worth a message. */
    if (sig == SIGINT) {
        if (sh_interactive)
            fputc('\n', stderr);
        return;
    }
    if (sig == SIGPIPE)
        return;
    if (sig > 0 && sig < (int)(sizeof(signal_names) / sizeof(signal_names[0])) && signal_names[sig])
        fprintf(stderr, "%s: killed by %s\n", name, signal_names[sig]);
    else
        fprintf(stderr, "%s: killed by signal %d\n", name, sig);
}

static int apply_redirs(struct command *cmd)
{
    for (int i = 0; i < cmd->nredirs; i++) {
        struct redir *r = &cmd->redirs[i];
        int fd;
        if (r->kind == REDIR_DUP) {
            if (dup2(r->dup_from, r->fd) < 0) {
                fprintf(stderr, "sh: %d: %s\n", r->dup_from, strerror(errno));
                return -1;
            }
            continue;
        }
        if (r->kind == REDIR_IN)
            fd = open(r->path, O_RDONLY);
        else
            fd = open(r->path, O_WRONLY | O_CREAT | (r->kind == REDIR_APPEND ? O_APPEND : O_TRUNC),
                      0666);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", r->path, strerror(errno));
            return -1;
        }
        if (fd != r->fd) {
            dup2(fd, r->fd);
            close(fd);
        }
    }
    return 0;
}

/* In the child: become the command. */
static void exec_child(struct command *cmd)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTTOU, SIG_DFL);
    if (apply_redirs(cmd) < 0)
        _exit(1);
    if (cmd->argc == 0)
        _exit(0);
    execvp(cmd->argv[0], cmd->argv);
    int e = errno;
    fprintf(stderr, "sh: %s: %s\n", cmd->argv[0], e == ENOENT ? "command not found" : strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

static int builtin_cd(struct command *cmd)
{
    const char *dir = cmd->argc > 1 ? cmd->argv[1] : getenv("HOME");
    if (!dir)
        dir = "/";
    if (chdir(dir) < 0) {
        fprintf(stderr, "cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    char buf[4096];
    if (getcwd(buf, sizeof(buf)))
        setenv("PWD", buf, 1);
    return 0;
}

static int builtin_export(struct command *cmd)
{
    for (int i = 1; i < cmd->argc; i++) {
        char *eq = strchr(cmd->argv[i], '=');
        if (!eq)
            continue;
        *eq = 0;
        if (setenv(cmd->argv[i], eq + 1, 1) < 0) {
            fprintf(stderr, "export: %s: bad name\n", cmd->argv[i]);
            return 1;
        }
    }
    return 0;
}

/* Runs a builtin; returns its status, or -1 if argv[0] is not one. */
static int run_builtin(struct command *cmd, int last_status)
{
    const char *name = cmd->argv[0];
    if (!strcmp(name, "cd"))
        return builtin_cd(cmd);
    if (!strcmp(name, "exit")) {
        fflush(stdout);
        exit(cmd->argc > 1 ? atoi(cmd->argv[1]) : last_status);
    }
    if (!strcmp(name, "export"))
        return builtin_export(cmd);
    if (!strcmp(name, "unset")) {
        for (int i = 1; i < cmd->argc; i++)
            unsetenv(cmd->argv[i]);
        return 0;
    }
    if (!strcmp(name, "pwd")) {
        char buf[4096];
        if (!getcwd(buf, sizeof(buf))) {
            perror("pwd");
            return 1;
        }
        puts(buf);
        fflush(stdout);
        return 0;
    }
    /* NAME=value alone sets a variable. */
    char *eq = strchr(name, '=');
    if (eq && eq != name && cmd->argc == 1) {
        *eq = 0;
        setenv(name, eq + 1, 1);
        return 0;
    }
    return -1;
}

static int is_builtin(struct command *cmd)
{
    static const char *const names[] = { "cd", "exit", "export", "unset", "pwd" };
    if (cmd->argc == 0)
        return 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(cmd->argv[0], names[i]))
            return 1;
    char *eq = strchr(cmd->argv[0], '=');
    return eq && eq != cmd->argv[0] && cmd->argc == 1;
}

/* Builtins with redirections: applied around the call, then undone. */
static int run_builtin_redirected(struct command *cmd, int last_status)
{
    int saved[3];
    for (int fd = 0; fd < 3; fd++)
        saved[fd] = dup(fd);
    fflush(stdout);
    int status = apply_redirs(cmd) < 0 ? 1 : run_builtin(cmd, last_status);
    fflush(stdout);
    for (int fd = 0; fd < 3; fd++) {
        if (saved[fd] >= 0) {
            dup2(saved[fd], fd);
            close(saved[fd]);
        }
    }
    return status;
}

static int run_pipeline_expanded(struct pipeline *pl, int last_status);

static int run_pipeline(struct pipeline *pl, int last_status)
{
    struct expansion mem = { 0, 0, 0 };
    int status = 1;
    for (int i = 0; i < pl->ncmds; i++)
        if (sh_expand_command(&pl->cmds[i], last_status, &mem) < 0)
            goto out;
    status = run_pipeline_expanded(pl, last_status);
out:
    sh_expansion_free(&mem);
    return status;
}

static int run_pipeline_expanded(struct pipeline *pl, int last_status)
{
    if (pl->ncmds == 1 && is_builtin(&pl->cmds[0]))
        return run_builtin_redirected(&pl->cmds[0], last_status);

    pid_t pids[SH_MAX_CMDS];
    pid_t pgid = 0;
    int in_fd = -1, started = 0;
    fflush(stdout);
    for (int i = 0; i < pl->ncmds; i++, started++) {
        int fds[2] = { -1, -1 };
        if (i + 1 < pl->ncmds && pipe(fds) < 0) {
            perror("sh: pipe");
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("sh: fork");
            pids[i] = -1;
        } else if (pid == 0) {
            /* The child takes the terminal too: it may read it before the
             * parent gets round to tcsetpgrp (SIGTTOU is still ignored here). */
            if (sh_job_control) {
                setpgid(0, pgid);
                if (i == 0)
                    tcsetpgrp(0, getpgrp());
            }
            if (in_fd >= 0) {
                dup2(in_fd, 0);
                close(in_fd);
            }
            if (fds[1] >= 0) {
                dup2(fds[1], 1);
                close(fds[1]);
                close(fds[0]);
            }
            exec_child(&pl->cmds[i]);
        } else {
            pids[i] = pid;
            if (sh_job_control) {
                if (!pgid)
                    pgid = pid;
                setpgid(pid, pgid);   /* both sides, so neither races the other */
                if (i == 0)
                    tcsetpgrp(0, pgid);
            }
        }
        if (in_fd >= 0)
            close(in_fd);
        if (fds[1] >= 0)
            close(fds[1]);
        in_fd = fds[0];
    }
    if (in_fd >= 0)
        close(in_fd);

    int status = 0;
    for (int i = 0; i < started; i++) {
        if (pids[i] < 0) {
            status = 127;
            continue;
        }
        int ws;
        while (waitpid(pids[i], &ws, 0) < 0) {
            if (errno != EINTR) {
                ws = 127 << 8;
                break;
            }
        }
        if (WIFSIGNALED(ws)) {
            report_signal(pl->cmds[i].argc ? pl->cmds[i].argv[0] : "sh", WTERMSIG(ws));
            status = 128 + WTERMSIG(ws);
        } else {
            status = WEXITSTATUS(ws);
        }
    }
    if (sh_job_control)
        tcsetpgrp(0, getpgrp());
    return started < pl->ncmds ? 1 : status;   /* a pipe could not be made */
}

int sh_run_line(struct line *l, int status)
{
    for (int i = 0; i < l->npipes; i++) {
        struct pipeline *pl = &l->pipes[i];
        if ((pl->join == JOIN_AND && status != 0) || (pl->join == JOIN_OR && status == 0))
            continue;
        status = run_pipeline(pl, status);
    }
    return status;
}
