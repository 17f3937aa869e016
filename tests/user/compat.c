/*
 * tests/user/compat.c: the Linux compatibility proof.  Built on the host
 * with musl-gcc -static and run unmodified both on Linux and inside
 * pagelab (tools/run-in-vm --add); tests/suites/50_userspace.py compares
 * the two outputs byte for byte.  Uses printf, malloc, fork/wait and file
 * I/O, and prints only what must be the same on both kernels.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned checksum(const unsigned char *p, size_t n)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    printf("compat: %d argument(s), pi is about %.5f, %5s|%-5s|%05d|%x\n", argc, 3.14159265,
           "r", "l", 42, 0xbeefu);

    /* malloc: many sizes, contents checked. */
    size_t total = 0;
    char *blocks[64];
    for (int i = 0; i < 64; i++) {
        size_t n = (size_t)(i * 977 % 5000) + 1;
        blocks[i] = malloc(n);
        memset(blocks[i], 'a' + i % 26, n);
        total += n;
    }
    int intact = 1;
    for (int i = 0; i < 64; i++) {
        size_t n = (size_t)(i * 977 % 5000) + 1;
        intact &= blocks[i][0] == 'a' + i % 26 && blocks[i][n - 1] == 'a' + i % 26;
        free(blocks[i]);
    }
    char *big = calloc(1, 1 << 20);
    intact &= big && big[12345] == 0;
    free(big);
    printf("malloc: %zu bytes in 64 blocks, intact=%d\n", total, intact);

    /* File I/O: write, read back, stat, unlink. */
    char path[256];
    snprintf(path, sizeof path, "%s/compat.%d", dir, (int)getpid());
    unsigned char data[10000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    FILE *f = fopen(path, "w");
    if (!f) {
        printf("fopen %s: %s\n", dir, strerror(errno));
        return 1;
    }
    fwrite(data, 1, sizeof data, f);
    fprintf(f, "tail line %d\n", 7);
    fclose(f);
    struct stat st;
    stat(path, &st);
    int fd = open(path, O_RDONLY);
    unsigned char back[sizeof data];
    ssize_t got = read(fd, back, sizeof back);
    char tail[64] = { 0 };
    ssize_t tail_len = read(fd, tail, sizeof tail - 1);
    close(fd);
    printf("file: size %lld, read %zd, same=%d, checksum %08x, tail \"%.*s\"\n",
           (long long)st.st_size, got, memcmp(back, data, sizeof data) == 0,
           checksum(back, sizeof back), (int)tail_len - 1, tail);
    unlink(path);
    printf("after unlink: stat says %s\n", stat(path, &st) == 0 ? "exists" : strerror(errno));

    /* fork/wait: children compute, exit codes come back in order. */
    fflush(stdout);
    int sum = 0;
    for (int i = 1; i <= 5; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            printf("child %d: %d squared is %d\n", i, i, i * i);
            fflush(stdout);
            _exit(i * i);
        }
        int status;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status))
            sum += WEXITSTATUS(status);
    }
    printf("fork/wait: sum of exit codes %d\n", sum);
    return 0;
}
