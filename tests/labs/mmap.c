/*
 * tests/labs/mmap.c: the grader of lab 03-mmap (docs/labs/03-mmap.md): a
 * private file mapping reads the page cache's own pages and copies a page
 * only when it is written; stores through a shared mapping reach the disk
 * with msync and survive munmap.
 */
#include <fcntl.h>
#include <sys/mman.h>

#include "lab.h"

#define PAGES 4

/* A file of PAGES pages, page i filled with 'A' + i, on the disk. */
static int make_file(const char *path)
{
    static char page[PAGE];
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    for (int i = 0; fd >= 0 && i < PAGES; i++) {
        memset(page, 'A' + i, PAGE);
        if (write(fd, page, PAGE) != PAGE)
            return -1;
    }
    if (fd >= 0 && fsync(fd) < 0)
        return -1;
    return fd;
}

/* Sectors written to vda since boot (/proc/diskstats, field 10). */
static long sectors_written(void)
{
    static char line[256];
    FILE *f = fopen("/proc/diskstats", "r");
    long n = -1;
    unsigned long v[11];
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, " %lu %lu vda %lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3],
                   &v[4], &v[5], &v[6], &v[7], &v[8]) == 9)
            n = (long)v[8];
    if (f)
        fclose(f);
    return n;
}

static int private_read(void)
{
    int fd = make_file("/tmp/lab_private.dat");
    if (fd < 0)
        return fail("making the file: %s", strerror(errno));
    char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED)
        return fail("mmap: %s", strerror(errno));
    ledger_warm();
    ledger(&ledger_a);
    int wrong = 0;
    for (int i = 0; i < PAGES; i++)
        wrong += m[i * PAGE + 9] != 'A' + i;
    ledger(&ledger_b);
    if (wrong)
        return fail("%d pages do not hold the file's bytes", wrong);
    if (cpu_bytes(MECH_MMAP_FAULT))
        return fail("reading %d pages of a private mapping copied %llu bytes (want 0)", PAGES,
                    (unsigned long long)cpu_bytes(MECH_MMAP_FAULT));
    return 1;
}

static int private_write(void)
{
    int fd = make_file("/tmp/lab_private2.dat");
    if (fd < 0)
        return fail("making the file: %s", strerror(errno));
    char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED)
        return fail("mmap: %s", strerror(errno));
    volatile char c = m[PAGE]; /* read first: mapped, not copied */
    (void)c;
    ledger_warm();
    ledger(&ledger_a);
    m[PAGE + 5] = 'x';
    ledger(&ledger_b);
    char back[16];
    if (pread(fd, back, sizeof back, PAGE) != sizeof back || back[5] != 'B')
        return fail("the file changed under a private mapping");
    if (m[PAGE + 5] != 'x' || m[PAGE + 6] != 'B')
        return fail("the mapping does not hold the store and the file's bytes");
    if (cow_bytes() != PAGE)
        return fail("a write to a read page of a private mapping copied %llu bytes (want 4096)",
                    (unsigned long long)cow_bytes());
    return 1;
}

static int msync_writes(void)
{
    int fd = make_file("/tmp/lab_shared.dat");
    if (fd < 0)
        return fail("making the file: %s", strerror(errno));
    char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        return fail("mmap: %s", strerror(errno));
    long s0 = sectors_written();
    memset(m + 2 * PAGE, 'm', 100);
    if (msync(m, PAGES * PAGE, MS_SYNC) < 0)
        return fail("msync: %s", strerror(errno));
    long s1 = sectors_written();
    char back[100];
    if (pread(fd, back, sizeof back, 2 * PAGE) != sizeof back || back[99] != 'm')
        return fail("read() does not see the store");
    if (s0 < 0)
        return fail("no vda line in /proc/diskstats");
    if (s1 - s0 < 8)
        return fail("msync(MS_SYNC) after a store wrote %ld sectors (want a page: 8)", s1 - s0);
    return 1;
}

static int munmap_keeps(void)
{
    int fd = make_file("/tmp/lab_unmap.dat");
    if (fd < 0)
        return fail("making the file: %s", strerror(errno));
    char *m = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        return fail("mmap: %s", strerror(errno));
    memset(m + 3 * PAGE, 'u', 64);
    munmap(m, PAGES * PAGE);
    close(fd);
    /* Clean pages leave the cache; a page the cache knows is dirty stays. */
    int dc = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (dc < 0 || write(dc, "1", 1) != 1)
        return fail("drop_caches: %s", strerror(errno));
    close(dc);
    fd = open("/tmp/lab_unmap.dat", O_RDONLY);
    char back[64];
    if (pread(fd, back, sizeof back, 3 * PAGE) != sizeof back)
        return fail("pread: %s", strerror(errno));
    if (back[0] != 'u' || back[63] != 'u')
        return fail("after munmap the file holds '%c', not the store 'u'", back[0]);
    return 1;
}

int main(void)
{
    run_check("private_read_maps_the_cached_pages", private_read);
    run_check("private_write_copies_one_page_file_unchanged", private_write);
    run_check("msync_writes_the_stores_to_the_disk", msync_writes);
    run_check("munmap_keeps_the_stores", munmap_keeps);
    return failures;
}
