/*
 * vmtop [-b] [-d SECONDS] [-n COUNT]: a live view, like top, of what each
 * process costs the memory system: its resident and virtual size, its page
 * faults (minor: a page mapped that was already in memory; major: one that
 * waited for the disk) and the bytes copied on its behalf by the CPU and
 * moved by devices (the copy ledger, /proc/PID/copies), per second since
 * the last refresh (the first screen: since each process started).
 *
 *   -d SECONDS  between refreshes (1)      -n COUNT  stop after COUNT screens
 *   -b          no screen clearing (for a file or a pipe)
 *
 * Ctrl-C ends it.  Everything comes from /proc, so on Linux it shows the
 * sizes and faults (Linux has no copy ledger: those columns say "-").
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROCS 256

struct sample {
    int pid;
    char name[32];
    char state;
    unsigned long minflt, majflt, rss_kb, vsz_kb;
    long long cpu_bytes, dev_bytes; /* -1: no ledger */
};

static int read_text(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t n = 0;
    ssize_t r;
    while (n < cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
        n += (size_t)r;
    close(fd);
    buf[n] = 0;
    return (int)n;
}

/* The sums of the two "total" rows of /proc/PID/copies. */
static void read_ledger(int pid, struct sample *s)
{
    static char buf[16384];
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/copies", pid);
    s->cpu_bytes = s->dev_bytes = -1;
    if (read_text(path, buf, sizeof(buf)) <= 0)
        return;
    int table = 0; /* 1: bytes by the CPU, 2: bytes by devices */
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "bytes copied by the CPU", 23))
            table = 1;
        else if (!strncmp(line, "bytes moved by devices", 22))
            table = 2;
        else if (!strncmp(line, "operations", 10))
            table = 0;
        else if (table && !strncmp(line, "total ", 6)) {
            unsigned long long v[5] = { 0 };
            int n = sscanf(line + 6, "%llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4]);
            if (table == 1)
                s->cpu_bytes = (long long)(v[0] + v[1] + v[2] + v[3] + v[4]);
            else if (n >= 2)
                s->dev_bytes = (long long)(v[0] + v[1]);
        }
    }
}

static int read_sample(int pid, struct sample *s)
{
    char path[64], buf[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    if (read_text(path, buf, sizeof(buf)) <= 0)
        return -1;
    char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
    if (!open_paren || !close_paren)
        return -1;
    memset(s, 0, sizeof(*s));
    s->pid = pid;
    snprintf(s->name, sizeof(s->name), "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
    s->state = close_paren[2];
    char *save, *tok = strtok_r(close_paren + 2, " ", &save);
    long page_kb = sysconf(_SC_PAGESIZE) / 1024;
    for (int field = 3; tok; field++, tok = strtok_r(NULL, " ", &save)) {
        if (field == 10)
            s->minflt = strtoul(tok, NULL, 10);
        else if (field == 12)
            s->majflt = strtoul(tok, NULL, 10);
        else if (field == 23)
            s->vsz_kb = strtoul(tok, NULL, 10) / 1024;
        else if (field == 24)
            s->rss_kb = strtoul(tok, NULL, 10) * (unsigned long)page_kb;
    }
    read_ledger(pid, s);
    return 0;
}

static int take_samples(struct sample *out)
{
    DIR *d = opendir("/proc");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_PROCS)
        if (isdigit((unsigned char)e->d_name[0]) && read_sample(atoi(e->d_name), &out[n]) == 0)
            n++;
    closedir(d);
    return n;
}

static const struct sample *previous(const struct sample *prev, int nprev, int pid)
{
    for (int i = 0; i < nprev; i++)
        if (prev[i].pid == pid)
            return &prev[i];
    return NULL;
}

/* "12.3M" style: bytes per second, short enough for the column. */
static void rate(char *out, size_t size, long long bytes, double secs)
{
    if (bytes < 0) {
        snprintf(out, size, "-");
        return;
    }
    double v = secs > 0 ? (double)bytes / secs : (double)bytes;
    const char *unit = "";
    if (v >= 1024 * 1024 * 1024.0)
        v /= 1024 * 1024 * 1024.0, unit = "G";
    else if (v >= 1024 * 1024.0)
        v /= 1024 * 1024.0, unit = "M";
    else if (v >= 1024.0)
        v /= 1024.0, unit = "K";
    snprintf(out, size, *unit ? "%.1f%s" : "%.0f%s", v, unit);
}

struct row {
    const struct sample *s;
    double minflt, majflt;
    long long cpu, dev;
    double activity;
};

static int by_activity(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->activity != y->activity)
        return x->activity < y->activity ? 1 : -1;
    return x->s->pid - y->s->pid;
}

static void memory_line(void)
{
    char buf[2048];
    unsigned long total = 0, free_kb = 0, cached = 0;
    if (read_text("/proc/meminfo", buf, sizeof(buf)) > 0) {
        char *p;
        if ((p = strstr(buf, "MemTotal:")))
            total = strtoul(p + 9, NULL, 10);
        if ((p = strstr(buf, "MemFree:")))
            free_kb = strtoul(p + 8, NULL, 10);
        if ((p = strstr(buf, "\nCached:")))
            cached = strtoul(p + 8, NULL, 10);
    }
    printf("memory: %lu MiB total, %lu MiB free, %lu MiB page cache\n", total / 1024, free_kb / 1024,
           cached / 1024);
}

int main(int argc, char **argv)
{
    double delay = 1;
    long count = -1;
    int batch = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-b"))
            batch = 1;
        else if ((!strcmp(argv[i], "-d") || !strcmp(argv[i], "-n")) && i + 1 < argc) {
            if (argv[i][1] == 'd')
                delay = strtod(argv[++i], NULL);
            else
                count = strtol(argv[++i], NULL, 10);
        } else if (!strncmp(argv[i], "-d", 2) && argv[i][2])
            delay = strtod(argv[i] + 2, NULL);
        else if (!strncmp(argv[i], "-n", 2) && argv[i][2])
            count = strtol(argv[i] + 2, NULL, 10);
        else {
            fputs("usage: vmtop [-b] [-d SECONDS] [-n COUNT]\n", stderr);
            return 2;
        }
    }
    if (delay <= 0)
        delay = 1;
    static struct sample a[MAX_PROCS], b[MAX_PROCS];
    struct sample *prev = a, *cur = b;
    int nprev = 0;
    struct timespec last;
    clock_gettime(CLOCK_MONOTONIC, &last);
    for (long screen = 0; count < 0 || screen < count; screen++) {
        if (screen > 0) {
            struct timespec ts = { (time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9) };
            nanosleep(&ts, NULL);
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double secs = screen ? (double)(now.tv_sec - last.tv_sec) + (now.tv_nsec - last.tv_nsec) / 1e9 : 0;
        last = now;
        int n = take_samples(cur);
        if (n < 0) {
            perror("vmtop: /proc");
            return 1;
        }
        struct row rows[MAX_PROCS];
        for (int i = 0; i < n; i++) {
            const struct sample *s = &cur[i], *p = screen ? previous(prev, nprev, s->pid) : NULL;
            struct row *r = &rows[i];
            r->s = s;
            r->minflt = (double)(s->minflt - (p ? p->minflt : 0));
            r->majflt = (double)(s->majflt - (p ? p->majflt : 0));
            r->cpu = s->cpu_bytes < 0 ? -1 : s->cpu_bytes - (p && p->cpu_bytes > 0 ? p->cpu_bytes : 0);
            r->dev = s->dev_bytes < 0 ? -1 : s->dev_bytes - (p && p->dev_bytes > 0 ? p->dev_bytes : 0);
            if (secs > 0) {
                r->minflt /= secs;
                r->majflt /= secs;
            }
            r->activity = r->minflt + r->majflt + (double)(r->cpu > 0 ? r->cpu : 0) / 4096 +
                          (double)(r->dev > 0 ? r->dev : 0) / 4096;
        }
        qsort(rows, (size_t)n, sizeof(rows[0]), by_activity);
        if (!batch)
            fputs("\033[H\033[J", stdout);
        printf("vmtop: %s; Ctrl-C to quit\n",
               screen ? "faults and copies per second since the last screen" : "totals since each process started");
        memory_line();
        printf("%5s %-15s %1s %8s %8s %8s %8s %8s %8s\n", "PID", "COMMAND", "S", "RSS-KiB", "VSZ-KiB",
               screen ? "MINFLT/s" : "MINFLT", screen ? "MAJFLT/s" : "MAJFLT", screen ? "CPU-B/s" : "CPU-B",
               screen ? "DMA-B/s" : "DMA-B");
        for (int i = 0; i < n; i++) {
            char cpu[16], dev[16];
            rate(cpu, sizeof(cpu), rows[i].cpu, secs);
            rate(dev, sizeof(dev), rows[i].dev, secs);
            printf("%5d %-15.15s %c %8lu %8lu %8.0f %8.0f %8s %8s\n", rows[i].s->pid, rows[i].s->name,
                   rows[i].s->state, rows[i].s->rss_kb, rows[i].s->vsz_kb, rows[i].minflt, rows[i].majflt,
                   cpu, dev);
        }
        fflush(stdout);
        struct sample *t = prev;
        prev = cur;
        cur = t;
        nprev = n;
    }
    return 0;
}
