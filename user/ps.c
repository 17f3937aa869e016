/*
 * ps: lists processes from /proc (Linux's format, so it works there too).
 * /proc/PID/stat: "pid (comm) state ppid pgrp ..." with the flags (field 9),
 * vsize (field 23, bytes) and rss (field 24, pages); the name comes from
 * /proc/PID/comm.  Kernel threads (flag PF_KTHREAD) are shown in brackets,
 * "[writeback]", as procps does.
 * ps -T lists every thread (/proc/PID/task/TID), its id in an SPID column,
 * as procps does.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PF_KTHREAD 0x00200000 /* Linux's task flag: a kernel thread */

struct proc {
    int pid, tid, ppid;
    unsigned long flags;
    char state;
    unsigned long vsize_kb, rss_kb;
    char name[64];
};

static int read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = 0;
    return (int)n;
}

/* /proc/PID, or /proc/PID/task/TID when tid > 0. */
static int read_proc(int pid, int tid, struct proc *p)
{
    char dir[64], path[80], buf[1024];
    if (tid > 0)
        snprintf(dir, sizeof(dir), "/proc/%d/task/%d", pid, tid);
    else
        snprintf(dir, sizeof(dir), "/proc/%d", pid);
    snprintf(path, sizeof(path), "%s/stat", dir);
    if (read_file(path, buf, sizeof(buf)) < 0)
        return -1;
    /* The name may hold spaces and parentheses: fields resume after the last ')'. */
    char *rest = strrchr(buf, ')');
    if (!rest)
        return -1;
    rest += 2;
    p->pid = pid;
    p->tid = tid > 0 ? tid : pid;
    p->state = *rest;
    char *save, *tok = strtok_r(rest, " ", &save);   /* field 3: state */
    unsigned long page_kb = (unsigned long)sysconf(_SC_PAGESIZE) / 1024;
    for (int field = 3; tok; field++, tok = strtok_r(0, " ", &save)) {
        if (field == 4)
            p->ppid = atoi(tok);
        else if (field == 9)
            p->flags = strtoul(tok, 0, 10);
        else if (field == 23)
            p->vsize_kb = strtoul(tok, 0, 10) / 1024;
        else if (field == 24)
            p->rss_kb = strtoul(tok, 0, 10) * page_kb;
    }
    snprintf(path, sizeof(path), "%s/comm", dir);
    if (read_file(path, p->name, sizeof(p->name)) < 0) {
        char *open_paren = strchr(buf, '(');
        snprintf(p->name, sizeof(p->name), "%.*s", (int)(rest - 2 - open_paren - 1), open_paren + 1);
    }
    p->name[strcspn(p->name, "\n")] = 0;
    if (p->flags & PF_KTHREAD) {
        char bare[sizeof(p->name)];
        snprintf(bare, sizeof(bare), "%s", p->name);
        snprintf(p->name, sizeof(p->name), "[%.*s]", (int)sizeof(bare) - 3, bare);
    }
    return 0;
}

static int by_pid(const void *a, const void *b)
{
    const struct proc *x = a, *y = b;
    return x->pid != y->pid ? x->pid - y->pid : x->tid - y->tid;
}

static struct proc *procs;
static size_t n, cap = 64;

static void add(int pid, int tid)
{
    if (n == cap)
        procs = realloc(procs, (cap *= 2) * sizeof(*procs));
    memset(&procs[n], 0, sizeof(procs[n]));
    if (read_proc(pid, tid, &procs[n]) == 0)
        n++;
}

/* Every thread of process pid. */
static void add_threads(int pid)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (isdigit((unsigned char)e->d_name[0]))
            add(pid, atoi(e->d_name));
    closedir(d);
}

int main(int argc, char **argv)
{
    int threads = argc > 1 && strcmp(argv[1], "-T") == 0;
    if (argc > 1 && !threads) {
        fprintf(stderr, "usage: ps [-T]\n");
        return 2;
    }
    DIR *d = opendir("/proc");
    if (!d) {
        perror("ps: /proc");
        return 1;
    }
    procs = malloc(cap * sizeof(*procs));
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        if (threads)
            add_threads(atoi(e->d_name));
        else
            add(atoi(e->d_name), 0);
    }
    closedir(d);
    qsort(procs, n, sizeof(*procs), by_pid);
    if (threads)
        printf("%5s %5s %5s %c %8s %8s %s\n", "PID", "SPID", "PPID", 'S', "VSZ", "RSS", "COMMAND");
    else
        printf("%5s %5s %c %8s %8s %s\n", "PID", "PPID", 'S', "VSZ", "RSS", "COMMAND");
    for (size_t i = 0; i < n; i++) {
        if (threads)
            printf("%5d %5d %5d %c %8lu %8lu %s\n", procs[i].pid, procs[i].tid, procs[i].ppid,
                   procs[i].state, procs[i].vsize_kb, procs[i].rss_kb, procs[i].name);
        else
            printf("%5d %5d %c %8lu %8lu %s\n", procs[i].pid, procs[i].ppid, procs[i].state,
                   procs[i].vsize_kb, procs[i].rss_kb, procs[i].name);
    }
    free(procs);
    return 0;
}
