/* grp.h (POSIX): the group database, /etc/group. */
#ifndef _GRP_H
#define _GRP_H
#include <stddef.h>
#include <sys/types.h>

struct group {
    char *gr_name;
    char *gr_passwd;
    gid_t gr_gid;
    char **gr_mem; /* NULL-terminated list of member user names */
};

/* The entry, in storage the next call overwrites; NULL if there is none. */
struct group *getgrnam(const char *name);
struct group *getgrgid(gid_t gid);
/* The groups user belongs to, group first: fills up to *ngroups, sets
   *ngroups to how many there are; -1 if they did not all fit (glibc). */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups);
/* setgroups with user's groups from /etc/group and group. */
int initgroups(const char *user, gid_t group);
int setgroups(size_t size, const gid_t *list);

#endif
