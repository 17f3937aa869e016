/*
 * tests/user/fsmisc.c: file-system calls of the process model, checked on
 * Linux first and then unmodified in pagelab: statfs and fstatfs, fcntl
 * record locks (F_GETLK, F_SETLK, F_SETLKW, split and merged ranges,
 * released at close and exit, EDEADLK) and flock, mmap of /dev/zero
 * (private and shared), mmap's EINVAL for a bad mapping type, and the
 * file times that access through a mapping and msync mark, and read and
 * write cut short by an unmapped page in the user's buffer (the bytes before
 * the hole count, and the file position moves by them), fallocate(2) on a
 * memfd (allocating, growing, KEEP_SIZE, punching holes, seals, Linux's
 * errors in Linux's order) and posix_fadvise(2) (errors; DONTNEED evicts a
 * written-back file's pages, WILLNEED reads them back), and RLIMIT_NOFILE
 * wherever a descriptor is made (EMFILE; dup2 EBADF; F_DUPFD EINVAL), and
 * lseek's SEEK_DATA and SEEK_HOLE (a memfd's real holes; a dense file).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

#define PROC_SUPER_MAGIC 0x9fa0
#define FILE_NAME        "fsmisc.tmp"

static void nap_ms(int ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void statfs_calls(void)
{
    struct statfs a, b;
    CHECK("statfs_of_the_working_directory", statfs(".", &a) == 0 && a.f_bsize > 0 &&
                                                 a.f_blocks >= a.f_bfree && a.f_bfree >= a.f_bavail &&
                                                 a.f_namelen == 255);
    int fd = open(".", O_RDONLY);
    CHECK("fstatfs_agrees_with_statfs",
          fstatfs(fd, &b) == 0 && b.f_type == a.f_type && b.f_blocks == a.f_blocks &&
              b.f_bsize == a.f_bsize && b.f_files == a.f_files);
    close(fd);
    CHECK("statfs_of_proc_is_procfs", statfs("/proc", &b) == 0 && b.f_type == PROC_SUPER_MAGIC);

    fd = open(FILE_NAME, O_CREAT | O_TRUNC | O_RDWR, 0644);
    static char block[1 << 20];
    memset(block, 'x', sizeof block);
    int wrote = write(fd, block, sizeof block) == (ssize_t)sizeof block && fsync(fd) == 0;
    CHECK("statfs_sees_a_megabyte_written", wrote && fstatfs(fd, &b) == 0 && b.f_bfree < a.f_bfree);
    close(fd);
    unlink(FILE_NAME);

    errno = 0;
    CHECK("statfs_missing_enoent", statfs("/no/such/dir", &b) == -1 && errno == ENOENT);
    errno = 0;
    CHECK("statfs_bad_buffer_efault", syscall(SYS_statfs, ".", (void *)8) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("statfs_bad_path_efault", syscall(SYS_statfs, (void *)8, &b) == -1 && errno == EFAULT);
    fd = open(".", O_RDONLY);
    close(fd);
    errno = 0;
    CHECK("fstatfs_closed_fd_ebadf", fstatfs(fd, &b) == -1 && errno == EBADF);
}

static int set_lock(int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
    return fcntl(fd, cmd, &fl);
}

/* What F_GETLK says of [start, start+len) for a write lock. */
static struct flock get_lock(int fd, short type, off_t start, off_t len)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
    if (fcntl(fd, F_GETLK, &fl) < 0)
        fl.l_type = -1;
    return fl;
}

/* Runs fn(fd, arg) in a child that opens the file itself; its exit status. */
static int in_child(int (*fn)(int, long), long arg)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(FILE_NAME, O_RDWR);
        _exit(fn(fd, arg));
    }
    int ws;
    waitpid(pid, &ws, 0);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 100;
}

/* 0: got the lock; 1: EAGAIN; 2: something else. */
static int try_write_lock(int fd, long range)
{
    int r = set_lock(fd, F_SETLK, F_WRLCK, range >> 16, range & 0xffff);
    return r == 0 ? 0 : errno == EAGAIN ? 1 : 2;
}

static int try_read_lock(int fd, long range)
{
    int r = set_lock(fd, F_SETLK, F_RDLCK, range >> 16, range & 0xffff);
    return r == 0 ? 0 : errno == EAGAIN ? 1 : 2;
}

/* The child's F_GETLK of the whole file: the lock's start, len and pid
   encoded as start * 10000 + len... checked by the parent through a pipe. */
static int getlk_pipe = -1;
static int report_getlk(int fd, long arg)
{
    struct flock fl = get_lock(fd, F_WRLCK, 0, 0);
    return write(getlk_pipe, &fl, sizeof fl) == sizeof fl ? 0 : 1;
}

static void record_locks(void)
{
    int fd = open(FILE_NAME, O_CREAT | O_TRUNC | O_RDWR, 0644);
    ftruncate(fd, 4096);
    CHECK("setlk_write_lock", set_lock(fd, F_SETLK, F_WRLCK, 100, 100) == 0);
    struct flock fl = get_lock(fd, F_WRLCK, 0, 0);
    CHECK("getlk_own_lock_is_no_conflict", fl.l_type == F_UNLCK);
    CHECK("other_process_cannot_lock_over_it", in_child(try_write_lock, (150 << 16) | 10) == 1);
    CHECK("other_process_cannot_read_lock_it", in_child(try_read_lock, (100 << 16) | 1) == 1);
    CHECK("other_process_locks_outside_it", in_child(try_write_lock, (200 << 16) | 50) == 0);

    int p[2];
    pipe(p);
    getlk_pipe = p[1];
    in_child(report_getlk, 0);
    struct flock seen;
    int got = read(p[0], &seen, sizeof seen) == sizeof seen;
    CHECK("getlk_reports_the_holder", got && seen.l_type == F_WRLCK && seen.l_start == 100 &&
                                          seen.l_len == 100 && seen.l_pid == getpid());

    /* Unlocking the middle splits the lock in two. */
    CHECK("unlock_middle", set_lock(fd, F_SETLK, F_UNLCK, 120, 10) == 0);
    CHECK("split_left_part_still_locked", in_child(try_write_lock, (119 << 16) | 1) == 1);
    CHECK("split_hole_is_free", in_child(try_write_lock, (120 << 16) | 10) == 0);
    CHECK("split_right_part_still_locked", in_child(try_write_lock, (130 << 16) | 1) == 1);
    /* Re-locking the hole merges them again: one lock 100..199. */
    set_lock(fd, F_SETLK, F_WRLCK, 120, 10);
    in_child(report_getlk, 0);
    got = read(p[0], &seen, sizeof seen) == sizeof seen;
    CHECK("adjacent_locks_merge", got && seen.l_start == 100 && seen.l_len == 100);
    /* Downgrading to a read lock lets others read-lock, not write-lock. */
    set_lock(fd, F_SETLK, F_RDLCK, 100, 100);
    CHECK("read_lock_shared", in_child(try_read_lock, (100 << 16) | 100) == 0);
    CHECK("read_lock_excludes_writers", in_child(try_write_lock, (100 << 16) | 100) == 1);

    /* Any close of the file drops the process's locks. */
    int fd2 = open(FILE_NAME, O_RDWR);
    close(fd2);
    CHECK("close_of_another_descriptor_releases", in_child(try_write_lock, (100 << 16) | 100) == 0);

    /* A child's locks go when it exits. */
    pid_t pid = fork();
    if (pid == 0) {
        int cfd = open(FILE_NAME, O_RDWR);
        set_lock(cfd, F_SETLK, F_WRLCK, 0, 10);
        pause();
        _exit(0);
    }
    nap_ms(100);
    int held = set_lock(fd, F_SETLK, F_WRLCK, 0, 10) == -1 && errno == EAGAIN;
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    CHECK("child_lock_held_then_released_at_exit", held && set_lock(fd, F_SETLK, F_WRLCK, 0, 10) == 0);

    /* F_SETLKW waits for the holder; then EDEADLK when two wait for each other. */
    set_lock(fd, F_SETLK, F_UNLCK, 0, 0);
    set_lock(fd, F_SETLK, F_WRLCK, 0, 10);
    int sync_pipe[2];
    pipe(sync_pipe);
    pid = fork();
    if (pid == 0) {
        int cfd = open(FILE_NAME, O_RDWR);
        set_lock(cfd, F_SETLK, F_WRLCK, 20, 10); /* its own */
        write(sync_pipe[1], "r", 1);
        int r = set_lock(cfd, F_SETLKW, F_WRLCK, 0, 10); /* waits for the parent */
        _exit(r == 0 ? 0 : 1);
    }
    char c;
    read(sync_pipe[0], &c, 1);
    nap_ms(200); /* the child is asleep in F_SETLKW by now */
    errno = 0;
    CHECK("setlkw_deadlock_edeadlk", set_lock(fd, F_SETLKW, F_WRLCK, 20, 10) == -1 && errno == EDEADLK);
    set_lock(fd, F_SETLK, F_UNLCK, 0, 10);
    int ws;
    CHECK("setlkw_gets_the_lock_when_released",
          waitpid(pid, &ws, 0) == pid && WIFEXITED(ws) && WEXITSTATUS(ws) == 0);

    errno = 0;
    CHECK("setlk_bad_type_einval", set_lock(fd, F_SETLK, 7, 0, 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK("setlk_negative_start_einval", set_lock(fd, F_SETLK, F_WRLCK, -5, 1) == -1 && errno == EINVAL);
    errno = 0;
    fl = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET };
    CHECK("getlk_unlck_einval", fcntl(fd, F_GETLK, &fl) == -1 && errno == EINVAL);
    int rd = open(FILE_NAME, O_RDONLY);
    errno = 0;
    CHECK("write_lock_on_read_only_fd_ebadf", set_lock(rd, F_SETLK, F_WRLCK, 0, 1) == -1 && errno == EBADF);
    close(rd);
    errno = 0;
    CHECK("setlk_bad_pointer_efault", fcntl(fd, F_SETLK, (void *)8) == -1 && errno == EFAULT);
    close(fd);
    close(p[0]);
    close(p[1]);
    close(sync_pipe[0]);
    close(sync_pipe[1]);
}

static int try_flock(int fd, long op)
{
    int r = flock(fd, (int)op | LOCK_NB);
    return r == 0 ? 0 : errno == EWOULDBLOCK ? 1 : 2;
}

static void flock_calls(void)
{
    int fd = open(FILE_NAME, O_RDWR);
    CHECK("flock_exclusive", flock(fd, LOCK_EX) == 0);
    CHECK("flock_other_file_description_blocked", in_child(try_flock, LOCK_SH) == 1);
    /* A forked child shares the open file description, and so the lock. */
    pid_t pid = fork();
    if (pid == 0)
        _exit(flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
    int ws;
    waitpid(pid, &ws, 0);
    CHECK("flock_same_description_is_the_same_lock", WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    CHECK("flock_and_fcntl_locks_do_not_meet", in_child(try_write_lock, (0 << 16) | 10) == 0);
    CHECK("flock_convert_to_shared", flock(fd, LOCK_SH) == 0);
    CHECK("flock_shared_lets_others_share", in_child(try_flock, LOCK_SH) == 0);
    CHECK("flock_shared_keeps_exclusive_out", in_child(try_flock, LOCK_EX) == 1);
    CHECK("flock_unlock", flock(fd, LOCK_UN) == 0 && in_child(try_flock, LOCK_EX) == 0);

    int fd2 = open(FILE_NAME, O_RDWR);
    flock(fd2, LOCK_EX);
    pid = fork();
    if (pid == 0) {
        close(fd2); /* its copy would keep the description (and lock) alive */
        int cfd = open(FILE_NAME, O_RDWR);
        _exit(flock(cfd, LOCK_EX) == 0 ? 0 : 1); /* waits */
    }
    nap_ms(100);
    int dup_fd = dup(fd2);
    close(fd2); /* the duplicate still holds the description: still locked */
    nap_ms(100);
    int still = waitpid(pid, &ws, WNOHANG) == 0;
    close(dup_fd); /* its last descriptor: the lock goes */
    CHECK("flock_released_at_the_last_close", still && waitpid(pid, &ws, 0) == pid &&
                                                  WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    errno = 0;
    CHECK("flock_bad_operation_einval", flock(fd, 0) == -1 && errno == EINVAL);
    close(fd);
    errno = 0;
    CHECK("flock_closed_fd_ebadf", flock(fd, LOCK_EX) == -1 && errno == EBADF);
}

static void dev_zero_and_flags(void)
{
    int fd = open("/dev/zero", O_RDWR);
    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("mmap_dev_zero_private", p != MAP_FAILED && p[0] == 0 && p[8191] == 0);
    if (p != MAP_FAILED) {
        p[5] = 9;
        pid_t pid = fork();
        if (pid == 0) {
            p[5] = 7;
            _exit(0);
        }
        waitpid(pid, NULL, 0);
        CHECK("dev_zero_private_is_copy_on_write", p[5] == 9);
        munmap(p, 8192);
    }
    char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("mmap_dev_zero_shared", s != MAP_FAILED && s[100] == 0);
    if (s != MAP_FAILED) {
        pid_t pid = fork();
        if (pid == 0) {
            s[100] = 42;
            _exit(0);
        }
        waitpid(pid, NULL, 0);
        CHECK("dev_zero_shared_is_shared_with_children", s[100] == 42);
        munmap(s, 4096);
    }
    close(fd);
    int ro = open("/dev/zero", O_RDONLY);
    errno = 0;
    CHECK("dev_zero_shared_writable_on_read_only_fd_eacces",
          mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED && errno == EACCES);
    close(ro);

    errno = 0;
    CHECK("mmap_no_type_einval",
          mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
    errno = 0;
    CHECK("mmap_bad_type_einval",
          mmap(NULL, 4096, PROT_READ, 0x04 | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED &&
              errno == EINVAL);
    errno = 0;
    CHECK("mmap_type_0x0f_einval",
          mmap(NULL, 4096, PROT_READ, 0x0f | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
}

static void times_through_mappings(void)
{
    int fd = open(FILE_NAME, O_CREAT | O_TRUNC | O_RDWR, 0644);
    ftruncate(fd, 4096);
    struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    futimens(fd, old);
    struct stat st;
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    volatile char c = p[0];
    (void)c;
    fstat(fd, &st);
    CHECK("mapping_a_file_marks_its_atime", p != MAP_FAILED && st.st_atime > 1000000000);
    CHECK("reading_a_mapping_leaves_mtime", st.st_mtime == 1000000000);
    time_t before = time(NULL);
    p[10] = 'w';
    CHECK("msync_ok", msync(p, 4096, MS_SYNC) == 0);
    fstat(fd, &st);
    CHECK("write_through_a_mapping_then_msync_marks_mtime_and_ctime",
          st.st_mtime >= before && st.st_ctime >= before);
    munmap(p, 4096);
    close(fd);
    unlink(FILE_NAME);
}

/* A buffer of two pages whose second page is unmapped. */
static char *buffer_with_a_hole(void)
{
    char *b = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b == MAP_FAILED)
        return NULL;
    munmap(b + 4096, 4096);
    return b;
}

static void fill_8192(int fd)
{
    char f[8192];
    memset(f, 'f', sizeof f);
    if (write(fd, f, sizeof f) != (ssize_t)sizeof f)
        printf("# could not fill the file\n");
    lseek(fd, 0, SEEK_SET);
}

/* fd holds 8192 bytes of 'f' at position 0: read into the buffer, then
   write from it, each meeting the hole after 4096 bytes.  The bits of what
   went wrong, for the caller's checks: 1 the read's count, 2 the position
   after it, 4 a read into the hole itself, 8 the write's count, 16 what the
   short write left in the file. */
static int cut_short_on(int fd, char *b)
{
    int bad = 0;
    if (read(fd, b, 8192) != 4096 || b[0] != 'f' || b[4095] != 'f')
        bad |= 1;
    if (lseek(fd, 0, SEEK_CUR) != 4096)
        bad |= 2;
    errno = 0;
    if (read(fd, b + 4096, 10) != -1 || errno != EFAULT || lseek(fd, 0, SEEK_CUR) != 4096)
        bad |= 4;
    memset(b, 'w', 4096);
    lseek(fd, 0, SEEK_SET);
    if (write(fd, b, 8192) != 4096 || lseek(fd, 0, SEEK_CUR) != 4096)
        bad |= 8;
    char tail[2] = { 0, 0 };
    if (pread(fd, tail, 2, 4095) != 2 || tail[0] != 'w' || tail[1] != 'f')
        bad |= 16;
    return bad;
}

static void cut_short_by_a_hole(void)
{
    char *b = buffer_with_a_hole();
    int fd = open(FILE_NAME, O_CREAT | O_TRUNC | O_RDWR, 0644);
    fill_8192(fd);
    int bad = b ? cut_short_on(fd, b) : 31;
    close(fd);
    unlink(FILE_NAME);
    CHECK("disk_file_read_into_a_hole_returns_the_bytes_before_it", !(bad & 1));
    CHECK("disk_file_read_cut_short_moves_the_position_by_them", !(bad & 2));
    CHECK("disk_file_read_into_the_hole_itself_efault", !(bad & 4));
    CHECK("disk_file_write_from_a_hole_returns_the_bytes_before_it", !(bad & 8));
    CHECK("disk_file_write_cut_short_leaves_the_rest", !(bad & 16));

    fd = memfd_create("cut-short", 0);
    fill_8192(fd);
    bad = b ? cut_short_on(fd, b) : 31;
    close(fd);
    CHECK("memfd_read_into_a_hole_returns_the_bytes_before_it", !(bad & 1));
    CHECK("memfd_read_cut_short_moves_the_position_by_them", !(bad & 2));
    CHECK("memfd_read_into_the_hole_itself_efault", !(bad & 4));
    CHECK("memfd_write_from_a_hole_returns_the_bytes_before_it", !(bad & 8));
    CHECK("memfd_write_cut_short_leaves_the_rest", !(bad & 16));

    /* Linux copies a pipe buffer's bytes to the reader all or nothing: a
       read whose first piece meets the hole is EFAULT and consumes none. */
    int p[2];
    pipe(p);
    write(p[1], "0123456789", 10);
    errno = 0;
    CHECK("pipe_read_straddling_a_hole_efault_and_consumes_nothing",
          b && read(p[0], b + 4090, 10) == -1 && errno == EFAULT);
    CHECK("pipe_read_after_efault_gets_every_byte",
          b && read(p[0], b, 10) == 10 && memcmp(b, "0123456789", 10) == 0);
    close(p[0]);
    close(p[1]);
    if (b)
        munmap(b, 4096);
}

static int err_of(int r) { return r < 0 ? errno : 0; }

static long blocks_of(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? (long)st.st_blocks : -1;
}

static int bytes_are(int fd, off_t at, size_t n, char c)
{
    char buf[256];
    for (size_t done = 0; done < n;) {
        size_t k = n - done < sizeof buf ? n - done : sizeof buf;
        if (pread(fd, buf, k, at + (off_t)done) != (ssize_t)k)
            return 0;
        for (size_t i = 0; i < k; i++)
            if (buf[i] != c)
                return 0;
        done += k;
    }
    return 1;
}

static void fallocate_on_a_memfd(void)
{
    int fd = memfd_create("falloc", MFD_ALLOW_SEALING);
    struct stat st;
    CHECK("fallocate_grows_a_memfd_to_the_range",
          fallocate(fd, 0, 0, 10000) == 0 && fstat(fd, &st) == 0 && st.st_size == 10000 &&
              st.st_blocks >= 24);
    CHECK("fallocated_range_reads_as_zeros", bytes_are(fd, 0, 10000, 0));
    long before = blocks_of(fd);
    CHECK("fallocate_keep_size_allocates_past_the_end_and_keeps_the_size",
          fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 20000) == 0 && fstat(fd, &st) == 0 &&
              st.st_size == 10000 && st.st_blocks > before);
    CHECK("fallocate_within_the_size_keeps_it", fallocate(fd, 0, 0, 100) == 0 && fstat(fd, &st) == 0 &&
                                                     st.st_size == 10000);

    static char a[3 * 4096];
    memset(a, 'a', sizeof a);
    ftruncate(fd, 0);
    pwrite(fd, a, sizeof a, 0);
    before = blocks_of(fd);
    int r = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 8192);
    CHECK("punch_hole_zeroes_the_range", r == 0 && bytes_are(fd, 100, 8192, 0));
    CHECK("punch_hole_keeps_the_bytes_around_it", bytes_are(fd, 0, 100, 'a') && bytes_are(fd, 8292, 4096 - 100, 'a'));
    CHECK("punch_hole_frees_the_whole_pages_and_keeps_the_size",
          blocks_of(fd) < before && fstat(fd, &st) == 0 && st.st_size == (off_t)sizeof a);
    char *m = mmap(NULL, sizeof a, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m != MAP_FAILED)
        m[5000] = 'm';
    r = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 4096);
    CHECK("punch_hole_under_a_shared_mapping_reads_zeros_through_it", m != MAP_FAILED && r == 0 && m[5000] == 0);
    if (m != MAP_FAILED)
        munmap(m, sizeof a);

    errno = 0;
    CHECK("punch_hole_without_keep_size_eopnotsupp",
          err_of(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096)) == EOPNOTSUPP);
    CHECK("fallocate_zero_range_on_a_memfd_eopnotsupp", err_of(fallocate(fd, 0x10, 0, 4096)) == EOPNOTSUPP);
    CHECK("fallocate_unknown_mode_eopnotsupp", err_of(fallocate(fd, 0x100, 0, 4096)) == EOPNOTSUPP);
    CHECK("fallocate_zero_length_einval", err_of(fallocate(fd, 0, 0, 0)) == EINVAL);
    CHECK("fallocate_negative_offset_einval", err_of(fallocate(fd, 0, -1, 10)) == EINVAL);
    CHECK("fallocate_past_the_largest_offset_efbig",
          err_of(fallocate(fd, 0, INT64_MAX - 10, 100)) == EFBIG);

    fcntl(fd, F_ADD_SEALS, F_SEAL_GROW);
    CHECK("fallocate_past_the_size_of_a_grow_sealed_memfd_eperm",
          err_of(fallocate(fd, 0, 0, 20000)) == EPERM);
    CHECK("fallocate_within_the_size_of_a_grow_sealed_memfd_ok", fallocate(fd, 0, 0, 4096) == 0);
    fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE);
    CHECK("punch_hole_in_a_write_sealed_memfd_eperm",
          err_of(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096)) == EPERM);
    close(fd);

    int p[2];
    pipe(p);
    CHECK("fallocate_of_a_pipe_espipe", err_of(fallocate(p[1], 0, 0, 10)) == ESPIPE);
    CHECK("posix_fadvise_of_a_pipe_espipe", posix_fadvise(p[0], 0, 0, POSIX_FADV_NORMAL) == ESPIPE);
    close(p[0]);
    close(p[1]);
    int efd = (int)syscall(SYS_eventfd2, 0, 0);
    CHECK("fallocate_of_an_eventfd_enodev", err_of(fallocate(efd, 0, 0, 10)) == ENODEV);
    close(efd);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("fallocate_of_a_read_only_descriptor_ebadf", err_of(fallocate(dir, 0, 0, 10)) == EBADF);
    close(dir);
    CHECK("fallocate_of_a_closed_descriptor_ebadf", err_of(fallocate(dir, 0, 0, 10)) == EBADF);
}

/* Whether each page of the first n of the file is in the page cache. */
static int resident_pages(int fd, size_t n)
{
    unsigned char vec[64];
    void *m = mmap(NULL, n * 4096, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED || mincore(m, n * 4096, vec) != 0)
        return -1;
    munmap(m, n * 4096);
    int in = 0;
    for (size_t i = 0; i < n; i++)
        in += vec[i] & 1;
    return in;
}

static void fadvise_calls(void)
{
    int fd = open(FILE_NAME, O_CREAT | O_TRUNC | O_RDWR, 0644);
    static char page[4096];
    for (int i = 0; i < 16; i++)
        write(fd, page, sizeof page);
    fsync(fd);
    CHECK("posix_fadvise_normal_sequential_random_noreuse_ok",
          posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0 &&
              posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_NOREUSE) == 0);
    CHECK("posix_fadvise_unknown_advice_einval", posix_fadvise(fd, 0, 0, 99) == EINVAL);
    CHECK("posix_fadvise_negative_length_einval", posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL) == EINVAL);
    /* tmpfs keeps its pages whatever the advice: the residency checks
       need a file system with a backing store (pagelab's ext2 is one). */
    struct statfs sf;
    int on_tmpfs = fstatfs(fd, &sf) == 0 && sf.f_type == 0x01021994;
    if (!on_tmpfs) {
        CHECK("posix_fadvise_dontneed_evicts_the_written_back_pages",
              posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0 && resident_pages(fd, 16) == 0);
        int r = posix_fadvise(fd, 0, 8 * 4096, POSIX_FADV_WILLNEED);
        int in = 0;
        for (int tries = 0; tries < 200 && (in = resident_pages(fd, 8)) < 8; tries++)
            nap_ms(10);
        CHECK("posix_fadvise_willneed_reads_the_range_in", r == 0 && in == 8 && resident_pages(fd, 16) < 16);
    }
    close(fd);
    unlink(FILE_NAME);
    CHECK("posix_fadvise_of_a_closed_descriptor_ebadf", posix_fadvise(fd, 0, 0, POSIX_FADV_NORMAL) == EBADF);
}

static void seek_data_and_hole(void)
{
    int fd = memfd_create("holes", 0);
    ftruncate(fd, 5 * 4096);
    pwrite(fd, "d", 1, 100);
    pwrite(fd, "d", 1, 3 * 4096 + 5);
    CHECK("seek_data_in_data_stays", lseek(fd, 50, SEEK_DATA) == 50);
    CHECK("seek_hole_finds_the_first_missing_page", lseek(fd, 50, SEEK_HOLE) == 4096);
    CHECK("seek_data_skips_a_hole_to_the_next_page", lseek(fd, 4096, SEEK_DATA) == 3 * 4096);
    CHECK("seek_hole_after_the_last_page_with_data", lseek(fd, 3 * 4096, SEEK_HOLE) == 4 * 4096);
    CHECK("seek_data_in_a_trailing_hole_enxio", err_of((int)lseek(fd, 4 * 4096, SEEK_DATA)) == ENXIO);
    CHECK("seek_hole_in_a_trailing_hole_stays", lseek(fd, 4 * 4096 + 7, SEEK_HOLE) == 4 * 4096 + 7);
    CHECK("seek_data_at_the_end_enxio", err_of((int)lseek(fd, 5 * 4096, SEEK_DATA)) == ENXIO);
    CHECK("seek_hole_before_the_start_enxio", err_of((int)lseek(fd, -1, SEEK_HOLE)) == ENXIO);
    CHECK("seek_data_moves_the_file_position",
          lseek(fd, 4096, SEEK_DATA) == 3 * 4096 && lseek(fd, 0, SEEK_CUR) == 3 * 4096);
    close(fd);

    fd = open(FILE_NAME, O_CREAT | O_TRUNC | O_RDWR, 0644);
    static char dense[3 * 4096];
    write(fd, dense, sizeof dense);
    CHECK("seek_hole_of_a_dense_file_is_its_end", lseek(fd, 10, SEEK_HOLE) == (off_t)sizeof dense);
    CHECK("seek_data_of_a_dense_file_stays", lseek(fd, 10, SEEK_DATA) == 10);
    close(fd);
    unlink(FILE_NAME);
    int p[2];
    pipe(p);
    CHECK("seek_data_on_a_pipe_espipe", err_of((int)lseek(p[0], 0, SEEK_DATA)) == ESPIPE);
    close(p[0]);
    close(p[1]);
}

/* In a child (the limit is the process's): RLIMIT_NOFILE's soft limit
   bounds every way of making a descriptor, as on Linux. */
static void nofile_limit_in_child(void)
{
    struct rlimit rl = { 16, 64 };
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
        CHECK("setrlimit_nofile_16", 0);
        return;
    }
    int last = -1, fd;
    while ((fd = open("/dev/null", O_RDONLY)) >= 0)
        last = fd;
    CHECK("open_stops_at_the_nofile_limit_with_emfile", errno == EMFILE && last == 15);
    int p[2];
    errno = 0;
    CHECK("pipe_at_the_nofile_limit_emfile", pipe(p) == -1 && errno == EMFILE);
    CHECK("dup_at_the_nofile_limit_emfile", err_of(dup(0)) == EMFILE);
    CHECK("dup2_to_the_nofile_limit_ebadf", err_of(dup2(0, 16)) == EBADF);
    CHECK("f_dupfd_from_the_nofile_limit_einval", err_of(fcntl(0, F_DUPFD, 16)) == EINVAL);
    close(15);
    errno = 0;
    CHECK("pipe_with_one_slot_left_emfile_and_keeps_it", pipe(p) == -1 && errno == EMFILE &&
                                                             (fd = dup(0)) == 15 && close(fd) == 0);
    rl.rlim_cur = 64;
    CHECK("raising_the_soft_nofile_limit_allows_more", setrlimit(RLIMIT_NOFILE, &rl) == 0 &&
                                                           dup2(0, 40) == 40 && fcntl(0, F_DUPFD, 50) == 50);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    signal(SIGCHLD, SIG_DFL);
    statfs_calls();
    record_locks();
    flock_calls();
    unlink(FILE_NAME);
    dev_zero_and_flags();
    times_through_mappings();
    cut_short_by_a_hole();
    fallocate_on_a_memfd();
    fadvise_calls();
    seek_data_and_hole();
    pid_t c = fork();
    if (c == 0) {
        nofile_limit_in_child();
        _exit(0);
    }
    waitpid(c, NULL, 0);
    return failures != 0;
}
