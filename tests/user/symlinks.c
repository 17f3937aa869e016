/*
 * tests/user/symlinks.c: symbolic links as Linux has them (symlink(7),
 * path_resolution(7), readlink(2), open(2) O_NOFOLLOW, the *at calls'
 * AT_SYMLINK_NOFOLLOW, /proc/self and the magic links of /proc/PID).  One
 * line per check; the exit status is the number of failures.  Run on the
 * Linux host first (the expectations are Linux's), then in pagelab.
 *
 *     symlinks DIR     works in DIR (made if missing, left behind)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"
#include "scratch.h"

static int write_file(const char *p, const char *text)
{
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    int ok = write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    close(fd);
    return ok ? 0 : -1;
}

static int read_file(const char *p, char *buf, size_t size)
{
    int fd = open(p, O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0)
        return -1;
    buf[n] = 0;
    return (int)n;
}

/* readlink's text as a C string ("" on error). */
static const char *link_text(const char *p)
{
    static char buf[PATH_MAX + 1];
    ssize_t n = readlink(p, buf, PATH_MAX);
    buf[n < 0 ? 0 : n] = 0;
    return buf;
}

static void making_and_reading(void)
{
    char buf[256];
    CHECK("symlink_returns_0", symlink("target", path("l1")) == 0);
    CHECK("readlink_gives_the_text", strcmp(link_text(path("l1")), "target") == 0);
    CHECK("readlink_does_not_add_a_nul",
          readlink(path("l1"), buf, sizeof buf) == 6 && memcmp(buf, "target", 6) == 0);
    memset(buf, 'x', sizeof buf);
    CHECK("readlink_truncates_to_bufsiz", readlink(path("l1"), buf, 3) == 3 &&
                                              memcmp(buf, "tar", 3) == 0 && buf[3] == 'x');
    CHECK("readlink_of_a_file_is_einval", write_file(path("file"), "contents\n") == 0 &&
                                              readlink(path("file"), buf, sizeof buf) == -1 &&
                                              errno == EINVAL);
    /* The system call itself (musl's readlink turns a size of 0 into 1). */
    CHECK("readlink_zero_bufsiz_is_einval",
          syscall(SYS_readlink, path("l1"), buf, 0) == -1 && errno == EINVAL);
    CHECK("readlink_missing_is_enoent",
          readlink(path("missing"), buf, sizeof buf) == -1 && errno == ENOENT);
    CHECK("symlink_over_a_name_is_eexist",
          symlink("x", path("file")) == -1 && errno == EEXIST);
    CHECK("symlink_empty_target_is_enoent", symlink("", path("empty")) == -1 && errno == ENOENT);
    CHECK("symlink_in_missing_dir_is_enoent",
          symlink("x", path("nodir/l")) == -1 && errno == ENOENT);
    CHECK("dangling_link_can_be_made", symlink("does-not-exist", path("dangling")) == 0);
    struct stat st;
    CHECK("stat_of_dangling_is_enoent", stat(path("dangling"), &st) == -1 && errno == ENOENT);
    CHECK("lstat_of_dangling_is_the_link",
          lstat(path("dangling"), &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 14);

    /* A target of 60 bytes and more: ext2 keeps it in a block (a slow link). */
    char longer[200];
    memset(longer, 'a', sizeof longer);
    memcpy(longer, "./", 2);
    longer[150] = 0;
    CHECK("long_link_reads_back", symlink(longer, path("slow")) == 0 &&
                                      strcmp(link_text(path("slow")), longer) == 0);
    CHECK("long_link_lstat_size", lstat(path("slow"), &st) == 0 && st.st_size == 150);
    CHECK("unlink_removes_the_link_not_the_target",
          symlink("file", path("tofile")) == 0 && unlink(path("tofile")) == 0 &&
              stat(path("file"), &st) == 0);
}

static void following(void)
{
    char buf[256];
    struct stat st, lst;
    symlink("file", path("rel"));
    CHECK("open_follows_a_relative_link",
          read_file(path("rel"), buf, sizeof buf) == 9 && strcmp(buf, "contents\n") == 0);
    char abs[600];
    snprintf(abs, sizeof abs, "%s/file", dir);
    symlink(abs, path("abs"));
    CHECK("open_follows_an_absolute_link", read_file(path("abs"), buf, sizeof buf) == 9);
    CHECK("stat_follows_lstat_does_not",
          stat(path("rel"), &st) == 0 && lstat(path("rel"), &lst) == 0 && S_ISREG(st.st_mode) &&
              S_ISLNK(lst.st_mode) && st.st_ino != lst.st_ino && lst.st_size == 4);
    CHECK("lstat_mode_is_0777", (lst.st_mode & 07777) == 0777);
    CHECK("fstatat_symlink_nofollow",
          fstatat(AT_FDCWD, path("rel"), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode));
    CHECK("o_nofollow_on_a_link_is_eloop",
          open(path("rel"), O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP);
    int fd = open(path("file"), O_RDONLY | O_NOFOLLOW);
    CHECK("o_nofollow_on_a_file_opens", fd >= 0);
    close(fd);

    mkdir(path("d"), 0755);
    write_file(path("d/inner"), "inner\n");
    symlink("d", path("dl"));
    CHECK("link_in_the_middle_is_followed", read_file(path("dl/inner"), buf, sizeof buf) == 6);
    CHECK("dotdot_after_a_link_is_physical",
          symlink("d/..", path("up")) == 0 && stat(path("up/file"), &st) == 0);
    CHECK("trailing_slash_follows_even_lstat",
          lstat(path("dl/"), &st) == 0 && S_ISDIR(st.st_mode));
    CHECK("trailing_slash_on_file_link_is_enotdir",
          stat(path("rel/"), &st) == -1 && errno == ENOTDIR);
    CHECK("link_to_file_in_middle_is_enotdir",
          stat(path("rel/x"), &st) == -1 && errno == ENOTDIR);

    /* open(O_CREAT) through a dangling link makes the target (Linux). */
    symlink("created-through", path("dang2"));
    fd = open(path("dang2"), O_CREAT | O_WRONLY, 0644);
    CHECK("o_creat_through_dangling_link_creates_target",
          fd >= 0 && stat(path("created-through"), &st) == 0 && S_ISREG(st.st_mode));
    close(fd);
    CHECK("o_creat_o_excl_on_a_link_is_eexist",
          open(path("rel"), O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
    CHECK("o_creat_o_nofollow_on_link_is_eloop",
          open(path("rel"), O_CREAT | O_NOFOLLOW | O_WRONLY, 0644) == -1 && errno == ELOOP);

    CHECK("chdir_through_a_link_gives_physical_cwd",
          chdir(path("dl")) == 0 && getcwd(buf, sizeof buf) && strstr(buf, "/d") &&
              strcmp(buf + strlen(buf) - 2, "/d") == 0);
    chdir("/");
    CHECK("mkdir_over_a_link_is_eexist", mkdir(path("dl"), 0755) == -1 && errno == EEXIST);
    CHECK("rmdir_of_a_link_is_enotdir", rmdir(path("dl")) == -1 && errno == ENOTDIR);
    CHECK("rename_moves_the_link",
          rename(path("dl"), path("dl2")) == 0 && strcmp(link_text(path("dl2")), "d") == 0);
    CHECK("link_makes_a_hard_link_to_the_link_itself",
          link(path("rel"), path("hard")) == 0 && lstat(path("hard"), &st) == 0 &&
              S_ISLNK(st.st_mode) && st.st_nlink == 2);
    CHECK("linkat_symlink_follow_links_the_target",
          linkat(AT_FDCWD, path("rel"), AT_FDCWD, path("hard2"), AT_SYMLINK_FOLLOW) == 0 &&
              lstat(path("hard2"), &st) == 0 && S_ISREG(st.st_mode));
}

static void loops(void)
{
    struct stat st;
    symlink("loopB", path("loopA"));
    symlink("loopA", path("loopB"));
    CHECK("a_loop_is_eloop", stat(path("loopA"), &st) == -1 && errno == ELOOP);
    CHECK("open_of_a_loop_is_eloop", open(path("loopA"), O_RDONLY) == -1 && errno == ELOOP);
    CHECK("self_link_is_eloop",
          symlink("self", path("self")) == 0 && stat(path("self"), &st) == -1 && errno == ELOOP);
    /* A chain of 40 links resolves (Linux's MAXSYMLINKS); 41 is too many. */
    char name[64], next[64];
    for (int i = 0; i < 41; i++) {
        snprintf(name, sizeof name, "c%d", i);
        snprintf(next, sizeof next, i == 40 ? "file" : "c%d", i + 1);
        symlink(next, path(name));
    }
    CHECK("forty_links_resolve", stat(path("c1"), &st) == 0 && S_ISREG(st.st_mode));
    CHECK("forty_one_links_are_eloop", stat(path("c0"), &st) == -1 && errno == ELOOP);
}

static void at_calls(void)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    char buf[64];
    CHECK("symlinkat_relative_to_dirfd", symlinkat("file", dfd, "at1") == 0);
    ssize_t n = readlinkat(dfd, "at1", buf, sizeof buf);
    CHECK("readlinkat_relative_to_dirfd", n == 4 && memcmp(buf, "file", 4) == 0);
    struct stat st;
    CHECK("fstatat_follows_by_default", fstatat(dfd, "at1", &st, 0) == 0 && S_ISREG(st.st_mode));
    CHECK("unlinkat_removes_the_link", unlinkat(dfd, "at1", 0) == 0 &&
                                           fstatat(dfd, "at1", &st, AT_SYMLINK_NOFOLLOW) == -1);
    CHECK("fstatat_bad_flag_is_einval", fstatat(dfd, "file", &st, 0x8000) == -1 && errno == EINVAL);
    close(dfd);
}

static void proc_links(void)
{
    char want[32], buf[PATH_MAX];
    snprintf(want, sizeof want, "%d", getpid());
    struct stat st;
    CHECK("proc_self_is_a_link_to_the_pid", strcmp(link_text("/proc/self"), want) == 0);
    CHECK("proc_self_lstat_is_a_link", lstat("/proc/self", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK("proc_self_stat_is_a_directory", stat("/proc/self", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK("proc_self_cwd_is_the_cwd",
          chdir(dir) == 0 && getcwd(buf, sizeof buf) &&
              strcmp(link_text("/proc/self/cwd"), buf) == 0);
    chdir("/");
    int fd = open(path("file"), O_RDONLY);
    snprintf(want, sizeof want, "/proc/self/fd/%d", fd);
    char real[PATH_MAX];
    CHECK("fd_link_names_the_file",
          realpath(path("file"), real) && strcmp(link_text(want), real) == 0);
    CHECK("fd_link_opens_the_same_file", read_file(want, buf, sizeof buf) == 9);
    close(fd);
    int p[2];
    pipe(p);
    snprintf(want, sizeof want, "/proc/self/fd/%d", p[0]);
    CHECK("fd_link_of_a_pipe_says_pipe", strncmp(link_text(want), "pipe:[", 6) == 0);
    close(p[0]);
    close(p[1]);
    fd = open(path("unlinked"), O_CREAT | O_RDWR, 0600);
    unlink(path("unlinked"));
    snprintf(want, sizeof want, "/proc/self/fd/%d", fd);
    const char *t = link_text(want);
    CHECK("fd_link_of_an_unlinked_file_says_deleted",
          strlen(t) > 10 && strcmp(t + strlen(t) - 10, " (deleted)") == 0);
    close(fd);
    CHECK("proc_self_exe_is_this_program", readlink("/proc/self/exe", buf, sizeof buf) > 0 &&
                                               stat("/proc/self/exe", &st) == 0 &&
                                               S_ISREG(st.st_mode) && (st.st_mode & 0111));
    CHECK("dev_stdin_is_a_link_to_fd_0", strcmp(link_text("/dev/stdin"), "/proc/self/fd/0") == 0);
    CHECK("dev_fd_is_a_link", strcmp(link_text("/dev/fd"), "/proc/self/fd") == 0);
}

int main(int argc, char **argv)
{
    snprintf(dir, sizeof dir, "%s", argc > 1 ? argv[1] : "/tmp/symlinks-test");
    mkdir(dir, 0755);
    making_and_reading();
    following();
    loops();
    at_calls();
    proc_links();
    return failures;
}
