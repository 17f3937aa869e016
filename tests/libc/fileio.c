/* fileio.c: stdio streams and the file system calls, with Linux's errno values.
 * Works in the directory given as argv[1] (a fresh temporary directory). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "check.h"

static void stdio_write_then_read_back(void)
{
    FILE *f = fopen("stream.txt", "w");
    CHECK(f != NULL);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "line %d of %s\n", i, "the file");
    CHECK(fputs("last line, no newline", f) >= 0);
    CHECK(fclose(f) == 0);

    f = fopen("stream.txt", "r");
    CHECK(f != NULL);
    char line[64];
    int n = 0;
    while (fgets(line, sizeof(line), f)) {
        if (n < 1000) {
            char want[64];
            snprintf(want, sizeof(want), "line %d of the file\n", n);
            CHECK_STR(line, want);
        }
        n++;
    }
    CHECK(n == 1001);
    CHECK_STR(line, "last line, no newline");
    CHECK(feof(f) && !ferror(f));
    CHECK(fgetc(f) == EOF);
    rewind(f);
    CHECK(!feof(f));
    CHECK(fgetc(f) == 'l');
    CHECK(ungetc('L', f) == 'L');
    CHECK(fgetc(f) == 'L' && fgetc(f) == 'i');
    CHECK(fseek(f, -5, SEEK_END) == 0);
    CHECK(fgets(line, sizeof(line), f) && !strcmp(line, "wline"));
    CHECK(fseek(f, 5, SEEK_SET) == 0 && ftell(f) == 5);
    CHECK(fgetc(f) == '0');
    CHECK(fileno(f) > 2);
    CHECK(fclose(f) == 0);
}

static void fread_fwrite_binary_records(void)
{
    struct { int id; double v; char name[12]; } recs[100], back[100];
    memset(recs, 0, sizeof(recs));   /* the padding too, for the memcmp below */
    for (int i = 0; i < 100; i++) {
        recs[i].id = i;
        recs[i].v = i * 0.5;
        snprintf(recs[i].name, sizeof(recs[i].name), "r%d", i);
    }
    FILE *f = fopen("recs.bin", "wb");
    CHECK(fwrite(recs, sizeof(recs[0]), 100, f) == 100);
    CHECK(fclose(f) == 0);
    struct stat st;
    CHECK(stat("recs.bin", &st) == 0 && st.st_size == (off_t)sizeof(recs));
    f = fopen("recs.bin", "rb");
    CHECK(fread(back, sizeof(back[0]), 100, f) == 100);
    CHECK(fread(back, sizeof(back[0]), 1, f) == 0 && feof(f));
    fclose(f);
    CHECK(!memcmp(recs, back, sizeof(recs)));
    f = fopen("recs.bin", "a");
    CHECK(fputc('!', f) == '!');
    fclose(f);
    CHECK(stat("recs.bin", &st) == 0 && st.st_size == (off_t)sizeof(recs) + 1);
}

static void getline_reads_long_lines(void)
{
    FILE *f = fopen("long.txt", "w");
    for (int i = 0; i < 10000; i++)
        fputc('a' + i % 26, f);
    fputc('\n', f);
    fputs("short\n", f);
    fclose(f);
    f = fopen("long.txt", "r");
    char *line = NULL;
    size_t cap = 0;
    CHECK(getline(&line, &cap, f) == 10001 && line[9999] == 'a' + 9999 % 26);
    CHECK(getline(&line, &cap, f) == 6 && !strcmp(line, "short\n"));
    CHECK(getline(&line, &cap, f) == -1);
    free(line);
    fclose(f);
}

static void unistd_file_calls(void)
{
    int fd = open("raw.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    char buf[16] = { 0 };
    CHECK(read(fd, buf, 3) == 3 && !memcmp(buf, "234", 3));
    CHECK(pread(fd, buf, 2, 8) == 2 && !memcmp(buf, "89", 2));
    CHECK(lseek(fd, 0, SEEK_CUR) == 5);   /* pread does not move the offset */
    CHECK(ftruncate(fd, 4) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4 && S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == (0644 & ~umask(022)));
    int fd2 = dup(fd);
    CHECK(fd2 > fd);
    CHECK(lseek(fd2, 0, SEEK_SET) == 0 && lseek(fd, 0, SEEK_CUR) == 0);   /* shared offset */
    CHECK(dup2(fd, 20) == 20 && close(20) == 0);
    CHECK(fcntl(fd, F_GETFL) >= 0 && (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK(fsync(fd) == 0);
    close(fd2);
    close(fd);
    CHECK(link("raw.txt", "hard.txt") == 0);
    CHECK(stat("hard.txt", &st) == 0 && st.st_nlink == 2);
    CHECK(unlink("hard.txt") == 0 && stat("raw.txt", &st) == 0 && st.st_nlink == 1);
    CHECK(rename("raw.txt", "renamed.txt") == 0 && access("renamed.txt", F_OK) == 0);
    CHECK(access("raw.txt", F_OK) == -1 && errno == ENOENT);
    CHECK(remove("renamed.txt") == 0);
}

static void directories_and_dirent(void)
{
    CHECK(mkdir("sub", 0755) == 0);
    CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST);
    for (int i = 0; i < 50; i++) {
        char name[32];
        snprintf(name, sizeof(name), "sub/file%02d", i);
        int fd = open(name, O_WRONLY | O_CREAT, 0600);
        CHECK(fd >= 0);
        close(fd);
    }
    CHECK(rmdir("sub") == -1 && errno == ENOTEMPTY);
    DIR *d = opendir("sub");
    CHECK(d != NULL);
    int files = 0, dots = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            dots++;
        else if (!strncmp(e->d_name, "file", 4) && e->d_type == DT_REG)
            files++;
    }
    CHECK(files == 50 && dots == 2);
    CHECK(closedir(d) == 0);
    char cwd[4096], sub[4096];
    CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
    CHECK(chdir("sub") == 0 && getcwd(sub, sizeof(sub)) != NULL);
    CHECK(strlen(sub) == strlen(cwd) + 4 && !strcmp(sub + strlen(cwd), "/sub"));
    CHECK(chdir("..") == 0);
    for (int i = 0; i < 50; i++) {
        char name[32];
        snprintf(name, sizeof(name), "sub/file%02d", i);
        CHECK(unlink(name) == 0);
    }
    CHECK(rmdir("sub") == 0);
    CHECK(opendir("sub") == NULL && errno == ENOENT);
}

static void errors_have_linux_numbers(void)
{
    CHECK(ENOENT == 2 && EBADF == 9 && EEXIST == 17 && ENOTDIR == 20 && EISDIR == 21);
    CHECK(EINVAL == 22 && ENOSYS == 38 && ENOTEMPTY == 39 && ERANGE == 34);
    CHECK(open("missing/file", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(close(-1) == -1 && errno == EBADF);
    char c;
    CHECK(read(12345, &c, 1) == -1 && errno == EBADF);
    CHECK(open(".", O_WRONLY) == -1 && errno == EISDIR);
    int fd = open("plain", O_WRONLY | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0);
    close(fd);
    CHECK(open("plain", O_WRONLY | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
    CHECK(open("plain/x", O_RDONLY) == -1 && errno == ENOTDIR);
    CHECK(lseek(0, 0, 99) == -1 && errno == EINVAL);
    int p[2];
    CHECK(pipe(p) == 0);
    CHECK(lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
    close(p[0]);
    close(p[1]);
    CHECK(fopen("missing/file", "r") == NULL && errno == ENOENT);
    errno = ENOENT;
    CHECK(unlink("plain") == 0);
    CHECK(isatty(p[0]) == 0 && errno == EBADF);
}

int main(int argc, char **argv)
{
    if (argc < 2 || chdir(argv[1]) < 0) {
        fprintf(stderr, "usage: fileio SCRATCH_DIR\n");
        return 2;
    }
    RUN(stdio_write_then_read_back);
    RUN(fread_fwrite_binary_records);
    RUN(getline_reads_long_lines);
    RUN(unistd_file_calls);
    RUN(directories_and_dirent);
    RUN(errors_have_linux_numbers);
    return check_total_failed != 0;
}
