/*
 * swapoff: turns swap areas off (util-linux's swapoff): every page out on
 * them comes back into memory first, or the call fails (ENOMEM) and the
 * area stays on.
 *
 *   swapoff DEVICE|FILE...   swapoff(2) each
 *   swapoff -a               every area /proc/swaps lists
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

static int off(const char *path)
{
    if (swapoff(path) == 0)
        return 0;
    fprintf(stderr, "swapoff: %s: swapoff failed: %s\n", path, strerror(errno));
    return 1;
}

static int all_areas(void)
{
    FILE *f = fopen("/proc/swaps", "r");
    if (!f) {
        perror("swapoff: /proc/swaps");
        return 1;
    }
    char line[512], name[256];
    int status = 0, header = 1;
    while (fgets(line, sizeof line, f)) {
        if (header) {
            header = 0;
            continue;
        }
        if (sscanf(line, "%255s", name) == 1)
            status |= off(name);
    }
    fclose(f);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: swapoff DEVICE... | -a\n");
        return 2;
    }
    if (!strcmp(argv[1], "-a") || !strcmp(argv[1], "--all"))
        return all_areas();
    int status = 0;
    for (int i = 1; i < argc; i++)
        status |= off(argv[i]);
    return status;
}
