/*
 * swapon: turns swap areas on, and shows them (util-linux's swapon, the
 * everyday part of it).
 *
 *   swapon [-p PRIORITY] DEVICE|FILE...   swapon(2) each (made with mkswap)
 *   swapon -a                             every "swap" line of /etc/fstab, as
 *                                         init does at boot; options pri=N,
 *                                         noauto (skipped), nofail (a missing
 *                                         device is no error); areas that are
 *                                         on already are left alone
 *   swapon [--show]                       NAME TYPE SIZE USED PRIO, one line an area
 *   swapon -s                             /proc/swaps as it is
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

static int on(const char *path, int prio, int quiet_if_on)
{
    int flags = prio >= 0 ? SWAP_FLAG_PREFER | (prio & SWAP_FLAG_PRIO_MASK) : 0;
    if (swapon(path, flags) == 0)
        return 0;
    if (quiet_if_on && errno == EBUSY)
        return 0;
    fprintf(stderr, "swapon: %s: swapon failed: %s\n", path, strerror(errno));
    return 1;
}

/* fstab: "DEVICE MOUNTPOINT TYPE OPTIONS ..." with '#' comments. */
static int all_from_fstab(void)
{
    FILE *f = fopen("/etc/fstab", "r");
    if (!f) {
        perror("swapon: /etc/fstab");
        return 1;
    }
    char line[512];
    int status = 0;
    while (fgets(line, sizeof line, f)) {
        char dev[256], dir[256], type[64], opts[256] = "defaults";
        if (line[0] == '#' || sscanf(line, "%255s %255s %63s %255s", dev, dir, type, opts) < 3 ||
            strcmp(type, "swap"))
            continue;
        int prio = -1, nofail = 0, noauto = 0;
        for (char *o = strtok(opts, ","); o; o = strtok(NULL, ",")) {
            if (!strncmp(o, "pri=", 4))
                prio = atoi(o + 4);
            nofail |= !strcmp(o, "nofail");
            noauto |= !strcmp(o, "noauto");
        }
        struct stat st;
        if (noauto || (nofail && stat(dev, &st) != 0))
            continue;
        status |= on(dev, prio, 1);
    }
    fclose(f);
    return status;
}

static void human(unsigned long kb, char *out, size_t n)
{
    static const char units[] = "KMGT";
    double v = (double)kb;
    int u = 0;
    if (kb == 0) {
        snprintf(out, n, "0B");
        return;
    }
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    if (v == (double)(unsigned long)v)
        snprintf(out, n, "%lu%c", (unsigned long)v, units[u]);
    else
        snprintf(out, n, "%.1f%c", v, units[u]);
}

static int show(int raw)
{
    FILE *f = fopen("/proc/swaps", "r");
    if (!f) {
        perror("swapon: /proc/swaps");
        return 1;
    }
    char line[512];
    int first = 1;
    while (fgets(line, sizeof line, f)) {
        if (raw) {
            fputs(line, stdout);
            continue;
        }
        if (first) {
            first = 0;
            continue;
        }
        char name[256], type[32];
        unsigned long size, used;
        int prio;
        if (sscanf(line, "%255s %31s %lu %lu %d", name, type, &size, &used, &prio) != 5)
            continue;
        char s[16], u[16];
        human(size, s, sizeof s);
        human(used, u, sizeof u);
        if (first == 0) {
            printf("%-15s %-9s %5s %5s %4s\n", "NAME", "TYPE", "SIZE", "USED", "PRIO");
            first = -1;
        }
        printf("%-15s %-9s %5s %5s %4d\n", name, type, s, u, prio);
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    int prio = -1, all = 0, i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "--all"))
            all = 1;
        else if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--summary"))
            return show(1);
        else if (!strcmp(argv[i], "--show"))
            return show(0);
        else if (!strcmp(argv[i], "-p") && i + 1 < argc)
            prio = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: swapon [-p PRIORITY] DEVICE... | -a | -s | --show\n");
            return 2;
        }
    }
    if (all)
        return all_from_fstab();
    if (i == argc)
        return show(0);
    int status = 0;
    for (; i < argc; i++)
        status |= on(argv[i], prio, 0);
    return status;
}
