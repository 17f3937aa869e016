/*
 * run.c: runs the tree parse.c made.  A pipeline's commands are children
 * joined by pipes; an interactive shell puts each foreground job in its own
 * process group and hands it the terminal, so that Ctrl-C reaches it and
 * not the shell.  A command in a child that will exit anyway (the last of a
 * pipeline, a subshell) is exec'd without another fork.  Builtins and
 * functions run in the shell itself; their redirections are undone after.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "sh.h"

int sh_last_status;
pid_t sh_last_bg_pid;
int sh_break_levels, sh_continue_levels, sh_returning;
int sh_loop_depth, sh_func_depth;

static int run_node(struct node *n, int in_child);

/* --- deaths by signal, as bash reports them --- */

static const char *signal_text(int sig)
{
    switch (sig) {
    case SIGHUP: return "Hangup";
    case SIGQUIT: return "Quit";
    case SIGILL: return "Illegal instruction";
    case SIGTRAP: return "Trace/breakpoint trap";
    case SIGABRT: return "Aborted";
    case SIGBUS: return "Bus error";
    case SIGFPE: return "Floating point exception";
    case SIGKILL: return "Killed";
    case SIGUSR1: return "User defined signal 1";
    case SIGSEGV: return "Segmentation fault";
    case SIGUSR2: return "User defined signal 2";
    case SIGALRM: return "Alarm clock";
    case SIGTERM: return "Terminated";
    case SIGSYS: return "Bad system call";
    default: return NULL;
    }
}

int sh_status_of(int ws, const char *name)
{
    if (!WIFSIGNALED(ws))
        return WEXITSTATUS(ws);
    int sig = WTERMSIG(ws);
    if (sig == SIGINT) {
        /* Ctrl-C: the terminal echoed "^C" and a newline; nothing more to say */
    } else if (sig != SIGPIPE) { /* a reader leaving a pipeline early is normal */
        const char *t = signal_text(sig);
        if (sh_interactive)
            t ? fprintf(stderr, "%s\n", t) : fprintf(stderr, "Signal %d\n", sig);
        else
            t ? fprintf(stderr, "sh: %s: %s\n", name, t) : fprintf(stderr, "sh: %s: Signal %d\n", name, sig);
    }
    return 128 + sig;
}

const char *sh_job_text;

/* The words joined by sep into buf (a job's text: "sleep 30", "a | b"). */
static const char *join_words(char *buf, size_t size, char *const *words, int n, const char *sep)
{
    buf[0] = 0;
    for (int i = 0; (n < 0 || i < n) && words[i]; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%s%s", i ? sep : "", words[i]);
    }
    return buf;
}

int sh_wait_foreground(pid_t *pids, int n, pid_t pgid, char *const *names)
{
    int status = 0;
    for (int i = 0; i < n; i++) {
        if (pids[i] <= 0) {
            status = 127;
            continue;
        }
        int ws;
        /* With job control, Ctrl-Z stops the job: it is kept as a
           stopped job (fg, bg) and the shell takes the terminal back. */
        int options = sh_job_control && pgid ? WUNTRACED : 0;
        while (waitpid(pids[i], &ws, options) < 0) {
            if (errno != EINTR) {
                ws = 127 << 8;
                break;
            }
        }
        if (WIFSTOPPED(ws)) {
            jobs_stopped(pids[n - 1], pgid,
                         sh_job_text ? sh_job_text : names && names[0] ? names[0] : "sh");
            status = 128 + WSTOPSIG(ws);
            break;
        }
        int st = sh_status_of(ws, names && names[i] ? names[i] : "sh");
        if (i == n - 1)
            status = st;
    }
    if (sh_job_control && pgid)
        tcsetpgrp(0, sh_pgid);
    return status;
}

/* --- redirections --- */

struct saved_fd {
    int fd, copy; /* copy -1: fd was closed before */
};

struct saved {
    struct saved_fd fds[16];
    int n;
};

static void save_fd(struct saved *s, int fd)
{
    if (!s || s->n == 16)
        return;
    for (int i = 0; i < s->n; i++)
        if (s->fds[i].fd == fd)
            return;
    s->fds[s->n].fd = fd;
    s->fds[s->n].copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    s->n++;
}

static void restore_fds(struct saved *s)
{
    fflush(stdout);
    for (int i = s->n - 1; i >= 0; i--) {
        if (s->fds[i].copy >= 0) {
            dup2(s->fds[i].copy, s->fds[i].fd);
            close(s->fds[i].copy);
        } else {
            close(s->fds[i].fd);
        }
    }
    s->n = 0;
}

/* Applies the redirections; with s, what they replace is kept to be put
   back.  Returns 0, or -1 after a message. */
static int apply_redirs(struct redir *r, struct saved *s)
{
    fflush(stdout);
    for (; r; r = r->next) {
        char *target = sh_expand_one(r->target);
        if (!target)
            return -1;
        int fd;
        if (r->kind == R_DUP_OUT || r->kind == R_DUP_IN) {
            save_fd(s, r->fd);
            if (!strcmp(target, "-")) {
                close(r->fd);
                free(target);
                continue;
            }
            char *end;
            long from = strtol(target, &end, 10);
            if (*end || end == target || from < 0) {
                fprintf(stderr, "sh: %s: bad file descriptor\n", target);
                free(target);
                return -1;
            }
            if (dup2((int)from, r->fd) < 0) {
                fprintf(stderr, "sh: %ld: %s\n", from, strerror(errno));
                free(target);
                return -1;
            }
            free(target);
            continue;
        }
        int flags = r->kind == R_IN      ? O_RDONLY
                    : r->kind == R_INOUT ? O_RDWR | O_CREAT
                    : r->kind == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND
                                          : O_WRONLY | O_CREAT | O_TRUNC;
        fd = open(target, flags, 0666);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", target, strerror(errno));
            free(target);
            return -1;
        }
        free(target);
        if (fd != r->fd) {
            save_fd(s, r->fd);
            dup2(fd, r->fd);
            close(fd);
        }
    }
    return 0;
}

/* --- programs --- */

static void child_signals(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTTOU, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
}

/* An ELF file the kernel refused: says why (the kernel's reason from
   /proc/self/exec_refusal) and ends the child with 126, as shells do for a
   binary they cannot run.  Returns if path is not an ELF file. */
static void refused_binary(const char *path)
{
    char head[4] = "";
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, head, sizeof head) : -1;
    if (fd >= 0)
        close(fd);
    if (n != 4 || memcmp(head, "\177ELF", 4) != 0)
        return;
    char why[128] = "";
    fd = open("/proc/self/exec_refusal", O_RDONLY);
    n = fd >= 0 ? read(fd, why, sizeof why - 1) : -1;
    if (fd >= 0)
        close(fd);
    why[n > 0 ? n : 0] = '\0';
    why[strcspn(why, "\n")] = '\0';
    fprintf(stderr, "sh: %s: cannot execute: %s\n", path, why[0] ? why : strerror(ENOEXEC));
    _exit(126);
}

/* Execs path; returns errno. A file the kernel cannot run that has no
   "#!" line is a script for us, as POSIX shells do (an ELF file is not:
   its refusal is shown). */
static int try_exec(const char *path, char **argv, char **env)
{
    execve(path, argv, env);
    int e = errno;
    if (e == ENOEXEC)
        refused_binary(path);
    if (e == ENOEXEC) {
        int argc = 0;
        while (argv[argc])
            argc++;
        char **args = malloc(sizeof(char *) * (size_t)(argc + 2));
        args[0] = "sh";
        args[1] = (char *)path;
        for (int i = 1; i <= argc; i++)
            args[i + 1] = argv[i];
        execve("/bin/sh", args, env);
        free(args);
    }
    return e;
}

void sh_exec_program(char **argv, char **assigns, int nassigns)
{
    char **env = vars_environ(assigns, nassigns);
    const char *name = argv[0];
    int e;
    fflush(stdout);
    if (strchr(name, '/')) {
        e = try_exec(name, argv, env);
    } else {
        const char *path = NULL;
        for (int i = 0; i < nassigns; i++)
            if (!strncmp(assigns[i], "PATH=", 5))
                path = assigns[i] + 5;
        if (!path)
            path = var_get("PATH");
        if (!path)
            path = "/bin";
        e = ENOENT;
        int denied = 0;
        for (const char *p = path;; p++) {
            const char *end = strchr(p, ':');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char full[4096];
            snprintf(full, sizeof(full), "%.*s%s%s", (int)len, p, len ? "/" : "", name);
            int r = try_exec(full, argv, env);
            if (r == EACCES)
                denied = 1;
            else if (r != ENOENT && r != ENOTDIR)
                e = r;
            if (!end)
                break;
            p = end;
        }
        if (e == ENOENT && denied)
            e = EACCES;
        if (e == ENOENT) {
            fprintf(stderr, "sh: %s: command not found\n", name);
            _exit(127);
        }
    }
    struct stat st;
    if (e == EACCES && stat(name, &st) == 0 && S_ISDIR(st.st_mode))
        fprintf(stderr, "sh: %s: Is a directory\n", name);
    else
        fprintf(stderr, "sh: %s: %s\n", name, strerror(e));
    _exit(e == ENOENT ? 127 : 126);
}

/* --- simple commands --- */

static int run_function(struct node *body, int argc, char **argv)
{
    char **saved_params = sh_params;
    int saved_n = sh_nparams;
    char *name0 = sh_params ? sh_params[0] : argv[0];
    char **params = malloc(sizeof(char *) * (size_t)(argc + 1));
    params[0] = name0;
    for (int i = 1; i < argc; i++)
        params[i] = argv[i];
    params[argc] = NULL;
    sh_params = params;
    sh_nparams = argc - 1;
    sh_func_depth++;
    int status = run_node(body, 0);
    sh_func_depth--;
    if (sh_returning) {
        sh_returning = 0;
        status = sh_last_status;
    }
    sh_params = saved_params;
    sh_nparams = saved_n;
    free(params);
    return status;
}

/* Sets the command's NAME=value words as shell variables. */
static int assign_all(struct node *n)
{
    for (int i = 0; i < n->nassigns; i++) {
        char *eq = strchr(n->assigns[i], '=');
        char *name = strndup(n->assigns[i], (size_t)(eq - n->assigns[i]));
        char *value = sh_expand_one(eq + 1);
        int r = value ? var_set(name, value, 0) : -1;
        free(name);
        free(value);
        if (r < 0)
            return -1;
    }
    return 0;
}

/* The assignments as "NAME=value" strings for a program's environment. */
static char **expanded_assigns(struct node *n)
{
    char **out = calloc((size_t)n->nassigns + 1, sizeof(char *));
    for (int i = 0; i < n->nassigns; i++) {
        char *eq = strchr(n->assigns[i], '=');
        char *value = sh_expand_one(eq + 1);
        size_t len = (size_t)(eq - n->assigns[i]) + strlen(value ? value : "") + 2;
        out[i] = malloc(len);
        snprintf(out[i], len, "%.*s=%s", (int)(eq - n->assigns[i]), n->assigns[i],
                 value ? value : "");
        free(value);
    }
    return out;
}

static void free_vec(char **v)
{
    for (int i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

/* Forks a foreground child in its own process group (job control) that
   runs n; returns its pid. */
static pid_t fork_foreground(pid_t *pgid)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("sh: fork");
        return -1;
    }
    if (pid == 0) {
        if (sh_job_control) {
            setpgid(0, *pgid);
            if (!*pgid)
                tcsetpgrp(0, getpgrp());
        }
        sh_job_control = 0;
        sh_interactive = 0;
        child_signals();
        return 0;
    }
    if (sh_job_control) {
        if (!*pgid)
            *pgid = pid;
        setpgid(pid, *pgid); /* both sides, so neither races the other */
        tcsetpgrp(0, *pgid);
    }
    return pid;
}

static int run_simple(struct node *n, int in_child)
{
    struct strvec args = { 0, 0, 0 };
    sh_subst_status = -1;
    if (sh_expand_words(n->words, n->nwords, &args) < 0)
        return 1;
    int status;
    if (args.n == 0) { /* assignments and redirections only: the status of a $(...) in them */
        status = assign_all(n) < 0 ? 1 : sh_subst_status >= 0 ? sh_subst_status : 0;
        struct saved s = { .n = 0 };
        if (n->redirs) {
            if (apply_redirs(n->redirs, &s) < 0)
                status = 1;
            restore_fds(&s);
        }
        strvec_free(&args);
        return status;
    }
    struct node *func = func_find(args.v[0]);
    if (func || sh_is_builtin(args.v[0])) {
        /* exec with no command: its redirections stay. */
        int permanent = !strcmp(args.v[0], "exec") && args.n == 1;
        struct saved s = { .n = 0 };
        if (assign_all(n) < 0 || apply_redirs(n->redirs, permanent ? NULL : &s) < 0)
            status = 1;
        else if (func)
            status = run_function(func, args.n, args.v);
        else
            status = sh_builtin(args.n, args.v);
        fflush(stdout);
        restore_fds(&s);
        strvec_free(&args);
        return status;
    }
    char **assigns = expanded_assigns(n);
    pid_t pgid = 0;
    pid_t pid = in_child ? 0 : fork_foreground(&pgid);
    if (pid == 0) {
        if (apply_redirs(n->redirs, NULL) < 0)
            _exit(1);
        sh_exec_program(args.v, assigns, n->nassigns);
    }
    char text[256];
    sh_job_text = join_words(text, sizeof text, args.v, -1, " ");
    status = pid < 0 ? 1 : sh_wait_foreground(&pid, 1, pgid, args.v);
    sh_job_text = NULL;
    free_vec(assigns);
    strvec_free(&args);
    return status;
}

/* --- pipelines, jobs and compound commands --- */

static int collect_pipeline(struct node *n, struct node **out, int max)
{
    if (n->kind != N_PIPE) {
        out[0] = n;
        return 1;
    }
    int k = collect_pipeline(n->left, out, max);
    if (k < max)
        out[k++] = n->right;
    return k;
}

static const char *command_name(struct node *n)
{
    return n->kind == N_SIMPLE && n->nwords ? n->words[0] : "sh";
}

#define MAX_PIPELINE 32

static int run_pipeline(struct node *n)
{
    struct node *cmds[MAX_PIPELINE];
    int count = collect_pipeline(n, cmds, MAX_PIPELINE);
    pid_t pids[MAX_PIPELINE];
    char *names[MAX_PIPELINE];
    pid_t pgid = 0;
    int in_fd = -1;
    for (int i = 0; i < count; i++) {
        int fds[2] = { -1, -1 };
        names[i] = (char *)command_name(cmds[i]);
        if (i + 1 < count && pipe(fds) < 0) {
            perror("sh: pipe");
            pids[i] = -1;
            break;
        }
        pid_t pid = fork_foreground(&pgid);
        if (pid == 0) {
            if (in_fd >= 0) {
                dup2(in_fd, 0);
                close(in_fd);
            }
            if (fds[1] >= 0) {
                dup2(fds[1], 1);
                close(fds[1]);
                close(fds[0]);
            }
            int st = run_node(cmds[i], 1);
            fflush(stdout);
            _exit(st);
        }
        pids[i] = pid;
        if (in_fd >= 0)
            close(in_fd);
        if (fds[1] >= 0)
            close(fds[1]);
        in_fd = fds[0];
    }
    if (in_fd >= 0)
        close(in_fd);
    char text[256];
    sh_job_text = join_words(text, sizeof text, names, count, " | ");
    int status = sh_wait_foreground(pids, count, pgid, names);
    sh_job_text = NULL;
    return status;
}

static int run_background(struct node *n)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("sh: fork");
        return 1;
    }
    if (pid == 0) {
        if (sh_job_control) {
            setpgid(0, 0); /* its own group, not the terminal's: Ctrl-C is not for it */
        } else {
            /* No job control: a background job does not read the terminal. */
            int null = open("/dev/null", O_RDONLY);
            if (null >= 0 && null != 0) {
                dup2(null, 0);
                close(null);
            }
        }
        sh_job_control = 0;
        sh_interactive = 0;
        child_signals();
        int st = run_node(n->left, 1);
        fflush(stdout);
        _exit(st);
    }
    if (sh_job_control)
        setpgid(pid, pid);
    sh_last_bg_pid = pid;
    jobs_add(&pid, 1, sh_job_control ? pid : 0, n->text);
    return 0;
}

static int run_subshell(struct node *n, int in_child)
{
    pid_t pgid = 0;
    pid_t pid = in_child ? 0 : fork_foreground(&pgid);
    if (pid == 0) {
        if (apply_redirs(n->redirs, NULL) < 0)
            _exit(1);
        int st = run_node(n->left, 1);
        fflush(stdout);
        _exit(st);
    }
    if (pid < 0)
        return 1;
    char *name = "sh";
    return sh_wait_foreground(&pid, 1, pgid, &name);
}

/* A loop's body ran: 1 if the loop must stop (break, return). */
static int loop_should_stop(void)
{
    if (sh_returning)
        return 1;
    if (sh_break_levels > 0) {
        sh_break_levels--;
        return 1;
    }
    if (sh_continue_levels > 0) {
        if (--sh_continue_levels > 0)
            return 1; /* continue an outer loop */
    }
    return 0;
}

static int run_loop(struct node *n)
{
    int status = 0;
    sh_loop_depth++;
    if (n->kind == N_FOR) {
        struct strvec items = { 0, 0, 0 };
        if (n->words) {
            if (sh_expand_words(n->words, n->nwords, &items) < 0) {
                sh_loop_depth--;
                return 1;
            }
        } else {
            for (int i = 1; i <= sh_nparams; i++)
                strvec_push(&items, strdup(sh_params[i]));
        }
        for (int i = 0; i < items.n; i++) {
            var_set(n->name, items.v[i], 0);
            status = run_node(n->right, 0);
            if (loop_should_stop())
                break;
        }
        strvec_free(&items);
    } else {
        for (;;) {
            int cond = run_node(n->left, 0);
            if (sh_returning || sh_break_levels || sh_continue_levels) {
                if (loop_should_stop())
                    break;
                continue;
            }
            if ((n->kind == N_WHILE) != (cond == 0))
                break;
            status = run_node(n->right, 0);
            if (loop_should_stop())
                break;
        }
    }
    sh_loop_depth--;
    return status;
}

static int run_time(struct node *n)
{
    struct timespec t0, t1;
    struct rusage r0, r1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    getrusage(RUSAGE_CHILDREN, &r0);
    int status = run_node(n->left, 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    getrusage(RUSAGE_CHILDREN, &r1);
    long real_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    long user_ms = (r1.ru_utime.tv_sec - r0.ru_utime.tv_sec) * 1000 +
                   (r1.ru_utime.tv_usec - r0.ru_utime.tv_usec) / 1000;
    long sys_ms = (r1.ru_stime.tv_sec - r0.ru_stime.tv_sec) * 1000 +
                  (r1.ru_stime.tv_usec - r0.ru_stime.tv_usec) / 1000;
    /* bash's format: "real\t0m0.004s" */
    fprintf(stderr, "\nreal\t%ldm%ld.%03lds\nuser\t%ldm%ld.%03lds\nsys\t%ldm%ld.%03lds\n",
            real_ms / 60000, real_ms / 1000 % 60, real_ms % 1000, user_ms / 60000,
            user_ms / 1000 % 60, user_ms % 1000, sys_ms / 60000, sys_ms / 1000 % 60, sys_ms % 1000);
    return status;
}

/* The first item with a pattern that matches the word runs; none: 0. */
static int run_case(struct node *n)
{
    char *word = sh_expand_one(n->name);
    if (!word)
        return 1;
    int status = 0;
    for (struct case_item *item = n->items; item; item = item->next) {
        int hit = 0;
        for (int i = 0; i < item->npatterns && !hit; i++) {
            int m = sh_pattern_match(item->patterns[i], word);
            if (m < 0) {
                free(word);
                return 1;
            }
            hit = m;
        }
        if (hit) {
            status = item->body ? run_node(item->body, 0) : 0;
            break;
        }
    }
    free(word);
    return status;
}

static int with_redirs(struct node *n, struct node *body)
{
    struct saved s = { .n = 0 };
    int status = apply_redirs(n->redirs, &s) < 0 ? 1 : run_node(body, 0);
    restore_fds(&s);
    return status;
}

static int run_node(struct node *n, int in_child)
{
    int status = 0;
    if (!n)
        return 0;
    switch (n->kind) {
    case N_SIMPLE:
        status = run_simple(n, in_child);
        break;
    case N_PIPE:
        status = run_pipeline(n);
        break;
    case N_AND:
        status = run_node(n->left, 0);
        if (status == 0 && !sh_break_levels && !sh_continue_levels && !sh_returning)
            status = run_node(n->right, in_child);
        break;
    case N_OR:
        status = run_node(n->left, 0);
        if (status != 0 && !sh_break_levels && !sh_continue_levels && !sh_returning)
            status = run_node(n->right, in_child);
        break;
    case N_NOT:
        status = !run_node(n->left, 0);
        break;
    case N_SEQ:
        run_node(n->left, 0);
        if (!sh_break_levels && !sh_continue_levels && !sh_returning)
            status = run_node(n->right, in_child);
        else
            status = sh_last_status;
        break;
    case N_BG:
        status = run_background(n);
        break;
    case N_GROUP:
        status = with_redirs(n, n->left);
        break;
    case N_SUBSHELL:
        status = run_subshell(n, in_child);
        break;
    case N_IF: {
        struct saved s = { .n = 0 };
        if (apply_redirs(n->redirs, &s) < 0) {
            status = 1;
        } else if (run_node(n->left, 0) == 0) {
            status = run_node(n->right, 0);
        } else {
            status = n->third ? run_node(n->third, 0) : 0;
        }
        restore_fds(&s);
        break;
    }
    case N_WHILE:
    case N_UNTIL:
    case N_FOR: {
        struct saved s = { .n = 0 };
        status = apply_redirs(n->redirs, &s) < 0 ? 1 : run_loop(n);
        restore_fds(&s);
        break;
    }
    case N_FUNC:
        func_define(n->name, n->left);
        status = 0;
        break;
    case N_TIME:
        status = run_time(n);
        break;
    case N_CASE: {
        struct saved s = { .n = 0 };
        status = apply_redirs(n->redirs, &s) < 0 ? 1 : run_case(n);
        restore_fds(&s);
        break;
    }
    }
    sh_last_status = status;
    return status;
}

int sh_run(struct node *n) { return run_node(n, 0); }

int sh_run_string(const char *text)
{
    size_t pos = 0;
    int status = 0;
    for (;;) {
        struct node *n;
        void *arena;
        enum parse_result r = sh_parse(text, &pos, &n, &arena);
        if (r == PARSE_EMPTY)
            break;
        if (r == PARSE_INCOMPLETE) {
            fprintf(stderr, "sh: syntax error: unexpected end of file\n");
            status = 2;
            break;
        }
        if (r == PARSE_ERROR) { /* a script with a syntax error stops, as in sh */
            status = sh_last_status = 2;
            break;
        }
        status = sh_run(n);
        sh_tree_free(arena);
        if (sh_returning || sh_break_levels || sh_continue_levels)
            break;
    }
    return status;
}
