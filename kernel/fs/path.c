/*
 * kernel/fs/path.c: path name lookup (Linux's path_resolution(7)).
 *
 * Walks a path one component at a time from the root ("/...") or from the
 * caller's current directory.  "." stays, ".." goes up (and stays at the
 * root; from the root of a mounted file system it continues from the
 * directory it is mounted on), repeated and trailing slashes are allowed.
 * A directory with a file system mounted on it is replaced by that file
 * system's root.
 *
 * A symbolic link in the middle of a path is always followed: its text
 * continues the walk from the directory holding it (or from the root when
 * it is absolute), and then the rest of the path follows.  The last
 * component is followed too unless the caller says LOOKUP_NOFOLLOW (lstat,
 * readlink, O_NOFOLLOW, AT_SYMLINK_NOFOLLOW) -- but a trailing slash always
 * follows it.  A magic link of /proc (fd/N, cwd, exe) leads to its object
 * itself, not to a name.  At most SYMLINK_MAX links are followed in one
 * lookup (Linux's MAXSYMLINKS): a loop ends with ELOOP.
 *
 * The walk can also spell the absolute path of what it found, with every
 * link replaced by where it leads (Linux's d_path): getcwd, /proc/PID/cwd,
 * the names in /proc/PID/maps and fd/N come from it.
 *
 * Errors are Linux's: ENOENT for a missing component, ENOTDIR for a
 * non-directory in the middle or before a trailing slash, ENAMETOOLONG for
 * a component above NAME_MAX or a path of PATH_MAX or more, ELOOP, EACCES
 * for a directory the caller may not search (every directory the walk
 * passes through, the parent of the last name included, as Linux).
 */
#include "kernel/fs/vfs.h"
#include "kernel/fs/permission.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

struct walk {
    struct inode *cur; /* referenced */
    const char *p;     /* what is left of the string being walked */
    /* Where each enclosing string continues once a link's text is done. */
    const char *rest[SYMLINK_MAX];
    int depth;
    char *texts[SYMLINK_MAX]; /* the link texts walked (freed at the end) */
    int links;
    char *scratch; /* PATH_MAX bytes for readlink */
    char *canon;   /* the absolute path of cur (PATH_MAX bytes), or NULL */
    size_t clen;
    bool canon_ok;
};

/* Replaces *ino by the root of whatever is mounted on it (consumes refs). */
static void cross_mounts(struct inode **ino)
{
    while ((*ino)->mounted) {
        struct inode *root = (*ino)->mounted->root;
        inode_get(root);
        inode_put(*ino);
        *ino = root;
    }
}

static void canon_set(struct walk *w, const char *s)
{
    if (!w->canon)
        return;
    size_t n = strnlen(s, PATH_MAX);
    w->canon_ok = s[0] == '/' && n < PATH_MAX;
    if (w->canon_ok) {
        strlcpy(w->canon, s, PATH_MAX);
        w->clen = n;
    }
}

static void canon_push(struct walk *w, const char *name, size_t len)
{
    if (!w->canon || !w->canon_ok)
        return;
    size_t sep = w->clen > 1 ? 1 : 0; /* "/" + "a" is "/a", not "//a" */
    if (w->clen + sep + len >= PATH_MAX) {
        w->canon_ok = false;
        return;
    }
    if (sep)
        w->canon[w->clen++] = '/';
    strlcpy(w->canon + w->clen, name, len + 1);
    w->clen += len;
}

static void canon_pop(struct walk *w)
{
    if (!w->canon || !w->canon_ok)
        return;
    while (w->clen > 1 && w->canon[w->clen - 1] != '/')
        w->clen--;
    if (w->clen > 1)
        w->clen--;
    w->canon[w->clen] = '\0';
}

static int go_root(struct walk *w)
{
    struct inode *root = vfs_root();
    if (!root)
        return -ENOENT;
    inode_put(w->cur);
    w->cur = root;
    canon_set(w, "/");
    return 0;
}

static int go_up(struct walk *w)
{
    struct inode *dir = w->cur;
    struct inode *root = vfs_root();
    bool at_root = dir == root;
    if (root)
        inode_put(root);
    if (at_root)
        return 0;
    /* Leave mounted file systems through the directory they cover. */
    while (dir->sb->covered && dir == dir->sb->root) {
        struct inode *covered = dir->sb->covered;
        inode_get(covered);
        inode_put(dir);
        dir = covered;
    }
    w->cur = dir;
    struct inode *up;
    int err = dir->iops && dir->iops->lookup ? dir->iops->lookup(dir, "..", 2, &up) : -ENOTDIR;
    if (err)
        return err;
    inode_put(dir);
    cross_mounts(&up);
    w->cur = up;
    canon_pop(w);
    return 0;
}

/* Follows the link `link` found in w->cur (which stays the directory the
   text is relative to); consumes the reference on link.  rest is what
   follows the link in the string being walked. */
static int follow(struct walk *w, struct inode *link, const char *rest)
{
    if (++w->links > SYMLINK_MAX || w->depth == SYMLINK_MAX) {
        inode_put(link);
        return -ELOOP;
    }
    struct inode *jump = NULL;
    long n = link->iops && link->iops->readlink
                 ? link->iops->readlink(link, w->scratch, PATH_MAX - 1, &jump)
                 : -EINVAL;
    inode_put(link);
    if (n < 0)
        return (int)n;
    w->scratch[n] = '\0';
    if (jump) { /* a magic link: its object, named by its text */
        inode_put(w->cur);
        w->cur = jump;
        canon_set(w, w->scratch);
        return 0;
    }
    if (n == 0)
        return -ENOENT;
    char *text = kmalloc((size_t)n + 1);
    if (!text)
        return -ENOMEM;
    strlcpy(text, w->scratch, (size_t)n + 1);
    w->texts[w->links - 1] = text;
    while (*rest == '/')
        rest++;
    if (*rest)
        w->rest[w->depth++] = rest;
    w->p = text;
    return text[0] == '/' ? go_root(w) : 0;
}

/* One name below w->cur; the link is followed when follow_link says so. */
static int step(struct walk *w, const char *name, size_t len, const char *rest, bool follow_link)
{
    struct inode *dir = w->cur;
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    int err = inode_permission(dir, MAY_EXEC);
    if (err)
        return err;
    if (len == 1 && name[0] == '.')
        return 0;
    if (len == 2 && name[0] == '.' && name[1] == '.')
        return go_up(w);
    struct inode *next;
    err = dir->iops && dir->iops->lookup ? dir->iops->lookup(dir, name, len, &next) : -ENOTDIR;
    if (err)
        return err;
    if (S_ISLNK(next->mode) && follow_link)
        return follow(w, next, rest);
    inode_put(dir);
    cross_mounts(&next);
    w->cur = next;
    canon_push(w, name, len);
    return 0;
}

/* The next component (name, len) and what follows it (rest); false at the end. */
static bool next_name(struct walk *w, const char **name, size_t *len, const char **rest)
{
    for (;;) {
        while (*w->p == '/')
            w->p++;
        if (*w->p)
            break;
        if (w->depth == 0)
            return false;
        w->p = w->rest[--w->depth];
    }
    *name = w->p;
    while (*w->p && *w->p != '/')
        w->p++;
    *len = (size_t)(w->p - *name);
    *rest = w->p;
    return true;
}

static bool is_last(const struct walk *w)
{
    const char *r = w->p;
    while (*r == '/')
        r++;
    return !*r && w->depth == 0;
}

static int walk(struct walk *w, const char *path, int flags, const char **last, size_t *last_len)
{
    size_t n = strlen(path);
    bool trailing_slash = n > 0 && path[n - 1] == '/';
    const char *name, *rest;
    size_t len;
    w->p = path;
    while (next_name(w, &name, &len, &rest)) {
        if (len > NAME_MAX)
            return -ENAMETOOLONG;
        bool final = is_last(w);
        if (final && (flags & LOOKUP_PARENT)) {
            if (!S_ISDIR(w->cur->mode))
                return -ENOTDIR;
            int err = inode_permission(w->cur, MAY_EXEC); /* search the parent */
            if (err)
                return err;
            *last = name;
            *last_len = len;
            return 0;
        }
        bool follow_link = !final || !(flags & LOOKUP_NOFOLLOW) || trailing_slash;
        int err = step(w, name, len, rest, follow_link);
        if (err)
            return err;
    }
    if (flags & LOOKUP_PARENT) {
        /* "/" or "a/.." style: no final name to create or remove. */
        *last = ".";
        *last_len = 1;
        return 0;
    }
    /* "file/" names a directory. */
    if (trailing_slash && !S_ISDIR(w->cur->mode))
        return -ENOTDIR;
    return 0;
}

int vfs_resolve(const struct lookup_start *start, const char *path, int flags, struct inode **out,
                const char **last, size_t *last_len, char *canon)
{
    if (!path || !*path)
        return -ENOENT;
    if (strnlen(path, PATH_MAX) >= PATH_MAX)
        return -ENAMETOOLONG;
    struct walk *w = kzalloc(sizeof *w);
    char *scratch = kmalloc(PATH_MAX);
    if (!w || !scratch) {
        kfree(w);
        kfree(scratch);
        return -ENOMEM;
    }
    w->scratch = scratch;
    w->canon = canon;
    int err = 0;
    if (path[0] == '/' || !start || !start->dir) {
        w->cur = vfs_root();
        err = w->cur ? 0 : -ENOENT;
        canon_set(w, "/");
    } else {
        w->cur = start->dir;
        inode_get(w->cur);
        if (start->path)
            canon_set(w, start->path);
    }
    if (!err)
        err = walk(w, path, flags, last, last_len);
    if (err) {
        if (w->cur)
            inode_put(w->cur);
    } else {
        *out = w->cur;
    }
    if (canon && (err || !w->canon_ok))
        canon[0] = '\0';
    for (int i = 0; i < w->links && i < SYMLINK_MAX; i++)
        kfree(w->texts[i]);
    kfree(scratch);
    kfree(w);
    return err;
}

int vfs_lookup(struct inode *cwd, const char *path, int flags, struct inode **out,
               const char **last, size_t *last_len)
{
    struct lookup_start start = { cwd, NULL };
    return vfs_resolve(&start, path, flags, out, last, last_len, NULL);
}
