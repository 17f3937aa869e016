/*
 * jobs.c: jobs in a simple form: a table of the background jobs (`cmd &`)
 * and the stopped ones (Ctrl-Z stops the foreground job: SIGTSTP), `jobs`
 * to list them, `wait` to wait for them, `fg` to bring one to the
 * foreground (it gets the terminal, is continued with SIGCONT and the shell
 * waits for it) and `bg` to continue a stopped one in the background.
 * Messages are bash's: "[1] 42" when a job starts, "[1]+  Stopped  cat"
 * when it stops, "[1]+  Done    sleep 1" at the next prompt after it ends.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

#define MAX_JOBS 32

struct job {
    int id; /* 0: a free slot */
    pid_t pid;
    pid_t pgid;
    char *text;
    int done;
    int stopped; /* by a stop signal, until fg or bg continue it */
    int status;  /* $? of the job once done */
};

static struct job jobs[MAX_JOBS];

static struct job *newest(void)
{
    struct job *best = NULL;
    for (int i = 0; i < MAX_JOBS; i++)
        if (jobs[i].id && (!best || jobs[i].id > best->id))
            best = &jobs[i];
    return best;
}

void jobs_add(pid_t *pids, int n, pid_t pgid, const char *text)
{
    int id = 1;
    for (int i = 0; i < MAX_JOBS; i++)
        if (jobs[i].id >= id)
            id = jobs[i].id + 1;
    for (int i = 0; i < MAX_JOBS; i++) {
        if (!jobs[i].id) {
            jobs[i] = (struct job){ id, pids[n - 1], pgid, strdup(text ? text : ""), 0, 0, 0 };
            if (sh_interactive)
                fprintf(stderr, "[%d] %d\n", id, (int)pids[n - 1]);
            return;
        }
    }
    /* A full table: the job runs, untracked; wait still reaps it. */
}

static void release(struct job *j)
{
    free(j->text);
    memset(j, 0, sizeof(*j));
}

static void report(struct job *j, const char *state)
{
    struct job *last = newest();
    printf("[%d]%c  %-24s%s\n", j->id, j == last ? '+' : ' ', state, j->text);
}

static const char *done_text(struct job *j, char *buf, size_t size)
{
    if (j->status == 0)
        return "Done";
    if (j->status > 128)
        snprintf(buf, size, "Killed by signal %d", j->status - 128);
    else
        snprintf(buf, size, "Exit %d", j->status);
    return buf;
}

void jobs_stopped(pid_t pid, pid_t pgid, const char *text)
{
    struct job *j = NULL;
    for (int i = 0; i < MAX_JOBS && !j; i++)
        if (jobs[i].id && jobs[i].pid == pid)
            j = &jobs[i];
    if (!j) {
        int saved = sh_interactive;
        sh_interactive = 0; /* no "[1] 42": it is reported as stopped */
        jobs_add(&pid, 1, pgid, text);
        sh_interactive = saved;
        for (int i = 0; i < MAX_JOBS && !j; i++)
            if (jobs[i].id && jobs[i].pid == pid)
                j = &jobs[i];
        if (!j)
            return;
    }
    j->stopped = 1;
    report(j, "Stopped");
    fflush(stdout);
}

/* A background job stopped (it read the terminal: SIGTTIN) or was
   continued by someone else's SIGCONT. */
static void note_state(pid_t pid, int ws)
{
    for (int i = 0; i < MAX_JOBS; i++) {
        if (!jobs[i].id || jobs[i].pid != pid)
            continue;
        if (WIFSTOPPED(ws)) {
            jobs[i].stopped = 1;
            report(&jobs[i], "Stopped");
        } else if (WIFCONTINUED(ws)) {
            jobs[i].stopped = 0;
        } else {
            jobs[i].done = 1;
            jobs[i].status = WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : WEXITSTATUS(ws);
        }
    }
}

void jobs_reap(int say)
{
    int ws;
    pid_t pid;
    int options = WNOHANG | (sh_job_control ? WUNTRACED | WCONTINUED : 0);
    while ((pid = waitpid(-1, &ws, options)) > 0)
        note_state(pid, ws);
    if (!say)
        return;
    char buf[32];
    for (int i = 0; i < MAX_JOBS; i++) {
        if (jobs[i].id && jobs[i].done) {
            report(&jobs[i], done_text(&jobs[i], buf, sizeof(buf)));
            release(&jobs[i]);
        }
    }
    fflush(stdout);
}

/* %N, %+ / %% (the newest), or a pid. */
static struct job *find_job(const char *spec)
{
    if (!spec || !strcmp(spec, "%%") || !strcmp(spec, "%+") || !strcmp(spec, "%"))
        return newest();
    long n = strtol(spec + (spec[0] == '%'), NULL, 10);
    for (int i = 0; i < MAX_JOBS; i++)
        if (jobs[i].id && (spec[0] == '%' ? jobs[i].id == n : jobs[i].pid == n))
            return &jobs[i];
    return NULL;
}

int jobs_builtin_jobs(int argc, char **argv)
{
    jobs_reap(0);
    char buf[32];
    for (int id = 1; id <= 1000; id++) {
        for (int i = 0; i < MAX_JOBS; i++) {
            if (jobs[i].id != id)
                continue;
            if (jobs[i].done) {
                report(&jobs[i], done_text(&jobs[i], buf, sizeof(buf)));
                release(&jobs[i]);
            } else if (jobs[i].stopped) {
                report(&jobs[i], "Stopped");
            } else {
                char text[512];
                snprintf(text, sizeof(text), "%s &", jobs[i].text);
                char *saved = jobs[i].text;
                jobs[i].text = text;
                report(&jobs[i], "Running");
                jobs[i].text = saved;
            }
        }
    }
    return 0;
}

/* Waits for one job; its status. */
static int wait_job(struct job *j)
{
    if (!j->done) {
        int ws;
        while (waitpid(j->pid, &ws, 0) < 0) {
            if (errno != EINTR) {
                ws = 127 << 8;
                break;
            }
        }
        j->status = WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : WEXITSTATUS(ws);
    }
    int status = j->status;
    release(j);
    return status;
}

int jobs_builtin_wait(int argc, char **argv)
{
    if (argc == 1) {
        for (int i = 0; i < MAX_JOBS; i++)
            if (jobs[i].id)
                wait_job(&jobs[i]);
        /* and any background process the table did not keep */
        while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
            ;
        return 0;
    }
    int status = 0;
    for (int i = 1; i < argc; i++) {
        struct job *j = find_job(argv[i]);
        if (j) {
            status = wait_job(j);
            continue;
        }
        /* a pid that is our child but not in the table */
        long pid = argv[i][0] == '%' ? -1 : strtol(argv[i], NULL, 10);
        int ws;
        if (pid > 0 && waitpid((pid_t)pid, &ws, 0) == pid) {
            status = WIFSIGNALED(ws) ? 128 + WTERMSIG(ws) : WEXITSTATUS(ws);
        } else {
            fprintf(stderr, "sh: wait: %s: no such job\n", argv[i]);
            status = 127;
        }
    }
    return status;
}

int jobs_builtin_fg(int argc, char **argv)
{
    jobs_reap(0);
    struct job *j = find_job(argc > 1 ? argv[1] : NULL);
    if (!j) {
        fprintf(stderr, "sh: fg: %s: no such job\n", argc > 1 ? argv[1] : "current");
        return 1;
    }
    printf("%s\n", j->text);
    fflush(stdout);
    if (sh_job_control && j->pgid) {
        tcsetpgrp(0, j->pgid);
        kill(-j->pgid, SIGCONT);
    }
    j->stopped = 0;
    int status;
    if (j->done) {
        status = j->status;
    } else {
        pid_t pid = j->pid;
        char *name = j->text;
        status = sh_wait_foreground(&pid, 1, sh_job_control ? j->pgid : 0, &name);
    }
    if (sh_job_control)
        tcsetpgrp(0, sh_pgid);
    if (!j->stopped) /* stopped again: still a job */
        release(j);
    return status;
}

int jobs_builtin_bg(int argc, char **argv)
{
    jobs_reap(0);
    struct job *j = find_job(argc > 1 ? argv[1] : NULL);
    if (!j) {
        fprintf(stderr, "sh: bg: %s: no such job\n", argc > 1 ? argv[1] : "current");
        return 1;
    }
    if (!j->stopped) {
        fprintf(stderr, "sh: bg: job %d already in background\n", j->id);
        return 0;
    }
    kill(j->pgid ? -j->pgid : j->pid, SIGCONT);
    j->stopped = 0;
    printf("[%d]+ %s &\n", j->id, j->text);
    fflush(stdout);
    return 0;
}
