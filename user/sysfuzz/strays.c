/*
 * user/sysfuzz/strays.c: files the workers made outside their directories.
 *
 * A worker makes files under /tmp/sysfuzz/wN, but a fuzzed chdir, rename
 * or symbolic link can take a name anywhere (workers run as root).  Such a
 * file is no kernel leak, yet it outlives the run: its inode stays in
 * memory as long as the file exists, and tools/fuzz would count it as heap
 * not given back.  So the parent remembers every file there is before the
 * run (by device and inode number) and removes, after it, each one that
 * is new: a file, or a directory with what is in it.  /proc is skipped.
 */
#include "sysfuzz.h"
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KNOWN_MAX  16384 /* files remembered; a bigger tree is only partly looked at */
#define STRAYS_MAX 64    /* new files removed in one pass */
#define DEPTH_MAX  24

struct file_id {
    dev_t dev;
    ino_t ino;
};

static struct file_id known[KNOWN_MAX];
static int nknown;
static char strays[STRAYS_MAX][PATH_MAX];
static int nstrays;

static int by_id(const void *a, const void *b)
{
    const struct file_id *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int is_known(const struct stat *st)
{
    struct file_id id = { st->st_dev, st->st_ino };
    return bsearch(&id, known, (size_t)nknown, sizeof known[0], by_id) != NULL;
}

/* Calls fn on each entry below dir (not following symbolic links); fn
   returns whether to go into a directory. */
static void walk(const char *dir, int depth, int (*fn)(const char *path, const struct stat *st))
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char path[PATH_MAX];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", strcmp(dir, "/") ? dir : "", e->d_name) >=
                (int)sizeof path ||
            !strcmp(path, "/proc") || lstat(path, &st) < 0)
            continue;
        if (fn(path, &st) && S_ISDIR(st.st_mode) && depth < DEPTH_MAX)
            walk(path, depth + 1, fn);
    }
    if (d)
        closedir(d);
}

static int remember(const char *path, const struct stat *st)
{
    (void)path;
    if (nknown < KNOWN_MAX)
        known[nknown++] = (struct file_id){ st->st_dev, st->st_ino };
    return 1;
}

static int note_stray(const char *path, const struct stat *st)
{
    if (is_known(st))
        return 1;
    if (nstrays < STRAYS_MAX)
        snprintf(strays[nstrays++], PATH_MAX, "%s", path);
    return 0; /* all of a new directory goes with it */
}

void strays_remember(void)
{
    nknown = 0;
    walk("/", 0, remember);
    qsort(known, (size_t)nknown, sizeof known[0], by_id);
}

int strays_remove(void (*remove_tree)(const char *path))
{
    int removed = 0, passes = 0;
    do {
        nstrays = 0;
        walk("/", 0, note_stray);
        for (int i = 0; i < nstrays; i++) {
            printf("sysfuzz: removing %s, made outside the workers' directories\n", strays[i]);
            remove_tree(strays[i]);
        }
        removed += nstrays;
    } while (nstrays == STRAYS_MAX && ++passes < 8);
    return removed;
}
