/* wc [-l] [-w] [-c] [FILE...]: counts lines, words and bytes. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct counts {
    unsigned long lines, words, bytes;
};

static int show_lines, show_words, show_bytes;

static int count_fd(int fd, struct counts *c)
{
    static char buf[65536];
    int in_word = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n == 0)
            return 0;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        c->bytes += (unsigned long)n;
        for (ssize_t i = 0; i < n; i++) {
            unsigned char ch = (unsigned char)buf[i];
            if (ch == '\n')
                c->lines++;
            if (isspace(ch)) {
                in_word = 0;
            } else if (!in_word) {
                in_word = 1;
                c->words++;
            }
        }
    }
}

/* Columns of width 7 separated by one space, then the name when there is
   one: no trailing blank after the counts of standard input. */
static void print(const struct counts *c, const char *name)
{
    const char *sep = "";
    if (show_lines) {
        printf("%s%7lu", sep, c->lines);
        sep = " ";
    }
    if (show_words) {
        printf("%s%7lu", sep, c->words);
        sep = " ";
    }
    if (show_bytes)
        printf("%s%7lu", sep, c->bytes);
    printf(*name ? " %s\n" : "\n", name);
}

int main(int argc, char **argv)
{
    int opt, status = 0;
    while ((opt = getopt(argc, argv, "lwc")) != -1) {
        if (opt == 'l')
            show_lines = 1;
        else if (opt == 'w')
            show_words = 1;
        else if (opt == 'c')
            show_bytes = 1;
        else
            return 2;
    }
    if (!show_lines && !show_words && !show_bytes)
        show_lines = show_words = show_bytes = 1;
    struct counts total = { 0, 0, 0 };
    if (optind >= argc) {
        struct counts c = { 0, 0, 0 };
        if (count_fd(0, &c) < 0) {
            perror("wc");
            return 1;
        }
        print(&c, "");
        return 0;
    }
    for (int i = optind; i < argc; i++) {
        struct counts c = { 0, 0, 0 };
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0 || count_fd(fd, &c) < 0) {
            fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
            status = 1;
            if (fd >= 0)
                close(fd);
            continue;
        }
        close(fd);
        print(&c, argv[i]);
        total.lines += c.lines;
        total.words += c.words;
        total.bytes += c.bytes;
    }
    if (argc - optind > 1)
        print(&total, "total");
    return status;
}
