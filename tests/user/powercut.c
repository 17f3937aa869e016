/*
 * tests/user/powercut.c: the guest side of the power-cut test
 * (tests/suites/48_power_cut.py).
 *
 *     powercut DIR [MiB]
 *     powercut --verify DIR [MiB]
 *
 * Makes the flusher eager (dirty data older than 50 ms is written back,
 * looked for every 10 ms: /proc/sys/vm/dirty_*_centisecs), creates
 * DIR/noise/, writes DIR/synced (MiB, default 3, of the pattern below, in
 * pieces and with one region rewritten), fsyncs it and DIR, prints
 * "powercut: synced BYTES" and then writes other files under DIR/noise
 * forever, never syncing them, so that background write-back is going on
 * when the host pulls the plug (kills QEMU).  The host then reads
 * DIR/synced off the image with debugfs.
 *
 * With --verify (after the reboot) it reads DIR/synced back and prints
 * "powercut: verified BYTES" if every byte is the pattern's, else what
 * differs, and exits 1.
 *
 * The pattern: byte i of the file is (i * 7 + i / 4096) mod 256, the host
 * computes the same.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint8_t pattern(uint64_t i) { return (uint8_t)(i * 7 + i / 4096); }

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static void knob(const char *name, const char *value)
{
    char p[128];
    snprintf(p, sizeof p, "/proc/sys/vm/%s", name);
    int fd = open(p, O_WRONLY);
    if (fd < 0 || write(fd, value, strlen(value)) != (ssize_t)strlen(value))
        die(p);
    close(fd);
}

static void fill(uint8_t *buf, uint64_t off, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = pattern(off + i);
}

static int verify(const char *synced, size_t size)
{
    int fd = open(synced, O_RDONLY);
    if (fd < 0)
        die(synced);
    static uint8_t buf[65536];
    uint64_t off = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] != pattern(off + (uint64_t)i)) {
                printf("powercut: byte %llu is %u, not %u\n", (unsigned long long)(off + i),
                       buf[i], pattern(off + (uint64_t)i));
                return 1;
            }
        }
        off += (uint64_t)n;
    }
    if (n < 0 || off != size) {
        printf("powercut: %llu bytes read, %zu expected\n", (unsigned long long)off, size);
        return 1;
    }
    printf("powercut: verified %zu\n", size);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--verify") == 0) {
        char synced[256];
        snprintf(synced, sizeof synced, "%s/synced", argv[2]);
        return verify(synced, (size_t)(argc > 3 ? atoi(argv[3]) : 3) << 20);
    }
    if (argc < 2) {
        fprintf(stderr, "usage: powercut [--verify] DIR [MiB]\n");
        return 2;
    }
    const char *dir = argv[1];
    size_t size = (size_t)(argc > 2 ? atoi(argv[2]) : 3) << 20;
    char synced[256], noise[256];
    snprintf(synced, sizeof synced, "%s/synced", dir);
    snprintf(noise, sizeof noise, "%s/noise", dir);
    knob("dirty_writeback_centisecs", "1\n");
    knob("dirty_expire_centisecs", "5\n");
    if (mkdir(noise, 0700) != 0)
        die(noise);

    enum { PIECE = 96 * 1024 + 512 }; /* not a page multiple: pages are shared by pieces */
    static uint8_t buf[PIECE];
    int fd = open(synced, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        die(synced);
    /* First a wrong version of the middle, then the whole file: the synced
       bytes must be the last ones written. */
    memset(buf, 0xee, sizeof buf);
    if (pwrite(fd, buf, sizeof buf, (off_t)(size / 2)) != (ssize_t)sizeof buf)
        die("pwrite");
    for (uint64_t off = 0; off < size; off += PIECE) {
        size_t n = size - off < PIECE ? size - off : PIECE;
        fill(buf, off, n);
        if (pwrite(fd, buf, n, (off_t)off) != (ssize_t)n)
            die("pwrite");
    }
    if (fsync(fd) != 0)
        die("fsync");
    int dfd = open(dir, O_RDONLY);
    if (dfd < 0 || fsync(dfd) != 0)
        die("fsync of the directory");
    close(dfd);
    printf("powercut: synced %zu\n", size);
    fflush(stdout);

    /* Dirty data that never gets synced, in files created and rewritten
       while background write-back runs. */
    memset(buf, 0x5a, sizeof buf);
    for (unsigned round = 0;; round++) {
        char p[300];
        snprintf(p, sizeof p, "%s/n%u", noise, round % 8);
        int n = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (n < 0)
            die(p);
        for (int k = 0; k < 8; k++)
            if (write(n, buf, sizeof buf) != (ssize_t)sizeof buf)
                die("write noise");
        close(n);
    }
}
