/* uname [-asnrvmo]: the system's names from uname(2), in coreutils' order
 * (kernel name, node name, release, version, machine, operating system);
 * -a is all of them, no option the kernel name. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
    enum { S = 1, N = 2, R = 4, V = 8, M = 16, O = 32 };
    int want = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1])
            goto usage;
        for (const char *c = argv[i] + 1; *c; c++) {
            switch (*c) {
            case 'a': want |= S | N | R | V | M | O; break;
            case 's': want |= S; break;
            case 'n': want |= N; break;
            case 'r': want |= R; break;
            case 'v': want |= V; break;
            case 'm': want |= M; break;
            case 'o': want |= O; break;
            default: goto usage;
            }
        }
    }
    if (!want)
        want = S;
    struct utsname u;
    if (uname(&u) < 0) {
        perror("uname");
        return 1;
    }
    /* coreutils names the operating system it was built for; on a Linux
       kernel that is GNU/Linux, on any other the kernel's own name. */
    const char *os = strcmp(u.sysname, "Linux") ? u.sysname : "GNU/Linux";
    const char *parts[] = { u.sysname, u.nodename, u.release, u.version, u.machine, os };
    int first = 1;
    for (int k = 0; k < 6; k++) {
        if (want & (1 << k)) {
            printf("%s%s", first ? "" : " ", parts[k]);
            first = 0;
        }
    }
    putchar('\n');
    return 0;
usage:
    fprintf(stderr, "usage: uname [-asnrvmo]\n");
    return 1;
}
