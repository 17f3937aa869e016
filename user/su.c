/*
 * su [-] [-l] [USER] [-c COMMAND]: runs a shell (or COMMAND in one) as USER
 * (root when omitted), as util-linux's su.  Installed set-user-ID root
 * (/bin/su, mode 4755), so an unprivileged user runs it with an effective
 * uid of 0, which lets it take the target's groups and ids (setgroups,
 * setgid, setuid) before it execs the target's shell.
 *
 * Authentication: root needs none.  Anyone else may become a user whose
 * /etc/passwd password field is empty; a field with anything in it ("x":
 * the password is in /etc/shadow, which pagelab does not have) refuses
 * ("Authentication failure"), since pagelab has no password hashing.
 *
 * The environment keeps the caller's, with HOME, SHELL, USER and LOGNAME
 * the target's; "-" or -l also starts in its home directory with a login
 * shell (argv[0] "-sh").
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_SHELL "/bin/sh"

static int usage(void)
{
    fputs("usage: su [-] [-l] [USER] [-c COMMAND]\n", stderr);
    return 1;
}

int main(int argc, char **argv)
{
    const char *user = "root", *command = NULL;
    int login = 0, have_user = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-") || !strcmp(argv[i], "-l") || !strcmp(argv[i], "--login"))
            login = 1;
        else if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--command")) {
            if (++i == argc)
                return usage();
            command = argv[i];
        } else if (argv[i][0] == '-' || have_user)
            return usage();
        else {
            user = argv[i];
            have_user = 1;
        }
    }
    struct passwd *pw = getpwnam(user);
    if (!pw) {
        fprintf(stderr, "su: user %s does not exist\n", user);
        return 1;
    }
    if (getuid() != 0 && pw->pw_passwd[0] != '\0') {
        fputs("su: Authentication failure\n", stderr);
        return 1;
    }
    /* Copied: the next getpwnam (initgroups reads /etc/group only, but
       keep the fields safe from any later lookup) would overwrite them. */
    char name[64], home[256], shell[256];
    snprintf(name, sizeof name, "%s", pw->pw_name);
    snprintf(home, sizeof home, "%s", pw->pw_dir);
    snprintf(shell, sizeof shell, "%s", pw->pw_shell[0] ? pw->pw_shell : DEFAULT_SHELL);
    uid_t uid = pw->pw_uid;
    gid_t gid = pw->pw_gid;
    if (initgroups(name, gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
        fprintf(stderr, "su: cannot change to %s's ids: %s\n", name, strerror(errno));
        return 1;
    }
    setenv("HOME", home, 1);
    setenv("SHELL", shell, 1);
    setenv("USER", name, 1);
    setenv("LOGNAME", name, 1);
    if (login && chdir(home) < 0)
        fprintf(stderr, "su: warning: cannot change directory to %s: %s\n", home, strerror(errno));
    const char *base = strrchr(shell, '/') ? strrchr(shell, '/') + 1 : shell;
    char argv0[sizeof shell + 1];
    snprintf(argv0, sizeof argv0, "%s%s", login ? "-" : "", base);
    char *args[] = { argv0, command ? "-c" : NULL, (char *)command, NULL };
    execv(shell, args);
    fprintf(stderr, "su: failed to execute %s: %s\n", shell, strerror(errno));
    return errno == ENOENT ? 127 : 126;
}
