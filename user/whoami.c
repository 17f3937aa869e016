/* whoami: the name of the effective user (coreutils' whoami). */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "whoami: extra operand '%s'\n", argv[1]);
        return 1;
    }
    uid_t u = geteuid();
    struct passwd *pw = getpwuid(u);
    if (!pw) {
        fprintf(stderr, "whoami: cannot find name for user ID %u\n", u);
        return 1;
    }
    puts(pw->pw_name);
    return 0;
}
