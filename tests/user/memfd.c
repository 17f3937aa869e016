/*
 * tests/user/memfd.c: memfd_create(2) and file seals (fcntl(2) F_ADD_SEALS,
 * F_GET_SEALS): flags, names, the file it makes (size 0, mode, no links,
 * /proc/self/maps name), holes read as zeros without using memory, mapping
 * past the end (SIGBUS), sharing with a child through the inherited
 * descriptor, and every seal with Linux's EPERM/EBUSY/EINVAL rules.  One
 * line per check; the exit status is the number of failures.  The same
 * binary passes on Linux first, then on pagelab.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008
#define MFD_EXEC        0x0010
#endif
#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif

#define PAGE 4096
#define BAD_ADDR ((void *)0x10000)

static long raw_memfd(const void *name, unsigned flags)
{
    long r = syscall(SYS_memfd_create, name, flags);
    return r < 0 ? -errno : r;
}

/* Does /proc/self/maps name the region at addr as want? */
static int maps_line_has(void *addr, const char *want)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return 0;
    char line[512];
    int found = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long start = strtoul(line, NULL, 16);
        if (start == (unsigned long)addr && strstr(line, want))
            found = 1;
    }
    fclose(f);
    return found;
}

static sigjmp_buf bus_jump;
static void on_bus(int sig) { siglongjmp(bus_jump, sig); }

/* Reads *p: 0 if it loaded, or the signal it raised. */
static int touch(volatile char *p)
{
    struct sigaction sa, old_bus, old_segv;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_bus;
    sigaction(SIGBUS, &sa, &old_bus);
    sigaction(SIGSEGV, &sa, &old_segv);
    int sig = sigsetjmp(bus_jump, 1);
    if (sig == 0)
        (void)*p;
    sigaction(SIGBUS, &old_bus, NULL);
    sigaction(SIGSEGV, &old_segv, NULL);
    return sig;
}

static void creation(void)
{
    int fd = memfd_create("first", 0);
    CHECK("memfd_create_returns_fd", fd >= 0);
    struct stat st;
    CHECK("fstat_works", fstat(fd, &st) == 0);
    CHECK("new_memfd_is_empty_regular_file", S_ISREG(st.st_mode) && st.st_size == 0);
    CHECK("new_memfd_mode_0777", (st.st_mode & 07777) == 0777);
    CHECK("memfd_has_no_links", st.st_nlink == 0);
    CHECK("memfd_is_read_write", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHECK("no_cloexec_by_default", fcntl(fd, F_GETFD) == 0);
    int fd2 = memfd_create("second", MFD_CLOEXEC);
    CHECK("mfd_cloexec_sets_fd_cloexec", fd2 >= 0 && fcntl(fd2, F_GETFD) == FD_CLOEXEC);
    struct stat st2;
    fstat(fd2, &st2);
    CHECK("two_memfds_two_inodes", st.st_ino != st2.st_ino && st.st_dev == st2.st_dev);
    close(fd2);

    CHECK("unknown_flag_is_einval", raw_memfd("x", 0x100) == -EINVAL);
    CHECK("exec_and_noexec_together_is_einval", raw_memfd("x", MFD_EXEC | MFD_NOEXEC_SEAL) == -EINVAL);
    CHECK("bad_name_pointer_is_efault", raw_memfd(BAD_ADDR, 0) == -EFAULT);
    char name[300];
    memset(name, 'n', sizeof name);
    name[249] = '\0';
    long ok249 = raw_memfd(name, 0);
    CHECK("name_of_249_chars_is_fine", ok249 >= 0);
    close((int)ok249);
    name[249] = 'n';
    name[250] = '\0';
    CHECK("name_of_250_chars_is_einval", raw_memfd(name, 0) == -EINVAL);
    long slash = raw_memfd("a/b", 0);
    CHECK("name_may_contain_a_slash", slash >= 0);
    close((int)slash);

    int nx = memfd_create("noexec", MFD_NOEXEC_SEAL);
    struct stat sx;
    CHECK("noexec_seal_mode_0666", nx >= 0 && fstat(nx, &sx) == 0 && (sx.st_mode & 07777) == 0666);
    CHECK("noexec_seal_sets_f_seal_exec", fcntl(nx, F_GET_SEALS) == F_SEAL_EXEC);
    close(nx);
    close(fd);
}

static void contents(void)
{
    int fd = memfd_create("contents", 0);
    CHECK("write_to_memfd", write(fd, "hello memfd", 11) == 11);
    char buf[64] = { 0 };
    CHECK("pread_back", pread(fd, buf, sizeof buf, 0) == 11 && memcmp(buf, "hello memfd", 11) == 0);
    CHECK("ftruncate_grows", ftruncate(fd, 10 * PAGE) == 0);
    struct stat st;
    fstat(fd, &st);
    CHECK("size_after_ftruncate", st.st_size == 10 * PAGE);
    CHECK("only_the_written_page_is_used", st.st_blocks == PAGE / 512);
    memset(buf, 'x', sizeof buf);
    CHECK("hole_reads_as_zeros", pread(fd, buf, 16, 5 * PAGE) == 16 && buf[0] == 0 && buf[15] == 0);
    fstat(fd, &st);
    CHECK("reading_a_hole_uses_no_memory", st.st_blocks == PAGE / 512);
    CHECK("read_at_eof_is_0", pread(fd, buf, 16, 10 * PAGE) == 0);

    char *m = mmap(NULL, 12 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("mmap_shared", m != MAP_FAILED);
    CHECK("mapping_sees_written_bytes", memcmp(m, "hello memfd", 11) == 0);
    CHECK("mapped_hole_is_zero", m[3 * PAGE + 7] == 0);
    m[3 * PAGE + 7] = 'Q';
    CHECK("store_through_map_seen_by_read", pread(fd, buf, 1, 3 * PAGE + 7) == 1 && buf[0] == 'Q');
    CHECK("page_past_eof_is_sigbus", touch(m + 10 * PAGE) == SIGBUS);
    CHECK("shrink_with_ftruncate", ftruncate(fd, 2 * PAGE + 5) == 0);
    CHECK("cut_page_is_sigbus_now", touch(m + 3 * PAGE) == SIGBUS);
    CHECK("grow_again", ftruncate(fd, 4 * PAGE) == 0);
    CHECK("regrown_tail_reads_zeros", pread(fd, buf, 4, 2 * PAGE + 5) == 4 && buf[0] == 0 && buf[3] == 0);
    CHECK("regrown_page_reads_zeros", m[3 * PAGE + 7] == 0);
    munmap(m, 12 * PAGE);

    /* Shared with a child through the inherited descriptor. */
    m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    pid_t pid = fork();
    if (pid == 0) {
        char *c = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (c == MAP_FAILED)
            _exit(2);
        strcpy(c + 100, "from the child");
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK("child_maps_inherited_memfd", WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK("child_store_seen_by_parent", strcmp(m + 100, "from the child") == 0);
    CHECK("maps_names_memfd_deleted", maps_line_has(m, "/memfd:contents (deleted)"));
    munmap(m, PAGE);
    close(fd);
}

static void seals(void)
{
    int plain = memfd_create("plain", 0);
    CHECK("without_allow_sealing_seal_is_set", fcntl(plain, F_GET_SEALS) == F_SEAL_SEAL);
    CHECK("without_allow_sealing_add_is_eperm",
          fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EPERM);
    close(plain);

    int fd = memfd_create("sealed", MFD_ALLOW_SEALING);
    CHECK("allow_sealing_starts_unsealed", fcntl(fd, F_GET_SEALS) == 0);
    CHECK("unknown_seal_is_einval", fcntl(fd, F_ADD_SEALS, 0x40) == -1 && errno == EINVAL);
    ftruncate(fd, 2 * PAGE);

    /* F_SEAL_WRITE while a shared mapping could write: EBUSY, even a
       read-only one (the descriptor is read-write, so mprotect could). */
    char *w = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("seal_write_with_shared_map_is_ebusy",
          fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EBUSY);
    munmap(w, 2 * PAGE);
    char *priv = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK("private_map_does_not_block_seal_write", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0);
    CHECK("get_seals_says_write", fcntl(fd, F_GET_SEALS) == F_SEAL_WRITE);
    priv[0] = 'p'; /* a private copy may still change */
    CHECK("private_copy_writable_after_seal", priv[0] == 'p');
    munmap(priv, 2 * PAGE);
    CHECK("write_after_seal_write_is_eperm", write(fd, "x", 1) == -1 && errno == EPERM);
    CHECK("writable_shared_map_after_seal_is_eperm",
          mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EPERM);
    char *ro = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    CHECK("read_only_shared_map_after_seal_ok", ro != MAP_FAILED);
    CHECK("mprotect_write_on_sealed_map_is_eacces",
          mprotect(ro, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
    munmap(ro, PAGE);

    CHECK("seal_shrink_and_grow", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) == 0);
    CHECK("shrink_is_eperm", ftruncate(fd, PAGE) == -1 && errno == EPERM);
    CHECK("grow_is_eperm", ftruncate(fd, 3 * PAGE) == -1 && errno == EPERM);
    CHECK("same_size_is_fine", ftruncate(fd, 2 * PAGE) == 0);
    CHECK("seal_seal", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL) == 0);
    CHECK("after_seal_seal_nothing_more", fcntl(fd, F_ADD_SEALS, 0) == -1 && errno == EPERM);
    CHECK("all_seals_reported",
          fcntl(fd, F_GET_SEALS) == (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE));

    close(fd);

    /* F_SEAL_GROW: a write may not extend the file. */
    int g = memfd_create("grow", MFD_ALLOW_SEALING);
    ftruncate(g, 10);
    fcntl(g, F_ADD_SEALS, F_SEAL_GROW);
    CHECK("grow_seal_write_inside_ok", pwrite(g, "abcdefghij", 10, 0) == 10);
    CHECK("grow_seal_write_past_end_is_eperm", pwrite(g, "abc", 3, 9) == -1 && errno == EPERM);
    close(g);

    /* F_SEAL_FUTURE_WRITE: existing writable mappings keep working. */
    int fw = memfd_create("future", MFD_ALLOW_SEALING);
    ftruncate(fw, PAGE);
    char *live = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fw, 0);
    CHECK("future_write_seal_with_live_map_ok", fcntl(fw, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == 0);
    live[0] = 'L';
    char c = 0;
    CHECK("live_map_still_writes", pread(fw, &c, 1, 0) == 1 && c == 'L');
    CHECK("future_write_blocks_write", write(fw, "x", 1) == -1 && errno == EPERM);
    CHECK("future_write_blocks_new_writable_map",
          mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fw, 0) == MAP_FAILED && errno == EPERM);
    munmap(live, PAGE);
    close(fw);

    /* F_SEAL_EXEC on an executable memfd seals writes too (W^X). */
    int ex = memfd_create("exec", MFD_ALLOW_SEALING);
    CHECK("seal_exec", fcntl(ex, F_ADD_SEALS, F_SEAL_EXEC) == 0);
    CHECK("seal_exec_implies_write_seals",
          fcntl(ex, F_GET_SEALS) ==
              (F_SEAL_EXEC | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE));
    CHECK("chmod_exec_bits_is_eperm", fchmod(ex, 0666) == -1 && errno == EPERM);
    CHECK("chmod_keeping_exec_bits_ok", fchmod(ex, 0775) == 0);
    close(ex);

    /* Seals are memfd's (and tmpfs's): a file of the disk has none. */
    char tmp[] = "/tmp/memfd-seal-XXXXXX";
    int disk = mkstemp(tmp);
    CHECK("disk_file_get_seals_is_einval", fcntl(disk, F_GET_SEALS) == -1 && errno == EINVAL);
    CHECK("disk_file_add_seals_is_einval",
          fcntl(disk, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EINVAL);
    close(disk);
    disk = open(tmp, O_RDONLY);
    CHECK("read_only_disk_file_add_seals_is_eperm",
          fcntl(disk, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EPERM);
    close(disk);
    unlink(tmp);
}

int main(void)
{
    creation();
    contents();
    seals();
    printf("%d failures\n", failures);
    return failures;
}
