/*
 * hexdump [-C] [-n LENGTH] [-s OFFSET] [-v] [FILE...]: the bytes of the
 * files, as util-linux's hexdump prints them.  Default: an offset and eight
 * 16-bit little-endian words per line ("0000000 6568 6c6c 0a6f"); -C: the
 * canonical form, sixteen bytes in hex and as characters
 * ("00000000  68 65 6c 6c 6f 0a  |hello.|").  A run of lines equal to the one
 * before is shown as one "*" unless -v.  The last line is the offset after
 * the last byte.  Handy on a file a program mapped: hexdump -C /tmp/f.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int canonical, verbose;
static long limit = -1;
static long skip;

static void line_out(const unsigned char *b, int n, unsigned long off)
{
    if (canonical) {
        printf("%08lx ", off);
        for (int i = 0; i < 16; i++) {
            if (i == 8)
                putchar(' ');
            if (i < n)
                printf(" %02x", b[i]);
            else
                fputs("   ", stdout);
        }
        fputs("  |", stdout);
        for (int i = 0; i < n; i++)
            putchar(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
        puts("|");
    } else {
        printf("%07lx", off);
        for (int i = 0; i < 16; i += 2) {
            if (i < n)
                printf(" %04x", i + 1 < n ? b[i] | b[i + 1] << 8 : b[i]);
            else
                fputs("     ", stdout);
        }
        putchar('\n');
    }
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-C")) {
            canonical = 1;
        } else if (!strcmp(a, "-v")) {
            verbose = 1;
        } else if ((!strcmp(a, "-n") || !strcmp(a, "-s")) && i + 1 < argc) {
            char *end;
            long v = strtol(argv[++i], &end, 0);
            if (*end || v < 0) {
                fprintf(stderr, "hexdump: invalid %s argument: '%s'\n", a[1] == 'n' ? "length" : "offset",
                        argv[i]);
                return 1;
            }
            if (a[1] == 'n')
                limit = v;
            else
                skip = v;
        } else {
            fprintf(stderr, "hexdump: invalid option -- '%s'\nusage: hexdump [-Cv] [-n LENGTH] [-s OFFSET] [FILE...]\n",
                    a + 1);
            return 1;
        }
    }
    unsigned char line[16], prev[16];
    int have_prev = 0, starred = 0, n = 0, status = 0;
    unsigned long off = (unsigned long)skip, line_off = off;
    long to_skip = skip;
    int nfiles = argc - i;
    for (int k = 0; k < (nfiles ? nfiles : 1) && limit != 0; k++) {
        int fd = nfiles ? open(argv[i + k], O_RDONLY) : 0;
        if (fd < 0) {
            fprintf(stderr, "hexdump: %s: %s\n", argv[i + k], strerror(errno));
            status = 1;
            continue;
        }
        unsigned char buf[4096];
        ssize_t r;
        while (limit != 0 && (r = read(fd, buf, sizeof(buf))) > 0) {
            for (ssize_t j = 0; j < r && limit != 0; j++) {
                if (to_skip > 0) {
                    to_skip--;
                    continue;
                }
                line[n++] = buf[j];
                off++;
                if (limit > 0)
                    limit--;
                if (n == 16) {
                    if (!verbose && have_prev && !memcmp(line, prev, 16)) {
                        if (!starred)
                            puts("*");
                        starred = 1;
                    } else {
                        line_out(line, 16, line_off);
                        starred = 0;
                    }
                    memcpy(prev, line, 16);
                    have_prev = 1;
                    line_off = off;
                    n = 0;
                }
            }
        }
        if (fd)
            close(fd);
    }
    if (n)
        line_out(line, n, line_off);
    if (off > (unsigned long)skip || n)
        printf(canonical ? "%08lx\n" : "%07lx\n", off);
    return status;
}
