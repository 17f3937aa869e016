/*
 * chown OWNER[:GROUP] FILE... | chown :GROUP FILE...: changes a file's
 * owner and/or group, as coreutils' chown; OWNER and GROUP are names from
 * /etc/passwd and /etc/group, or numbers.  "OWNER:" also takes OWNER's
 * login group.  Only root may give a file away; an owner may change its
 * group to one of its own groups (EPERM otherwise).
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A number, or -1 (as unsigned) if s is not all digits. */
static unsigned number(const char *s)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    return *s && !*end ? (unsigned)v : (unsigned)-1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: chown OWNER[:GROUP] FILE...\n", stderr);
        return 1;
    }
    char spec[256];
    snprintf(spec, sizeof spec, "%s", argv[1]);
    char *colon = strchr(spec, ':');
    if (colon)
        *colon = '\0';
    uid_t uid = (uid_t)-1;
    gid_t gid = (gid_t)-1;
    if (spec[0]) {
        struct passwd *pw = getpwnam(spec);
        uid = pw ? pw->pw_uid : number(spec);
        if (uid == (uid_t)-1) {
            fprintf(stderr, "chown: invalid user: '%s'\n", argv[1]);
            return 1;
        }
        if (colon && !colon[1]) {
            if (!pw) {
                fprintf(stderr, "chown: invalid spec: '%s'\n", argv[1]);
                return 1;
            }
            gid = pw->pw_gid;
        }
    }
    if (colon && colon[1]) {
        struct group *gr = getgrnam(colon + 1);
        gid = gr ? gr->gr_gid : number(colon + 1);
        if (gid == (gid_t)-1) {
            fprintf(stderr, "chown: invalid group: '%s'\n", argv[1]);
            return 1;
        }
    }
    int status = 0;
    for (int i = 2; i < argc; i++) {
        if (chown(argv[i], uid, gid) < 0) {
            fprintf(stderr, "chown: changing ownership of '%s': %s\n", argv[i], strerror(errno));
            status = 1;
        }
    }
    return status;
}
