/*
 * id [-u | -g | -G] [-n] [-r]: the caller's user and group ids, as
 * coreutils' id: "uid=1000(user) gid=1000(user) euid=0(root)
 * groups=1000(user),100(users)" (euid/egid only when they differ from the
 * real ones).  -u, -g, -G print one kind (effective ids; -r the real ones),
 * -n names instead of numbers.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GROUPS_MAX 64

static int names;

static void show_user(uid_t u)
{
    struct passwd *pw = getpwuid(u);
    if (names)
        printf("%s", pw ? pw->pw_name : "?");
    else if (pw)
        printf("%u(%s)", u, pw->pw_name);
    else
        printf("%u", u);
}

static void show_group(gid_t g)
{
    struct group *gr = getgrgid(g);
    if (names)
        printf("%s", gr ? gr->gr_name : "?");
    else if (gr)
        printf("%u(%s)", g, gr->gr_name);
    else
        printf("%u", g);
}

static int usage(void)
{
    fputs("usage: id [-u | -g | -G] [-n] [-r]\n", stderr);
    return 1;
}

int main(int argc, char **argv)
{
    char only = 0;
    int real = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1])
            return usage();
        for (const char *p = argv[i] + 1; *p; p++) {
            if (*p == 'u' || *p == 'g' || *p == 'G')
                only = *p;
            else if (*p == 'n')
                names = 1;
            else if (*p == 'r')
                real = 1;
            else
                return usage();
        }
    }
    if ((names || real) && !only)
        return usage();
    uid_t uid = getuid(), euid = geteuid();
    gid_t gid = getgid(), egid = getegid();
    gid_t groups[GROUPS_MAX];
    int n = getgroups(GROUPS_MAX, groups);
    if (n < 0) {
        perror("id: getgroups");
        return 1;
    }
    if (only == 'u' || only == 'g') {
        uid_t id = only == 'u' ? (real ? uid : euid) : (real ? gid : egid);
        if (!names)
            printf("%u", id);
        else if (only == 'u')
            show_user(id);
        else
            show_group(id);
        putchar('\n');
        return 0;
    }
    if (only == 'G') {
        /* coreutils: the effective group first, then the others. */
        for (int i = -1; i < n; i++) {
            gid_t g = i < 0 ? egid : groups[i];
            if (i >= 0 && g == egid)
                continue;
            if (i >= 0)
                putchar(' ');
            if (names)
                show_group(g);
            else
                printf("%u", g);
        }
        putchar('\n');
        return 0;
    }
    names = 0; /* the full form: number(name) */
    printf("uid=");
    show_user(uid);
    printf(" gid=");
    show_group(gid);
    if (euid != uid) {
        printf(" euid=");
        show_user(euid);
    }
    if (egid != gid) {
        printf(" egid=");
        show_group(egid);
    }
    printf(" groups=");
    show_group(egid);
    for (int i = 0; i < n; i++) {
        if (groups[i] == egid)
            continue;
        putchar(',');
        show_group(groups[i]);
    }
    putchar('\n');
    return 0;
}
