/* ls [-l] [-a] [PATH...]: lists directories (sorted) and files; -l in long form. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

static int long_form, show_all;

static void mode_string(mode_t m, char *out)
{
    out[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b'
           : S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
    const char *rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++)
        out[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
    out[10] = 0;
}

static void print_entry(const char *dir, const char *name)
{
    if (!long_form) {
        puts(name);
        return;
    }
    char path[4096];
    if (dir)
        snprintf(path, sizeof(path), "%s/%s", dir, name);
    else
        snprintf(path, sizeof(path), "%s", name);
    struct stat st;
    if (lstat(path, &st) < 0) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return;
    }
    char mode[11], when[32];
    mode_string(st.st_mode, mode);
    struct tm tm;
    time_t t = st.st_mtime;
    gmtime_r(&t, &tm);
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    snprintf(when, sizeof(when), "%s %2d %04d %02d:%02d", months[tm.tm_mon], tm.tm_mday,
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
    printf("%s %3lu %4u %4u %8ld %s %s", mode, (unsigned long)st.st_nlink, st.st_uid, st.st_gid,
           (long)st.st_size, when, name);
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(path, target, sizeof(target) - 1);
        if (n >= 0) {
            target[n] = 0;
            printf(" -> %s", target);
        }
    }
    putchar('\n');
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof(char *));
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && !show_all)
            continue;
        if (n == cap)
            names = realloc(names, (cap *= 2) * sizeof(char *));
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), by_name);
    for (size_t i = 0; i < n; i++) {
        print_entry(path, names[i]);
        free(names[i]);
    }
    free(names);
    return 0;
}

int main(int argc, char **argv)
{
    int c, status = 0;
    while ((c = getopt(argc, argv, "la")) != -1) {
        if (c == 'l')
            long_form = 1;
        else if (c == 'a')
            show_all = 1;
        else
            return 2;
    }
    if (optind >= argc)
        return list_dir(".");
    int many = argc - optind > 1;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            fprintf(stderr, "ls: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            print_entry(0, argv[i]);
            continue;
        }
        if (many)
            printf("%s%s:\n", i > optind ? "\n" : "", argv[i]);
        status |= list_dir(argv[i]);
    }
    return status;
}
