/*
 * mmapdemo: watch a mapping being filled in page by page.
 *
 *     mmapdemo [DIR]        (default /tmp)
 *
 * mmap() only records a region; nothing is mapped until a page is touched.
 * Each touch below prints what the kernel had to do for it, read from two
 * counters a program can see:
 *
 *   faults   getrusage(): minor (the page was in memory) and major (the page
 *            had to be read from the disk) page faults of this process
 *   ledger   pagelab's copy ledger (pagelab/syscalls.h): bytes the CPU copied,
 *            bytes a device moved by DMA, pages zero-filled and pages mapped
 *            without any copy.  On Linux the ledger is absent: "n/a".
 *
 * and /proc/self/maps after each mapping step.  Four parts: a MAP_SHARED
 * file (the page-cache page itself is mapped: no copy), a MAP_PRIVATE file
 * (mapped read-only until the first write copies it), anonymous memory
 * (zero-filled pages), and copy-on-write after fork().
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <pagelab/syscalls.h>

#define PAGE 4096
#define PAGES 4

static struct rusage ru_before;
static struct ledger_counts lg_before;
static int have_ledger;

static void snapshot(void)
{
    getrusage(RUSAGE_SELF, &ru_before);
    have_ledger = pagelab_ledger_get(LEDGER_SELF, &lg_before) == 0;
}

static uint64_t cpu_bytes(const struct ledger_counts *c)
{
    uint64_t n = 0;
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        if (k != COPY_DEVICE_TO_MEMORY && k != COPY_MEMORY_TO_DEVICE)
            for (int m = 0; m < MECH_COUNT; m++)
                if (m != MECH_SYSCALL_ARGS)
                    n += c->bytes[k][m];
    return n;
}

static uint64_t sum(const uint64_t *v)
{
    uint64_t n = 0;
    for (int m = 0; m < MECH_COUNT; m++)
        n += v[m];
    return n;
}

/* What happened since snapshot(), on one line. */
static void report(const char *what)
{
    struct rusage ru;
    struct ledger_counts lg;
    getrusage(RUSAGE_SELF, &ru);
    printf("  %-34s faults: %ld minor %ld major", what, ru.ru_minflt - ru_before.ru_minflt,
           ru.ru_majflt - ru_before.ru_majflt);
    if (have_ledger && pagelab_ledger_get(LEDGER_SELF, &lg) == 0) {
        uint64_t dma = 0;
        for (int m = 0; m < MECH_COUNT; m++)
            dma += lg.bytes[COPY_DEVICE_TO_MEMORY][m] - lg_before.bytes[COPY_DEVICE_TO_MEMORY][m];
        printf(" | CPU copied %llu B (COW %llu B), disk DMA %llu B, zero-filled %llu B, mapped %llu pages",
               (unsigned long long)(cpu_bytes(&lg) - cpu_bytes(&lg_before)),
               (unsigned long long)(sum(lg.bytes[COPY_COW_PAGE]) - sum(lg_before.bytes[COPY_COW_PAGE])),
               (unsigned long long)dma,
               (unsigned long long)(sum(lg.zero_fill_bytes) - sum(lg_before.zero_fill_bytes)),
               (unsigned long long)(sum(lg.mapped_pages) - sum(lg_before.mapped_pages)));
    } else {
        printf(" | ledger n/a");
    }
    printf("\n");
}

/* Prints the lines of /proc/self/maps, marking the one holding addr. */
static void show_maps(const void *addr)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[256];
    if (!f) {
        printf("  (no /proc/self/maps)\n");
        return;
    }
    printf("  /proc/self/maps:\n");
    while (fgets(line, sizeof line, f)) {
        unsigned long s = strtoul(line, NULL, 16), e = strtoul(strchr(line, '-') + 1, NULL, 16);
        int mine = (unsigned long)addr >= s && (unsigned long)addr < e;
        printf("  %s %s", mine ? "=>" : "  ", line);
    }
    fclose(f);
}

static void drop_caches(void)
{
    int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "1", 1) != 1)
            printf("  (drop_caches refused: the first touch may be a minor fault)\n");
        close(fd);
    }
}

static void touch_each(volatile char *p, int write_it, const char *how)
{
    for (int i = 0; i < PAGES; i++) {
        char what[64];
        snapshot();
        if (write_it)
            p[i * PAGE] = 'x';
        else
            (void)p[i * PAGE];
        snprintf(what, sizeof what, "%s page %d", how, i);
        report(what);
    }
    snapshot();
    for (int i = 0; i < PAGES; i++)
        (void)p[i * PAGE];
    report("all pages again");
}

static const char *make_file(const char *dir)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/mmapdemo.dat", dir);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    char page[PAGE];
    for (int i = 0; i < PAGES; i++) {
        memset(page, 'A' + i, sizeof page);
        if (write(fd, page, sizeof page) != PAGE)
            perror("write");
    }
    fsync(fd);
    close(fd);
    return path;
}

static void shared_file(const char *path)
{
    printf("\n1. MAP_SHARED file: the page-cache pages themselves are mapped.\n");
    drop_caches();
    int fd = open(path, O_RDWR);
    char *p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("  mmap(%d pages) = %p: a region, no page yet\n", PAGES, (void *)p);
    show_maps(p);
    touch_each(p, 0, "read");
    printf("  The first touch was a major fault: the page came from the disk (DMA into the\n"
           "  page-cache page: 0 CPU bytes), and read-ahead brought the next pages with it\n"
           "  (its disk DMA counts them all), so the other touches were minor faults.\n"
           "  Nothing was copied to map them.  With read-ahead off\n"
           "  (echo 0 > /proc/sys/vm/read_ahead_kb) each first touch is a major fault.\n");
    snapshot();
    p[10] = '!';
    report("write through the map");
    char c;
    pread(fd, &c, 1, 10);
    printf("  read() of byte 10 now gives '%c': one copy of the data, shared.\n", c);
    munmap(p, PAGES * PAGE);
    close(fd);
}

static void private_file(const char *path)
{
    printf("\n2. MAP_PRIVATE file: mapped read-only until the first write copies the page.\n");
    int fd = open(path, O_RDONLY);
    char *p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    show_maps(p);
    touch_each(p, 0, "read");
    snapshot();
    p[PAGE] = 'x';
    report("first write to page 1");
    snapshot();
    p[PAGE + 1] = 'y';
    report("second write to page 1");
    char c;
    pread(fd, &c, 1, PAGE);
    printf("  The file still says '%c' at page 1: private changes are never written back.\n", c);
    munmap(p, PAGES * PAGE);
    close(fd);
}

static char *anonymous(void)
{
    printf("\n3. MAP_ANONYMOUS | MAP_PRIVATE: each first touch gets a zero-filled page.\n");
    char *p = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    show_maps(p);
    touch_each(p, 1, "write");
    return p;
}

static void cow_after_fork(char *p)
{
    printf("\n4. fork(): the child shares the parent's pages read-only; a write copies one.\n");
    strcpy(p, "parent's data");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        snapshot();
        report("child's first steps");
        printf("  (its first writes to its stack and globals were copy-on-write copies too)\n");
        snapshot();
        (void)p[0];
        report("child reads page 0");
        snapshot();
        strcpy(p, "child's data");
        report("child writes page 0");
        snapshot();
        p[PAGE] = 'c';
        report("child writes page 1");
        printf("  child sees \"%s\"\n", p);
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("  parent still sees \"%s\": the child's writes went to its own copies.\n", p);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp";
    printf("mmapdemo: pages of %d bytes; each line is what one step cost.\n", PAGE);
    const char *path = make_file(dir);
    shared_file(path);
    private_file(path);
    char *anon = anonymous();
    cow_after_fork(anon);
    unlink(path);
    return 0;
}
