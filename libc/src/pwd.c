/* pwd.c: the user and group databases, read line by line from /etc/passwd
 * (name:password:uid:gid:gecos:home:shell) and /etc/group
 * (name:password:gid:member,member...), passwd(5) and group(5). */
#include <pwd.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_DB 1024
#define MEMBERS_MAX 64

/* Splits line at ':' into at most n fields; how many there were. */
static int split(char *line, char **field, int n)
{
    line[strcspn(line, "\n")] = '\0';
    int k = 0;
    for (char *p = line; k < n;) {
        field[k++] = p;
        char *colon = strchr(p, ':');
        if (!colon)
            break;
        *colon = '\0';
        p = colon + 1;
    }
    return k;
}

static char pw_line[LINE_MAX_DB];
static struct passwd pw_entry;

/* The first passwd line for which match(entry) holds. */
static struct passwd *find_user(const char *name, uid_t uid)
{
    FILE *f = fopen("/etc/passwd", "r");
    if (!f)
        return NULL;
    struct passwd *found = NULL;
    while (!found && fgets(pw_line, sizeof pw_line, f)) {
        char *fl[7];
        if (split(pw_line, fl, 7) != 7)
            continue;
        uid_t u = (uid_t)strtoul(fl[2], NULL, 10);
        if (name ? strcmp(fl[0], name) != 0 : u != uid)
            continue;
        pw_entry = (struct passwd){ fl[0], fl[1], u, (gid_t)strtoul(fl[3], NULL, 10),
                                    fl[4], fl[5], fl[6] };
        found = &pw_entry;
    }
    fclose(f);
    return found;
}

struct passwd *getpwnam(const char *name) { return find_user(name, 0); }
struct passwd *getpwuid(uid_t uid) { return find_user(NULL, uid); }

static char gr_line[LINE_MAX_DB];
static char *gr_members[MEMBERS_MAX + 1];
static struct group gr_entry;

/* Fills gr_entry from a split line's fields. */
static struct group *make_group(char **fl)
{
    int n = 0;
    for (char *p = fl[3]; *p && n < MEMBERS_MAX;) {
        gr_members[n++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    gr_members[n] = NULL;
    gr_entry = (struct group){ fl[0], fl[1], (gid_t)strtoul(fl[2], NULL, 10), gr_members };
    return &gr_entry;
}

/* Walks /etc/group: each entry to visit until it returns nonzero. */
static struct group *each_group(int (*visit)(struct group *g, void *arg), void *arg)
{
    FILE *f = fopen("/etc/group", "r");
    if (!f)
        return NULL;
    struct group *found = NULL;
    while (!found && fgets(gr_line, sizeof gr_line, f)) {
        char *fl[4];
        if (split(gr_line, fl, 4) != 4)
            continue;
        struct group *g = make_group(fl);
        if (visit(g, arg))
            found = g;
    }
    fclose(f);
    return found;
}

static int name_is(struct group *g, void *name) { return strcmp(g->gr_name, name) == 0; }
static int gid_is(struct group *g, void *gid) { return g->gr_gid == *(gid_t *)gid; }

struct group *getgrnam(const char *name) { return each_group(name_is, (void *)name); }
struct group *getgrgid(gid_t gid) { return each_group(gid_is, &gid); }

struct member_walk {
    const char *user;
    gid_t *groups;
    int max, count;
};

static void add_group(struct member_walk *w, gid_t gid)
{
    for (int i = 0; i < w->count && i < w->max; i++)
        if (w->groups[i] == gid)
            return;
    if (w->count < w->max)
        w->groups[w->count] = gid;
    w->count++;
}

static int collect(struct group *g, void *arg)
{
    struct member_walk *w = arg;
    for (char **m = g->gr_mem; *m; m++)
        if (strcmp(*m, w->user) == 0)
            add_group(w, g->gr_gid);
    return 0;
}

int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
    struct member_walk w = { user, groups, *ngroups, 0 };
    add_group(&w, group);
    each_group(collect, &w);
    int fit = w.count <= *ngroups;
    *ngroups = w.count;
    return fit ? w.count : -1;
}

int initgroups(const char *user, gid_t group)
{
    gid_t groups[32];
    int n = 32;
    if (getgrouplist(user, group, groups, &n) < 0)
        n = 32; /* the first 32 */
    return setgroups((size_t)n, groups);
}
