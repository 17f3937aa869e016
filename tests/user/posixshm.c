/*
 * tests/user/posixshm.c: POSIX shared memory and semaphores between
 * processes (shm_overview(7), sem_overview(7)), and /dev/shm as a file
 * system (tmpfs on Linux, pagelab's memory file system): shm_open flags and
 * names, ftruncate + mmap shared by a parent and a child that opened the
 * object separately, unlink while mapped, directories, rename, link,
 * readdir, holes; unnamed semaphores with pshared 1 in shared memory and
 * named ones (sem_open) handing turns between processes, trywait,
 * timedwait, getvalue, EOVERFLOW.  One line per check; the exit status is
 * the number of failures.  Builds with musl (and with pagelab's libc); the
 * same binary passes on Linux first, then on pagelab.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define PAGE   4096
#define ROUNDS 200

static char name[64], name2[64], semname[64];

static int exit_code(pid_t pid)
{
    int st = -1;
    if (waitpid(pid, &st, 0) != pid)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int in_dir(const char *dir, const char *entry)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, entry) == 0)
            found = 1;
    closedir(d);
    return found;
}

static void shm_objects(void)
{
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK("shm_open_creates", fd >= 0);
    CHECK("shm_open_sets_cloexec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    struct stat st;
    CHECK("new_object_is_empty_0600", fstat(fd, &st) == 0 && st.st_size == 0 &&
                                          (st.st_mode & 0777) == 0600 && S_ISREG(st.st_mode));
    CHECK("object_is_a_file_in_dev_shm", in_dir("/dev/shm", name + 1));
    CHECK("o_excl_on_existing_is_eexist",
          shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST);
    CHECK("open_missing_is_enoent", shm_open(name2, O_RDWR, 0) == -1 && errno == ENOENT);
    CHECK("empty_name_is_einval", shm_open("/", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL);
    CHECK("slash_inside_name_is_einval",
          shm_open("/a/b", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL);
    CHECK("ftruncate_sizes_object", ftruncate(fd, 4 * PAGE) == 0);

    /* A child opens the object by name and writes; the parent sees it. */
    char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("mmap_object", m != MAP_FAILED);
    pid_t pid = fork();
    if (pid == 0) {
        int cfd = shm_open(name, O_RDWR, 0);
        char *c = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        if (cfd < 0 || c == MAP_FAILED)
            _exit(2);
        strcpy(c + 3 * PAGE, "written by the child");
        _exit(0);
    }
    CHECK("child_opened_by_name", exit_code(pid) == 0);
    CHECK("parent_sees_child_store", strcmp(m + 3 * PAGE, "written by the child") == 0);
    char buf[32] = { 0 };
    CHECK("read_sees_mapped_store",
          pread(fd, buf, 20, 3 * PAGE) == 20 && memcmp(buf, "written by the child", 20) == 0);
    CHECK("o_trunc_empties", close(shm_open(name, O_RDWR | O_TRUNC, 0)) == 0 &&
                                 fstat(fd, &st) == 0 && st.st_size == 0);
    ftruncate(fd, 4 * PAGE);
    CHECK("truncated_contents_are_zeros", m[3 * PAGE] == 0);
    CHECK("shm_unlink", shm_unlink(name) == 0);
    CHECK("unlinked_name_is_gone", shm_open(name, O_RDWR, 0) == -1 && errno == ENOENT);
    m[5] = 'k';
    CHECK("mapping_outlives_unlink", pread(fd, buf, 1, 5) == 1 && buf[0] == 'k');
    CHECK("shm_unlink_missing_is_enoent", shm_unlink(name) == -1 && errno == ENOENT);
    munmap(m, 4 * PAGE);
    close(fd);
}

/* /dev/shm behaves as a file system: directories, rename, link, holes. */
static void memory_fs(void)
{
    char dir[96], file[128], moved[128], linked[128];
    snprintf(dir, sizeof dir, "/dev/shm/dir-%d", (int)getpid());
    snprintf(file, sizeof file, "%s/f", dir);
    snprintf(moved, sizeof moved, "%s/g", dir);
    snprintf(linked, sizeof linked, "%s/h", dir);
    CHECK("mkdir_in_dev_shm", mkdir(dir, 0755) == 0);
    int fd = open(file, O_RDWR | O_CREAT, 0644);
    CHECK("create_in_subdir", fd >= 0 && write(fd, "abc", 3) == 3);
    CHECK("lseek_past_end_and_write", lseek(fd, 3 * PAGE, SEEK_SET) == 3 * PAGE && write(fd, "z", 1) == 1);
    struct stat st;
    fstat(fd, &st);
    CHECK("sparse_file_size", st.st_size == 3 * PAGE + 1);
    CHECK("sparse_file_uses_two_pages", st.st_blocks == 2 * PAGE / 512);
    char buf[8] = { 1, 1, 1, 1 };
    CHECK("hole_reads_zeros", pread(fd, buf, 4, PAGE) == 4 && buf[0] == 0 && buf[3] == 0);
    close(fd);
    CHECK("rmdir_non_empty_is_enotempty", rmdir(dir) == -1 && errno == ENOTEMPTY);
    CHECK("rename_within_dev_shm", rename(file, moved) == 0 && access(file, F_OK) == -1 &&
                                       access(moved, F_OK) == 0);
    CHECK("link_in_dev_shm", link(moved, linked) == 0 && stat(moved, &st) == 0 && st.st_nlink == 2);
    CHECK("unlink_one_name_keeps_other", unlink(moved) == 0 && stat(linked, &st) == 0 &&
                                             st.st_nlink == 1 && st.st_size == 3 * PAGE + 1);
    CHECK("rename_to_disk_is_exdev", rename(linked, "/tmp/posixshm-exdev") == -1 && errno == EXDEV);
    CHECK("readdir_lists_file", in_dir(dir, "h") && !in_dir(dir, "g"));
    unlink(linked);
    CHECK("rmdir_empty", rmdir(dir) == 0 && access(dir, F_OK) == -1);
    struct stat shm;
    CHECK("dev_shm_is_sticky_world_writable",
          stat("/dev/shm", &shm) == 0 && S_ISDIR(shm.st_mode) && (shm.st_mode & 07777) == 01777);
}

/* Parent and child take turns through two semaphores in shared memory:
   each round the child adds one to a counter only after the parent posted. */
static void unnamed_shared_sems(void)
{
    struct area {
        sem_t ping, pong;
        volatile int counter;
    } *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK("sem_init_pshared", sem_init(&a->ping, 1, 0) == 0 && sem_init(&a->pong, 1, 0) == 0);
    a->counter = 0;
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < ROUNDS; i++) {
            if (sem_wait(&a->ping) != 0)
                _exit(2);
            a->counter++;
            sem_post(&a->pong);
        }
        _exit(0);
    }
    int in_step = 1;
    for (int i = 0; i < ROUNDS; i++) {
        sem_post(&a->ping);
        sem_wait(&a->pong);
        if (a->counter != i + 1)
            in_step = 0;
    }
    CHECK("pshared_ping_pong_in_step", in_step && a->counter == ROUNDS);
    CHECK("pshared_child_exits_0", exit_code(pid) == 0);
    int v = -1;
    CHECK("getvalue_after_ping_pong", sem_getvalue(&a->ping, &v) == 0 && v == 0);
    CHECK("trywait_empty_is_eagain", sem_trywait(&a->ping) == -1 && errno == EAGAIN);
    sem_post(&a->ping);
    sem_post(&a->ping);
    CHECK("getvalue_counts_posts", sem_getvalue(&a->ping, &v) == 0 && v == 2);
    CHECK("trywait_takes_one", sem_trywait(&a->ping) == 0 && sem_getvalue(&a->ping, &v) == 0 && v == 1);

    /* A waiter blocked in the child is woken by the parent's post. */
    sem_init(&a->pong, 1, 0);
    pid = fork();
    if (pid == 0) {
        uint64_t t0 = now_ms();
        int r = sem_wait(&a->pong);
        _exit(r == 0 && now_ms() - t0 >= 80 ? 0 : 1);
    }
    struct timespec pause = { 0, 150 * 1000000 };
    nanosleep(&pause, NULL);
    sem_post(&a->pong);
    CHECK("blocked_sem_wait_woken_by_post", exit_code(pid) == 0);

    struct timespec at;
    clock_gettime(CLOCK_REALTIME, &at);
    at.tv_nsec += 200 * 1000000;
    if (at.tv_nsec >= 1000000000) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000;
    }
    uint64_t t0 = now_ms();
    int r = sem_timedwait(&a->pong, &at);
    CHECK("timedwait_times_out", r == -1 && errno == ETIMEDOUT && now_ms() - t0 >= 150);
    struct timespec bad = { 0, 1000000000 };
    CHECK("timedwait_bad_time_is_einval", sem_timedwait(&a->pong, &bad) == -1 && errno == EINVAL);
    sem_post(&a->pong);
    CHECK("timedwait_bad_time_ignored_when_no_wait", sem_timedwait(&a->pong, &bad) == 0);

    sem_t big;
    sem_init(&big, 0, SEM_VALUE_MAX);
    CHECK("post_at_max_is_eoverflow", sem_post(&big) == -1 && errno == EOVERFLOW);
    CHECK("init_above_max_is_einval",
          sem_init(&big, 0, (unsigned)SEM_VALUE_MAX + 1) == -1 && errno == EINVAL);
    sem_destroy(&big);
    munmap(a, PAGE);
}

/* Named semaphores: a child opens the same name on its own. */
static void named_sems(void)
{
    sem_t *s = sem_open(semname, O_CREAT | O_EXCL, 0600, 0);
    CHECK("sem_open_creates", s != SEM_FAILED);
    CHECK("sem_open_o_excl_existing_is_eexist",
          sem_open(semname, O_CREAT | O_EXCL, 0600, 0) == SEM_FAILED && errno == EEXIST);
    sem_t *again = sem_open(semname, 0);
    CHECK("same_name_same_address", again == s);
    sem_close(again);
    sem_t *done = sem_open(name2, O_CREAT, 0600, 0);
    CHECK("second_named_sem", done != SEM_FAILED && done != s);
    pid_t pid = fork();
    if (pid == 0) {
        sem_t *c = sem_open(semname, 0);
        sem_t *d = sem_open(name2, 0);
        if (c == SEM_FAILED || d == SEM_FAILED)
            _exit(2);
        for (int i = 0; i < ROUNDS; i++) {
            if (sem_wait(c) != 0)
                _exit(3);
            sem_post(d);
        }
        _exit(0);
    }
    int ok = 1;
    for (int i = 0; i < ROUNDS && ok; i++) {
        ok = sem_post(s) == 0 && sem_wait(done) == 0;
    }
    CHECK("named_ping_pong", ok);
    CHECK("named_child_exits_0", exit_code(pid) == 0);
    CHECK("sem_close", sem_close(s) == 0 && sem_close(done) == 0);
    CHECK("sem_unlink", sem_unlink(semname) == 0 && sem_unlink(name2) == 0);
    CHECK("open_unlinked_is_enoent", sem_open(semname, 0) == SEM_FAILED && errno == ENOENT);
    CHECK("sem_unlink_missing_is_enoent", sem_unlink(semname) == -1 && errno == ENOENT);
}

int main(void)
{
    snprintf(name, sizeof name, "/posixshm-%d", (int)getpid());
    snprintf(name2, sizeof name2, "/posixshm-%d-b", (int)getpid());
    snprintf(semname, sizeof semname, "/posixshm-%d-sem", (int)getpid());
    shm_objects();
    memory_fs();
    unnamed_shared_sems();
    named_sems();
    printf("%d failures\n", failures);
    return failures;
}
