/* rm [-r] [-f] PATH...: removes files; -r also directories with their contents. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int recursive, force;

static int remove_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (force && errno == ENOENT)
            return 0;
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (unlink(path) == 0)
            return 0;
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!recursive) {
        fprintf(stderr, "rm: %s: is a directory\n", path);
        return 1;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    int status = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(len);
        snprintf(child, len, "%s/%s", path, e->d_name);
        status |= remove_path(child);
        free(child);
    }
    closedir(d);
    if (rmdir(path) < 0) {
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    int c, status = 0;
    while ((c = getopt(argc, argv, "rRf")) != -1) {
        if (c == 'f')
            force = 1;
        else if (c == 'r' || c == 'R')
            recursive = 1;
        else
            return 2;
    }
    if (optind >= argc && !force) {
        fprintf(stderr, "usage: rm [-r] [-f] PATH...\n");
        return 1;
    }
    for (int i = optind; i < argc; i++)
        status |= remove_path(argv[i]);
    return status;
}
