/*
 * tests/user/filecalls.c: older and Linux-only file calls, checked on Linux
 * first and then unmodified in pagelab, through their own system call
 * numbers (musl builds creat and utimes on others): creat (85), utimes
 * (235), futimesat (261), syncfs (306), close_range (436) with
 * CLOSE_RANGE_CLOEXEC and CLOSE_RANGE_UNSHARE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include "check.h"

#define CR_UNSHARE (1u << 1) /* include/uapi/linux/close_range.h */
#define CR_CLOEXEC (1u << 2)

static int is_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

static void creat_calls(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/made", dir);
    umask(022);
    int fd = (int)syscall(SYS_creat, path, 0664);
    CHECK("creat_makes_a_file", fd >= 0);
    struct stat st;
    CHECK("creat_applies_the_umask", fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644 &&
                                         S_ISREG(st.st_mode));
    CHECK("creat_opens_write_only", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_WRONLY);
    char c;
    errno = 0;
    CHECK("creat_descriptor_cannot_read", read(fd, &c, 1) < 0 && errno == EBADF);
    CHECK("creat_descriptor_writes", write(fd, "hello", 5) == 5);
    close(fd);
    fd = (int)syscall(SYS_creat, path, 0600);
    CHECK("creat_of_an_existing_file_truncates_it",
          fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0 && (st.st_mode & 0777) == 0644);
    close(fd);
    errno = 0;
    CHECK("creat_in_a_missing_directory_is_enoent",
          syscall(SYS_creat, "/nonexistent-dir/x", 0600) < 0 && errno == ENOENT);
    errno = 0;
    CHECK("creat_bad_path_pointer_is_efault", syscall(SYS_creat, (void *)8, 0600) < 0 && errno == EFAULT);
}

static void utimes_calls(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/times", dir);
    close(open(path, O_CREAT | O_WRONLY, 0644));
    struct timeval tv[2] = { { 1000000, 250000 }, { 2000000, 0 } };
    struct stat st;
    CHECK("utimes_sets_both_times", syscall(SYS_utimes, path, tv) == 0 && stat(path, &st) == 0 &&
                                        st.st_atime == 1000000 && st.st_mtime == 2000000);
    time_t before = time(NULL);
    CHECK("utimes_null_sets_now", syscall(SYS_utimes, path, NULL) == 0 && stat(path, &st) == 0 &&
                                      st.st_mtime >= before - 5 && st.st_mtime <= before + 60);
    tv[1].tv_usec = 1000000;
    errno = 0;
    CHECK("utimes_usec_of_a_second_is_einval", syscall(SYS_utimes, path, tv) < 0 && errno == EINVAL);
    tv[1].tv_usec = -1;
    errno = 0;
    CHECK("utimes_negative_usec_is_einval", syscall(SYS_utimes, path, tv) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("utimes_bad_times_pointer_is_efault",
          syscall(SYS_utimes, path, (void *)8) < 0 && errno == EFAULT);
    tv[1].tv_usec = 0;
    errno = 0;
    CHECK("utimes_missing_file_is_enoent",
          syscall(SYS_utimes, "/nonexistent-file-x", tv) < 0 && errno == ENOENT);

    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    struct timeval tv2[2] = { { 3000000, 0 }, { 4000000, 0 } };
    CHECK("futimesat_is_relative_to_the_directory",
          syscall(SYS_futimesat, dfd, "times", tv2) == 0 && stat(path, &st) == 0 &&
              st.st_atime == 3000000 && st.st_mtime == 4000000);
    int fd = open(path, O_RDONLY);
    tv2[1].tv_sec = 5000000;
    CHECK("futimesat_null_path_sets_the_descriptors_file",
          syscall(SYS_futimesat, fd, NULL, tv2) == 0 && stat(path, &st) == 0 &&
              st.st_mtime == 5000000);
    errno = 0;
    CHECK("futimesat_closed_descriptor_is_ebadf",
          syscall(SYS_futimesat, dfd + fd + 50, "times", tv2) < 0 && errno == EBADF);
    close(fd);
    close(dfd);
}

static void syncfs_calls(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/synced", dir);
    int fd = open(path, O_CREAT | O_RDWR, 0644);
    write(fd, "data", 4);
    CHECK("syncfs_of_a_written_file_succeeds", syscall(SYS_syncfs, fd) == 0);
    close(fd);
    errno = 0;
    CHECK("syncfs_closed_descriptor_is_ebadf", syscall(SYS_syncfs, fd) < 0 && errno == EBADF);
}

static int shared_fd, thread_saw_closed;
static void *unsharer(void *arg)
{
    (void)arg;
    thread_saw_closed = syscall(SYS_close_range, shared_fd, shared_fd, CR_UNSHARE) == 0 &&
                        !is_open(shared_fd);
    return NULL;
}

static void close_range_calls(void)
{
    int p[2], fds[6];
    pipe(p);
    for (int i = 0; i < 6; i++)
        fds[i] = dup(p[0]);
    /* dup hands out the lowest free numbers: fds[] are consecutive. */
    int lo = fds[1], hi = fds[4];
    CHECK("close_range_closes_the_range", syscall(SYS_close_range, lo, hi, 0) == 0 &&
                                              !is_open(fds[1]) && !is_open(fds[2]) &&
                                              !is_open(fds[3]) && !is_open(fds[4]));
    CHECK("close_range_leaves_the_rest_open", is_open(fds[0]) && is_open(fds[5]) && is_open(p[1]));
    CHECK("close_range_skips_closed_descriptors", syscall(SYS_close_range, lo, hi, 0) == 0);
    CHECK("close_range_cloexec_marks_without_closing",
          syscall(SYS_close_range, fds[0], fds[0], CR_CLOEXEC) == 0 && is_open(fds[0]) &&
              (fcntl(fds[0], F_GETFD) & FD_CLOEXEC));
    errno = 0;
    CHECK("close_range_first_past_last_is_einval",
          syscall(SYS_close_range, 5, 4, 0) < 0 && errno == EINVAL);
    errno = 0;
    CHECK("close_range_unknown_flag_is_einval",
          syscall(SYS_close_range, fds[5], fds[5], 1) < 0 && errno == EINVAL);

    /* With the table shared by a thread, UNSHARE closes in the caller's copy. */
    shared_fd = fds[5];
    pthread_t th;
    pthread_create(&th, NULL, unsharer, NULL);
    pthread_join(th, NULL);
    CHECK("close_range_unshare_closes_in_the_callers_copy", thread_saw_closed);
    CHECK("close_range_unshare_leaves_the_other_threads_table", is_open(fds[5]));

    CHECK("close_range_to_the_end_of_the_table",
          syscall(SYS_close_range, fds[5], ~0u, 0) == 0 && !is_open(fds[5]));
    close(fds[0]);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    char dir[] = "/tmp/filecallsXXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    creat_calls(dir);
    utimes_calls(dir);
    syncfs_calls(dir);
    close_range_calls();
    char path[256];
    const char *names[] = { "made", "times", "synced" };
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    return failures;
}
