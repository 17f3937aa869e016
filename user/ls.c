/*
 * ls [-l] [-a] [-d] [-1] [PATH...]: lists directories (sorted by name, in
 * the C locale's byte order) and files, as coreutils' ls does with the
 * same options:
 *
 *   -l  the long form: mode (with s/S/t/T for set-id and sticky bits, as in
 *       drwxrwxrwt), links, owner, group, size and the modification time,
 *       "Dec  5 14:03" for the last six months, "Dec  5  2023" otherwise;
 *       columns aligned; "total N" (1 KiB blocks) before a directory's list
 *   -a  names starting with '.' too;  -d  directories as themselves
 *
 * Files named on the command line come first, then each directory.  One
 * name per line.  The exit status is 2 when a named file cannot be
 * accessed, 1 when something inside a directory cannot be, 0 otherwise.
 * Owners are shown by name when /etc/passwd (and /etc/group) name them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define SIX_MONTHS (365L * 24 * 3600 / 2) /* coreutils' "recent" limit */

static int long_form, show_all, dirs_as_files;
static int status;

struct entry {
    char *name; /* as shown */
    char *path; /* for lstat */
    struct stat st;
};

static void mode_string(mode_t m, char *out)
{
    out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
           : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
    if (m & S_ISUID)
        out[3] = (m & 0100) ? 's' : 'S';
    if (m & S_ISGID)
        out[6] = (m & 0010) ? 's' : 'S';
    if (m & S_ISVTX)
        out[9] = (m & 0001) ? 't' : 'T';
    out[10] = 0;
}

/* The name of id in /etc/passwd or /etc/group (field 3), else the number. */
static void id_name(const char *file, unsigned id, char *out, size_t size)
{
    snprintf(out, size, "%u", id);
    FILE *f = fopen(file, "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        char *save, *name = strtok_r(line, ":", &save);
        strtok_r(NULL, ":", &save);
        char *num = strtok_r(NULL, ":", &save);
        if (name && num && (unsigned)strtoul(num, NULL, 10) == id) {
            snprintf(out, size, "%s", name);
            break;
        }
    }
    fclose(f);
}

static void when(const struct stat *st, char *out, size_t size)
{
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t t = st->st_mtime, now = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    if (t <= now && now - t < SIX_MONTHS)
        snprintf(out, size, "%s %2d %02d:%02d", months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min);
    else
        snprintf(out, size, "%s %2d  %4d", months[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900);
}

static int digits(unsigned long v)
{
    int n = 1;
    while (v >= 10) {
        v /= 10;
        n++;
    }
    return n;
}

/* Prints entries (already stat'ed), aligned as a group with themselves and
   with n_more others (the directories named beside files, as coreutils). */
static void print_entries(struct entry *e, size_t n, const struct entry *more, size_t n_more)
{
    if (!long_form) {
        for (size_t i = 0; i < n; i++)
            puts(e[i].name);
        return;
    }
    int wl = 1, wu = 1, wg = 1, ws = 1, wmaj = 0, wmin = 0;
    char (*users)[32] = malloc(n * 32 + 1), (*groups)[32] = malloc(n * 32 + 1);
    for (size_t i = 0; i < n; i++) {
        id_name("/etc/passwd", e[i].st.st_uid, users[i], 32);
        id_name("/etc/group", e[i].st.st_gid, groups[i], 32);
        int l = digits((unsigned long)e[i].st.st_nlink), s = digits((unsigned long)e[i].st.st_size);
        if (S_ISCHR(e[i].st.st_mode) || S_ISBLK(e[i].st.st_mode)) {
            int a = digits(major(e[i].st.st_rdev)), b = digits(minor(e[i].st.st_rdev));
            wmaj = a > wmaj ? a : wmaj;
            wmin = b > wmin ? b : wmin;
            s = wmaj + 2 + wmin;
        }
        wl = l > wl ? l : wl;
        ws = s > ws ? s : ws;
        wu = (int)strlen(users[i]) > wu ? (int)strlen(users[i]) : wu;
        wg = (int)strlen(groups[i]) > wg ? (int)strlen(groups[i]) : wg;
    }
    for (size_t i = 0; i < n_more; i++) {
        char name[32];
        id_name("/etc/passwd", more[i].st.st_uid, name, sizeof(name));
        wu = (int)strlen(name) > wu ? (int)strlen(name) : wu;
        id_name("/etc/group", more[i].st.st_gid, name, sizeof(name));
        wg = (int)strlen(name) > wg ? (int)strlen(name) : wg;
        int l = digits((unsigned long)more[i].st.st_nlink), s = digits((unsigned long)more[i].st.st_size);
        wl = l > wl ? l : wl;
        ws = s > ws ? s : ws;
    }
    for (size_t i = 0; i < n; i++) {
        char mode[11], date[32], size[32];
        mode_string(e[i].st.st_mode, mode);
        when(&e[i].st, date, sizeof(date));
        if (S_ISCHR(e[i].st.st_mode) || S_ISBLK(e[i].st.st_mode))
            snprintf(size, sizeof(size), "%*u, %*u", wmaj, major(e[i].st.st_rdev), wmin,
                     minor(e[i].st.st_rdev));
        else
            snprintf(size, sizeof(size), "%ld", (long)e[i].st.st_size);
        printf("%s %*lu %-*s %-*s %*s %s %s", mode, wl, (unsigned long)e[i].st.st_nlink, wu, users[i], wg,
               groups[i], ws, size, date, e[i].name);
        if (S_ISLNK(e[i].st.st_mode)) {
            char target[4096];
            ssize_t k = readlink(e[i].path, target, sizeof(target) - 1);
            if (k >= 0) {
                target[k] = 0;
                printf(" -> %s", target);
            }
        }
        putchar('\n');
    }
    free(users);
    free(groups);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void free_entries(struct entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].path);
    }
    free(e);
}

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "ls: cannot open directory '%s': %s\n", path, strerror(errno));
        status = status ? status : 2;
        return;
    }
    size_t n = 0, cap = 64;
    struct entry *e = malloc(cap * sizeof(*e));
    struct dirent *de;
    long blocks = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && !show_all)
            continue;
        if (n == cap)
            e = realloc(e, (cap *= 2) * sizeof(*e));
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        e[n].name = strdup(de->d_name);
        e[n].path = malloc(len);
        snprintf(e[n].path, len, "%s/%s", path, de->d_name);
        if (long_form && lstat(e[n].path, &e[n].st) < 0) {
            fprintf(stderr, "ls: cannot access '%s': %s\n", e[n].path, strerror(errno));
            status = status ? status : 1;
            free(e[n].name);
            free(e[n].path);
            continue;
        }
        blocks += long_form ? (long)e[n].st.st_blocks : 0;
        n++;
    }
    closedir(d);
    qsort(e, n, sizeof(*e), by_name);
    if (long_form)
        printf("total %ld\n", blocks / 2); /* st_blocks counts 512-byte units */
    print_entries(e, n, NULL, 0);
    free_entries(e, n);
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "lad1")) != -1) {
        if (c == 'l')
            long_form = 1;
        else if (c == 'a')
            show_all = 1;
        else if (c == 'd')
            dirs_as_files = 1;
        else if (c != '1') {
            fputs("usage: ls [-lad1] [FILE...]\n", stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        if (dirs_as_files) {
            argv[argc] = ".";
            argc++;
        } else {
            list_dir(".");
            return status;
        }
    }
    size_t nargs = (size_t)(argc - optind), nfiles = 0, ndirs = 0;
    struct entry *files = calloc(nargs + 1, sizeof(*files));
    struct entry *dirs = calloc(nargs + 1, sizeof(*dirs));
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (lstat(argv[i], &st) < 0) {
            fprintf(stderr, "ls: cannot access '%s': %s\n", argv[i], strerror(errno));
            status = 2;
            continue;
        }
        struct entry *to = S_ISDIR(st.st_mode) && !dirs_as_files ? &dirs[ndirs++] : &files[nfiles++];
        to->name = strdup(argv[i]);
        to->path = strdup(argv[i]);
        to->st = st;
    }
    qsort(files, nfiles, sizeof(*files), by_name);
    qsort(dirs, ndirs, sizeof(*dirs), by_name);
    print_entries(files, nfiles, dirs, ndirs);
    for (size_t i = 0; i < ndirs; i++) {
        if (nargs > 1)
            printf("%s%s:\n", i > 0 || nfiles ? "\n" : "", dirs[i].name);
        list_dir(dirs[i].path);
    }
    free_entries(files, nfiles);
    free_entries(dirs, ndirs);
    return status;
}
