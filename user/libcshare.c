/*
 * libcshare: N programs, one copy of libc.
 *
 *     libcshare [N [PROGRAM]]      (default 4 and /usr/bin/cat)
 *
 * Starts N copies of a dynamically linked host program (Debian's cat,
 * waiting on a pipe), then reads each one's /proc/PID/smaps for the C
 * library's text, the r-xp region of libc.so.6 mapped MAP_PRIVATE from
 * the page cache by the dynamic loader.  Each process has the same frames
 * in its page tables (Rss), so each is charged 1/N of them (Pss): the Pss
 * of all N adds up to the Rss of one, the library's text is resident
 * once.  The last column is what the CPU copied for all of the process's
 * page faults (the ledger's "mmap-fault" row of /proc/PID/copies, pagelab
 * only): mapping the library's text copies nothing; only pages a process
 * writes (its data, copy-on-write) would appear there.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PROCS 32

struct text {
    char path[256];
    long rss, pss, shared, private_; /* kB */
};

/* The libc text region's figures in pid's smaps: 1 if found. */
static int libc_text(int pid, struct text *t)
{
    char name[64], line[512];
    snprintf(name, sizeof name, "/proc/%d/smaps", pid);
    FILE *f = fopen(name, "r");
    if (!f)
        return 0;
    int in = 0, found = 0;
    memset(t, 0, sizeof *t);
    while (fgets(line, sizeof line, f)) {
        char perms[8];
        if (strchr(line, '-') && sscanf(line, "%*s %7s", perms) == 1 && strlen(perms) == 4) {
            char *p = strchr(line, '/');
            in = perms[2] == 'x' && p && strstr(p, "/libc.so");
            if (in) {
                found = 1;
                snprintf(t->path, sizeof t->path, "%s", p);
                t->path[strcspn(t->path, "\n")] = 0;
            }
            continue;
        }
        long v;
        if (!in)
            continue;
        if (sscanf(line, "Rss: %ld", &v) == 1)
            t->rss += v;
        else if (sscanf(line, "Pss: %ld", &v) == 1)
            t->pss += v;
        else if (sscanf(line, "Shared_Clean: %ld", &v) == 1)
            t->shared += v;
        else if (sscanf(line, "Private_Clean: %ld", &v) == 1)
            t->private_ += v;
    }
    fclose(f);
    return found;
}

/* Bytes the CPU copied for pid's page faults (its whole address space,
   all columns of the ledger's "mmap-fault" row in /proc/PID/copies), or -1
   without a ledger (Linux). */
static long fault_copies(int pid)
{
    char name[64], line[256];
    snprintf(name, sizeof name, "/proc/%d/copies", pid);
    FILE *f = fopen(name, "r");
    if (!f)
        return -1;
    long sum = -1;
    while (fgets(line, sizeof line, f)) {
        long v[5];
        if (!strncmp(line, "mmap-fault ", 11) &&
            sscanf(line + 11, "%ld %ld %ld %ld %ld", &v[0], &v[1], &v[2], &v[3], &v[4]) == 5) {
            sum = v[0] + v[1] + v[2] + v[3] + v[4];
            break;
        }
    }
    fclose(f);
    return sum;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4;
    const char *prog = argc > 2 ? argv[2] : "/usr/bin/cat";
    if (n < 1 || n > MAX_PROCS) {
        fprintf(stderr, "libcshare: N must be 1..%d\n", MAX_PROCS);
        return 2;
    }
    int pids[MAX_PROCS], pipes[MAX_PROCS];
    for (int i = 0; i < n; i++) {
        int p[2];
        if (pipe(p) < 0)
            return 1;
        pids[i] = fork();
        if (pids[i] == 0) {
            dup2(p[0], 0);
            close(p[0]);
            close(p[1]);
            for (int j = 0; j < i; j++)
                close(pipes[j]); /* the others' writers: they must see end-of-file */
            execl(prog, prog, (char *)NULL);
            perror(prog);
            _exit(127);
        }
        close(p[0]);
        pipes[i] = p[1];
    }
    /* Each child has mapped libc once its loader is done: wait for that. */
    struct text t[MAX_PROCS];
    int ready = 0;
    for (int tries = 0; tries < 500 && ready < n; tries++) {
        ready = 0;
        for (int i = 0; i < n; i++)
            ready += libc_text(pids[i], &t[i]) && t[i].rss > 0;
        if (ready < n)
            usleep(10000);
    }
    int status = 0;
    if (ready < n) {
        fprintf(stderr, "libcshare: %s did not map a libc.so text in every process\n", prog);
        status = 1;
    } else {
        usleep(100000); /* let the last loader finish touching its pages */
        for (int i = 0; i < n; i++)
            libc_text(pids[i], &t[i]);
        printf("%d processes running %s, each mapping %s:\n", n, prog, t[0].path);
        printf("%8s %12s %12s %16s %17s %16s\n", "pid", "text Rss kB", "Pss kB",
               "Shared_Clean kB", "Private_Clean kB", "fault copies B");
        long pss = 0, rss_max = 0;
        for (int i = 0; i < n; i++) {
            long c = fault_copies(pids[i]);
            char copies[24];
            snprintf(copies, sizeof copies, c < 0 ? "n/a" : "%ld", c);
            printf("%8d %12ld %12ld %16ld %17ld %16s\n", pids[i], t[i].rss, t[i].pss, t[i].shared,
                   t[i].private_, copies);
            pss += t[i].pss;
            if (t[i].rss > rss_max)
                rss_max = t[i].rss;
        }
        printf("sum of Pss: %ld kB; largest Rss: %ld kB; mapped %d times: %ld kB\n", pss, rss_max,
               n, rss_max * n);
    }
    for (int i = 0; i < n; i++) {
        close(pipes[i]); /* cat reads end-of-file and exits */
        waitpid(pids[i], NULL, 0);
    }
    return status;
}
