/*
 * kernel/ipc/unix_addr.c: the names of Unix sockets (unix(7), "Address
 * format").
 *
 *   path      sun_path is a file name: bind creates a socket inode there
 *             (mode 0777 less the umask, EADDRINUSE if the name exists),
 *             connect and sendto look the path up and find the socket bound
 *             to that inode (they need write permission on it: EACCES).  The inode outlives the socket (as on Linux,
 *             closing does not unlink); once unlinked, the name is free.
 *   abstract  sun_path[0] is NUL: the name is the bytes after it, up to the
 *             address length, in a table of the kernel's own; it goes away
 *             with the socket.  Each socket type has its own abstract
 *             names, as on Linux (which hashes the type in): a datagram
 *             socket and a stream socket may both be "\0x", and a datagram
 *             sent to a stream socket's abstract name finds nobody
 *             (ECONNREFUSED), while a path name of the wrong type is
 *             EPROTOTYPE.
 *   unnamed   never bound: getsockname gives just the family.  autobind
 *             (bind with only the family, or a send/connect with
 *             SO_PASSCRED) picks an abstract name of five hex digits.
 *
 * Bound sockets are found through two hash tables: abstract names by their
 * bytes, path names by inode (the socket holds a reference on it, so the
 * in-memory inode stays the one path lookups return).
 */
#include "kernel/fs/fdtable.h"
#include "kernel/fs/permission.h"
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

#define NAME_BUCKETS   64
#define FAMILY_LEN     2        /* offsetof(struct sockaddr_un, sun_path) */
#define AUTOBIND_NAMES 0x100000 /* five hex digits, as Linux's autobind */
#define AUTOBIND_LEN   (FAMILY_LEN + 1 + 5)

static struct list_head abstract_names[NAME_BUCKETS];
static struct list_head path_names[NAME_BUCKETS];
static bool tables_ready;
static unsigned autobind_next;

static void tables_init(void)
{
    if (tables_ready)
        return;
    for (int i = 0; i < NAME_BUCKETS; i++) {
        list_init(&abstract_names[i]);
        list_init(&path_names[i]);
    }
    tables_ready = true;
}

static unsigned hash_bytes(const uint8_t *p, size_t n)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static unsigned hash_inode(const struct inode *ino)
{
    return (unsigned)((uint64_t)ino >> 4) * 2654435761u;
}

void unix_addr_get(struct unix_addr *a) { a->refcount++; }

void unix_addr_put(struct unix_addr *a)
{
    if (--a->refcount == 0)
        kfree(a);
}

static const char *addr_path(const struct unix_addr *a) { return (const char *)a->name + 2; }

/* Linux's unix_validate_addr and unix_mkname_bsd: a family of AF_UNIX and
   at least one byte of name; a path name ends at its first NUL (or at the
   address's end) and its length then counts that NUL. */
int unix_addr_make(const void *addr, uint32_t len, struct unix_addr **out)
{
    const struct sockaddr_un_linux *sun = addr;
    if (len <= FAMILY_LEN || len > UNIX_ADDR_MAX || sun->sun_family != AF_UNIX)
        return -EINVAL;
    struct unix_addr *a = kzalloc(sizeof *a);
    if (!a)
        return -ENOMEM;
    a->refcount = 1;
    memcpy(a->name, addr, len); /* the name's bytes (an address, not payload) */
    a->abstract = sun->sun_path[0] == '\0';
    if (a->abstract) {
        a->len = len;
        a->hash = hash_bytes(a->name + FAMILY_LEN, len - FAMILY_LEN);
    } else {
        size_t plen = strnlen(addr_path(a), len - FAMILY_LEN);
        a->name[FAMILY_LEN + plen] = '\0';
        a->len = (uint32_t)(FAMILY_LEN + plen + 1);
    }
    *out = a;
    return 0;
}

static bool same_abstract(const struct unix_addr *a, const struct unix_addr *b)
{
    return a->len == b->len && memcmp(a->name, b->name, a->len) == 0;
}

static struct unix_sock *find_abstract(const struct unix_addr *a, int type)
{
    struct list_head *l;
    list_for_each(l, &abstract_names[a->hash % NAME_BUCKETS])
    {
        struct unix_sock *s = list_entry(l, struct unix_sock, name_link);
        if (s->type == type && same_abstract(s->addr, a))
            return s;
    }
    return NULL;
}

static struct unix_sock *find_by_inode(const struct inode *ino)
{
    struct list_head *l;
    list_for_each(l, &path_names[hash_inode(ino) % NAME_BUCKETS])
    {
        struct unix_sock *s = list_entry(l, struct unix_sock, name_link);
        if (s->path_inode == ino)
            return s;
    }
    return NULL;
}

/* Enters s in the abstract table under a (which s keeps). */
static void name_abstract(struct unix_sock *s, struct unix_addr *a)
{
    s->addr = a;
    s->named = true;
    list_add_tail(&s->name_link, &abstract_names[a->hash % NAME_BUCKETS]);
}

int unix_autobind(struct unix_sock *s)
{
    tables_init();
    if (s->addr)
        return 0;
    struct unix_addr *a = kzalloc(sizeof *a);
    if (!a)
        return -ENOMEM;
    a->refcount = 1;
    a->abstract = true;
    a->len = AUTOBIND_LEN;
    *(uint16_t *)a->name = AF_UNIX;
    for (unsigned tries = 0; tries < AUTOBIND_NAMES; tries++) {
        unsigned n = autobind_next++ % AUTOBIND_NAMES;
        snprintf((char *)a->name + FAMILY_LEN + 1, 6, "%05x", n);
        a->hash = hash_bytes(a->name + FAMILY_LEN, AUTOBIND_LEN - FAMILY_LEN);
        if (!find_abstract(a, s->type)) {
            name_abstract(s, a);
            return 0;
        }
    }
    kfree(a);
    return -ENOSPC; /* every autobind name is taken (Linux: ENOSPC) */
}

uint32_t unix_addr_copy(const struct unix_addr *a, void *out)
{
    memcpy(out, a->name, a->len); /* a name, on its way to copy_to_user */
    return a->len;
}

/* Path names start at the calling task's directory (its fs_context, not
   the descriptor table that files is, for SCM_RIGHTS). */
static struct inode *cwd_of(struct files *files)
{
    (void)files;
    struct fs_context *fs = task_fs();
    return fs ? fs->cwd : NULL;
}

/* A path name: the socket inode first (its existence is EADDRINUSE), then
   the table entry. */
static int bind_path(struct unix_sock *s, struct files *files, struct unix_addr *a)
{
    struct fs_context *fs = task_fs();
    uint32_t umask = fs ? fs->umask : 0;
    int err = vfs_mknod(cwd_of(files), addr_path(a), S_IFSOCK | (0777 & ~umask), 0);
    if (err)
        return err == -EEXIST ? -EADDRINUSE : err;
    if (s->addr) { /* bound meanwhile, or before (Linux checks after mknod too) */
        vfs_unlink(cwd_of(files), addr_path(a));
        return -EINVAL;
    }
    struct inode *ino;
    if ((err = vfs_lookup(cwd_of(files), addr_path(a), 0, &ino, NULL, NULL)))
        return err;
    s->path_inode = ino;
    s->addr = a;
    s->named = true;
    list_add_tail(&s->name_link, &path_names[hash_inode(ino) % NAME_BUCKETS]);
    return 0;
}

int unix_bind(struct unix_sock *s, struct files *files, const void *addr, uint32_t len)
{
    tables_init();
    const struct sockaddr_un_linux *sun = addr;
    if (len == FAMILY_LEN && sun->sun_family == AF_UNIX)
        return unix_autobind(s);
    struct unix_addr *a;
    int err = unix_addr_make(addr, len, &a);
    if (err)
        return err;
    if (!a->abstract) {
        if ((err = bind_path(s, files, a)))
            unix_addr_put(a);
        return err;
    }
    if (s->addr)
        err = -EINVAL;
    else if (find_abstract(a, s->type))
        err = -EADDRINUSE;
    if (err) {
        unix_addr_put(a);
        return err;
    }
    name_abstract(s, a);
    return 0;
}

int unix_find(struct files *files, const struct unix_addr *a, int type, struct unix_sock **out)
{
    tables_init();
    struct unix_sock *s;
    if (a->abstract) {
        s = find_abstract(a, type);
    } else {
        struct inode *ino;
        int err = vfs_lookup(cwd_of(files), addr_path(a), 0, &ino, NULL, NULL);
        if (err)
            return err;
        /* Linux: connecting or sending to a socket file writes to it. */
        err = inode_permission(ino, MAY_WRITE);
        s = !err && S_ISSOCK(ino->mode) ? find_by_inode(ino) : NULL;
        inode_put(ino);
        if (err)
            return err;
    }
    if (!s)
        return -ECONNREFUSED;
    if (s->type != type)
        return -EPROTOTYPE;
    unix_sock_get(s);
    *out = s;
    return 0;
}

void unix_unbind(struct unix_sock *s)
{
    if (s->named) {
        list_del(&s->name_link);
        s->named = false;
    }
    if (s->path_inode) {
        inode_put(s->path_inode);
        s->path_inode = NULL;
    }
}
