/*
 * tests/user/ledger.c: the copy ledger seen from a program (syscalls 1000
 * and 1001): each figure is checked against an operation whose cost is
 * known exactly.  Prints "ok NAME" / "FAIL NAME: ..." lines; exits with the
 * number of failures.  The struct mirrors libc/include/pagelab/ledger.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { USER_TO_KERNEL, KERNEL_TO_USER, KERNEL_TO_KERNEL, CROSS_SPACE, COW_PAGE, DEV_TO_MEM,
       MEM_TO_DEV, KINDS };
enum { M_OTHER, M_ARGS, M_FILE_READ, M_FILE_WRITE, M_MMAP_FAULT, M_WRITEBACK, M_FS_META, M_PIPE,
       M_MSGQ, M_SOCKET, M_SHM, M_BINDER, M_EXEC, M_FORK, M_POSIX_MQ, M_SPLICE, M_SWAP, M_TRACE,
       MECHS };

struct ledger {
    uint64_t bytes[KINDS][MECHS];
    uint64_t ops[KINDS][MECHS];
    uint64_t zero_fill_bytes[MECHS];
    uint64_t mapped_pages[MECHS];
};

static int failures;
static struct ledger a, b, g;
static char buf[4096], back[4096];

static void check(const char *name, int ok, long long got)
{
    printf(ok ? "ok %s\n" : "FAIL %s: got %lld\n", name, got);
    failures += !ok;
}

static long get(int scope, struct ledger *out) { return syscall(1000, scope, out); }

int main(void)
{
    /* Our own output must not land between two readings: hold it to the end. */
    static char out[65536];
    setvbuf(stdout, out, _IOFBF, sizeof out);
    memset(buf, 'x', sizeof buf);
    int fd = open("/tmp/ledger.dat", O_CREAT | O_TRUNC | O_RDWR, 0644);
    check("reset_returns_0", syscall(1001) == 0, 0);
    get(0, &a);
    check("reset_zeroes_the_process_counts", a.bytes[USER_TO_KERNEL][M_FILE_WRITE] == 0, (long long)a.bytes[USER_TO_KERNEL][M_FILE_WRITE]);
    write(fd, buf, sizeof buf);
    get(0, &b);
    check("write_4096_bytes_is_4096_bytes_user_to_kernel",
          b.bytes[USER_TO_KERNEL][M_FILE_WRITE] - a.bytes[USER_TO_KERNEL][M_FILE_WRITE] == 4096,
          (long long)(b.bytes[USER_TO_KERNEL][M_FILE_WRITE] - a.bytes[USER_TO_KERNEL][M_FILE_WRITE]));
    get(0, &a);
    pread(fd, back, sizeof back, 0);
    get(0, &b);
    check("read_4096_cached_bytes_is_4096_bytes_kernel_to_user",
          b.bytes[KERNEL_TO_USER][M_FILE_READ] - a.bytes[KERNEL_TO_USER][M_FILE_READ] == 4096,
          (long long)(b.bytes[KERNEL_TO_USER][M_FILE_READ] - a.bytes[KERNEL_TO_USER][M_FILE_READ]));
    check("a_cached_read_moves_nothing_by_dma",
          b.bytes[DEV_TO_MEM][M_FILE_READ] == a.bytes[DEV_TO_MEM][M_FILE_READ], 0);

    char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    get(0, &a);
    m[0] = m[4096] = m[8192] = 1;
    get(0, &b);
    check("three_anonymous_first_touches_are_three_zero_filled_pages",
          b.zero_fill_bytes[M_MMAP_FAULT] - a.zero_fill_bytes[M_MMAP_FAULT] == 3 * 4096,
          (long long)(b.zero_fill_bytes[M_MMAP_FAULT] - a.zero_fill_bytes[M_MMAP_FAULT]));
    check("zero_fills_are_not_copies",
          b.bytes[COW_PAGE][M_MMAP_FAULT] == a.bytes[COW_PAGE][M_MMAP_FAULT], 0);

    get(1, &g);
    check("global_counts_include_ours", g.bytes[USER_TO_KERNEL][M_FILE_WRITE] >= 4096, 0);
    check("bad_scope_is_einval", get(7, &g) == -1 && errno == EINVAL, errno);
    check("bad_pointer_is_efault", get(0, (struct ledger *)16) == -1 && errno == EFAULT, errno);
    close(fd);
    unlink("/tmp/ledger.dat");
    return failures;
}
