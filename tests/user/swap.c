/*
 * swap: nothing is lost or leaked when memory goes to swap and comes back.
 *
 *   swap data [MIB]   several processes (a parent and children sharing its
 *                     pages copy-on-write after fork, each adding its own)
 *                     hold MIB in all at once (default: three times
 *                     MemTotal when there is swap, else 192); every page is
 *                     checked against its pattern; shared anonymous memory,
 *                     System V shm and a memfd stay shared through the
 *                     pressure; mlock'd and mlockall'd pages need no major
 *                     fault; dirty shared file pages are written back;
 *                     two threads of one process fault the same
 *                     swapped pages back; a process killed with pages on
 *                     swap frees its slots; the counters moved
 *                     (/proc/vmstat, meminfo).
 *   swap off          swapoff brings every page back (nothing on swap,
 *                     the data intact), swapon turns the area on again;
 *                     the syscalls' errors.
 *   swap oom          with swap full too, the process with the largest
 *                     footprint is killed (an idle one), not the one that
 *                     faults.
 *
 * The checks that need swap (pages going out, swapoff) run only where
 * /proc/swaps lists an area: on a Linux host without swap they are left
 * out, the data checks still run.  One line per check (check.h).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define PAGE 4096ul
#define MIB  (1024ul * 1024)

static long field(const char *path, const char *key)
{
    FILE *f = fopen(path, "r");
    char line[256];
    long v = -1;
    size_t n = strlen(key);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, key, n) && (line[n] == ':' || line[n] == ' ' || line[n] == '\t')) {
            v = strtol(line + n + 1, NULL, 10);
            break;
        }
    if (f)
        fclose(f);
    return v;
}
static long meminfo(const char *key) { return field("/proc/meminfo", key); }
static long vmstat(const char *key) { return field("/proc/vmstat", key); }
static long status_kb(pid_t pid, const char *key)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    return field(path, key);
}

/* --- patterns: every 8-byte word of every page names its owner and place --- */

static uint64_t word(uint64_t seed, uint64_t page, uint64_t i)
{
    return (seed * 0x9e3779b97f4a7c15ull) ^ (page << 9 | i);
}
static void fill(volatile uint64_t *m, size_t pages, uint64_t seed)
{
    for (size_t p = 0; p < pages; p++)
        for (size_t i = 0; i < PAGE / 8; i++)
            m[p * (PAGE / 8) + i] = word(seed, p, i);
}
/* The first page of [first, last) that differs from its pattern, or -1. */
static long verify_range(const volatile uint64_t *m, size_t first, size_t last, uint64_t seed)
{
    for (size_t p = first; p < last; p++)
        for (size_t i = 0; i < PAGE / 8; i++)
            if (m[p * (PAGE / 8) + i] != word(seed, p, i))
                return (long)p;
    return -1;
}
static long verify(const volatile uint64_t *m, size_t pages, uint64_t seed)
{
    return verify_range(m, 0, pages, seed);
}

static void *anon(size_t bytes)
{
    void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return m == MAP_FAILED ? NULL : m;
}

/* fork, or the whole test stops with a failure (waiting for a child that
   was never made would hang it). */
static pid_t xfork(void)
{
    pid_t pid = fork();
    if (pid < 0) {
        check("fork_succeeds", 0, "fork failed");
        exit(1);
    }
    return pid;
}

/* A child's wait for the end: until its parent goes (end of file on a
   pipe whose writing end only the parent holds) or kills it. */
static void wait_for_parent(int hold[2])
{
    char b;
    close(hold[1]);
    while (read(hold[0], &b, 1) > 0)
        ;
    _exit(0);
}

static int have_swap(void) { return meminfo("SwapTotal") > 0; }

/* A child that touches mib of fresh memory once, then exits: pressure. */
static void press(size_t mib)
{
    pid_t pid = xfork();
    if (pid == 0) {
        volatile char *m = anon(mib * MIB);
        for (size_t off = 0; m && off < mib * MIB; off += PAGE)
            m[off] = 1;
        _exit(m ? 0 : 1);
    }
    waitpid(pid, NULL, 0);
}

static long majflt(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_majflt;
}

/* --- swap data --- */

/* Parent and children: the parent's pages shared copy-on-write, each
   child rewrites half of them and adds its own; all alive at once. */
static void cow_round(size_t total_mib)
{
    enum { CHILDREN = 3 };
    size_t each = total_mib / (CHILDREN + 1);
    size_t pages = each * MIB / PAGE;
    uint64_t *base = anon(pages * PAGE);
    CHECK("parent_maps_its_share", base != NULL);
    if (!base)
        return;
    fill(base, pages, 1);
    int ready[2], go[2];
    if (pipe(ready) || pipe(go))
        return;
    pid_t kids[CHILDREN];
    for (int c = 0; c < CHILDREN; c++) {
        kids[c] = xfork();
        if (kids[c] == 0) {
            close(ready[0]);
            close(go[1]);
            int bad = verify(base, pages, 1) >= 0;
            fill(base, pages / 2, 100 + c); /* copy-on-write breaks here */
            uint64_t *own = anon(pages / 2 * PAGE);
            if (!own)
                _exit(3);
            fill(own, pages / 2, 200 + c);
            char b = 'r';
            if (write(ready[1], &b, 1) != 1 || read(go[0], &b, 1) != 1)
                _exit(4);
            /* Everyone holds its memory now: check it all again. */
            bad |= verify(base, pages / 2, 100 + c) >= 0;
            bad |= verify_range(base, pages / 2, pages, 1) >= 0; /* still shared */
            bad |= verify(own, pages / 2, 200 + c) >= 0;
            _exit(bad ? 2 : 0);
        }
    }
    close(ready[1]);
    close(go[0]);
    char b;
    int ready_count = 0;
    for (int c = 0; c < CHILDREN; c++)
        ready_count += read(ready[0], &b, 1) == 1;
    CHECK("children_hold_their_memory_at_once", ready_count == CHILDREN);
    if (have_swap()) {
        CHECK("some_of_it_is_on_swap_meanwhile", meminfo("SwapFree") < meminfo("SwapTotal"));
    }
    for (int c = 0; c < CHILDREN; c++)
        if (write(go[1], "g", 1) != 1)
            break;
    int good = 0;
    for (int c = 0; c < CHILDREN; c++) {
        int st;
        good += waitpid(kids[c], &st, 0) == kids[c] && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    CHECK("every_child_found_every_page_intact", good == CHILDREN);
    CHECK("parent_pages_intact_after_the_children", verify(base, pages, 1) < 0);
    close(ready[0]);
    close(go[1]);
    munmap(base, pages * PAGE);
}

/* Shared memory of three kinds, written by a child, pushed out by
   pressure, read by the parent; written again by the parent after, seen
   by the child. */
static void shared_round(size_t press_mib)
{
    const size_t bytes = 8 * MIB, pages = bytes / PAGE;
    uint64_t *sa = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int shmid = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
    uint64_t *shm = shmid >= 0 ? shmat(shmid, NULL, 0) : (void *)-1;
    int mfd = memfd_create("swaptest", 0);
    uint64_t *mf = MAP_FAILED;
    if (mfd >= 0 && ftruncate(mfd, (off_t)bytes) == 0)
        mf = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
    int ok = sa != MAP_FAILED && shm != (void *)-1 && mf != MAP_FAILED;
    CHECK("shared_regions_map", ok);
    if (!ok)
        return;
    if (shmctl(shmid, IPC_RMID, NULL))
        return;
    int to_child[2], to_parent[2];
    if (pipe(to_child) || pipe(to_parent))
        return;
    pid_t pid = xfork();
    char b = 0;
    if (pid == 0) {
        fill(sa, pages, 11);
        fill(shm, pages, 12);
        fill(mf, pages, 13);
        if (write(to_parent[1], "w", 1) != 1 || read(to_child[0], &b, 1) != 1)
            _exit(4);
        /* The parent rewrote every page after the pressure. */
        int bad = verify(sa, pages, 21) >= 0 || verify(shm, pages, 22) >= 0 ||
                  verify(mf, pages, 23) >= 0;
        _exit(bad ? 2 : 0);
    }
    long out_before = vmstat("pswpout");
    int got = read(to_parent[0], &b, 1) == 1;
    press(press_mib);
    press(press_mib);
    if (have_swap())
        CHECK("pressure_sent_pages_to_swap", vmstat("pswpout") > out_before);
    CHECK("shared_anonymous_written_by_child_seen_by_parent", got && verify(sa, pages, 11) < 0);
    CHECK("sysv_shm_written_by_child_seen_by_parent", got && verify(shm, pages, 12) < 0);
    CHECK("memfd_written_by_child_seen_by_parent", got && verify(mf, pages, 13) < 0);
    press(press_mib);
    fill(sa, pages, 21);
    fill(shm, pages, 22);
    fill(mf, pages, 23);
    press(press_mib);
    int st = -1;
    if (write(to_child[1], "r", 1) != 1 || waitpid(pid, &st, 0) != pid)
        st = -1;
    CHECK("shared_pages_stay_shared_after_swap", st == 0);
    munmap(sa, bytes);
    shmdt(shm);
    munmap(mf, bytes);
    close(mfd);
    close(to_child[0]), close(to_child[1]), close(to_parent[0]), close(to_parent[1]);
}

/* mlock'd pages and those of a process that called mlockall stay in. */
static void mlock_round(size_t press_mib)
{
    const size_t bytes = 4 * MIB, pages = bytes / PAGE;
    uint64_t *locked = anon(bytes), *loose = anon(bytes);
    if (!locked || !loose)
        return;
    fill(locked, pages, 31);
    fill(loose, pages, 32);
    CHECK("mlock_succeeds", mlock(locked, bytes) == 0);
    uint64_t *maplocked = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
    CHECK("map_locked_maps", maplocked != MAP_FAILED);
    int shmid = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0600);
    uint64_t *shm = shmid >= 0 ? shmat(shmid, NULL, 0) : (void *)-1;
    CHECK("shm_lock_succeeds", shm != (void *)-1 && shmctl(shmid, SHM_LOCK, NULL) == 0);
    if (maplocked == MAP_FAILED || shm == (void *)-1)
        return;
    shmctl(shmid, IPC_RMID, NULL);
    fill(maplocked, pages, 34);
    fill(shm, pages, 35);
    press(press_mib);
    press(press_mib);
    /* Our code and stack are not locked and may have gone out with the
       pressure: bring them back first, so that only the locked pages are
       measured. */
    (void)majflt();
    (void)verify(locked, 1, 31);
    long before = majflt();
    long first = verify(locked, pages, 31);
    first = first >= 0 ? first : verify(maplocked, pages, 34);
    first = first >= 0 ? first : verify(shm, pages, 35);
    long after_locked = majflt();
    long second = verify(loose, pages, 32);
    long after_loose = majflt();
    CHECK("mlock_map_locked_shm_lock_pages_intact", first < 0);
    CHECK("mlock_map_locked_shm_lock_pages_needed_no_major_fault", after_locked == before);
    munmap(maplocked, bytes);
    shmdt(shm);
    CHECK("unlocked_pages_intact", second < 0);
    if (have_swap())
        CHECK("unlocked_pages_came_back_from_swap", after_loose > after_locked);
    CHECK("munlock_succeeds", munlock(locked, bytes) == 0);

    pid_t pid = xfork();
    if (pid == 0) {
        if (mlockall(MCL_CURRENT | MCL_FUTURE))
            _exit(3);
        uint64_t *later = anon(bytes); /* MCL_FUTURE: locked as it comes */
        if (!later)
            _exit(4);
        fill(later, pages, 33);
        struct rusage ru0, ru1;
        getrusage(RUSAGE_SELF, &ru0);
        press(press_mib);
        press(press_mib);
        long bad = verify(later, pages, 33) >= 0 || verify(locked, pages, 31) >= 0;
        getrusage(RUSAGE_SELF, &ru1);
        _exit(bad ? 2 : ru1.ru_majflt != ru0.ru_majflt ? 5 : 0);
    }
    int st = -1;
    waitpid(pid, &st, 0);
    CHECK("mlockall_keeps_current_and_future_pages_in", WIFEXITED(st) && WEXITSTATUS(st) == 0);
    munmap(locked, bytes);
    munmap(loose, bytes);
}

/* Dirty pages of a shared file mapping, pushed out by pressure, are
   written back to the file, not lost (nor sent to swap). */
static void file_round(size_t press_mib)
{
    const size_t bytes = 16 * MIB, pages = bytes / PAGE;
    const char *path = "/tmp/swaptest.data";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0) {
        check("file_round_creates_its_file", 0, path);
        return;
    }
    uint64_t *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK("shared_file_mapping_maps", m != MAP_FAILED);
    if (m == MAP_FAILED)
        return;
    long written0 = vmstat("nr_written");
    fill(m, pages, 71);
    press(press_mib);
    press(press_mib);
    if (have_swap())
        CHECK("pressure_wrote_dirty_file_pages_back", vmstat("nr_written") > written0);
    munmap(m, bytes);
    static uint64_t buf[PAGE / 8];
    long bad = 0;
    for (size_t p = 0; p < pages; p++) {
        if (pread(fd, buf, PAGE, (off_t)(p * PAGE)) != (ssize_t)PAGE) {
            bad++;
            continue;
        }
        for (size_t i = 0; i < PAGE / 8; i++)
            bad += buf[i] != word(71, p, i);
    }
    CHECK("dirty_shared_file_pages_survive_pressure", bad == 0);
    close(fd);
    unlink(path);
}

/* Two threads of one address space fill a region between them, then
   each reads all of it while pages go out and come back: they fault the
   same swapped pages at once. */
struct thread_arg {
    uint64_t *m;
    size_t pages;
    int parity;
    long bad;
};

static void *thread_body(void *p)
{
    struct thread_arg *a = p;
    for (size_t pg = (size_t)a->parity; pg < a->pages; pg += 2)
        for (size_t i = 0; i < PAGE / 8; i++)
            a->m[pg * (PAGE / 8) + i] = word(61, pg, i);
    return NULL;
}

static void *thread_check(void *p)
{
    struct thread_arg *a = p;
    for (int round = 0; round < 2; round++)
        if (verify(a->m, a->pages, 61) >= 0)
            a->bad++;
    return NULL;
}

static void threads_round(size_t mib)
{
    size_t pages = mib * MIB / PAGE;
    uint64_t *m = anon(pages * PAGE);
    if (!m)
        return;
    struct thread_arg a = { m, pages, 1, 0 }, b = { m, pages, 0, 0 };
    pthread_t t;
    int ok = pthread_create(&t, NULL, thread_body, &a) == 0;
    thread_body(&b);
    ok = ok && pthread_join(t, NULL) == 0;
    ok = ok && pthread_create(&t, NULL, thread_check, &a) == 0;
    thread_check(&b);
    ok = ok && pthread_join(t, NULL) == 0;
    CHECK("threads_sharing_an_address_space_find_every_page", ok && a.bad == 0 && b.bad == 0);
    munmap(m, pages * PAGE);
}

/* A child whose pages went to swap is killed: its slots come back. */
static void kill_round(size_t mib, size_t press_mib)
{
    if (!have_swap())
        return;
    int ready[2], hold[2];
    if (pipe(ready) || pipe(hold))
        return;
    pid_t pid = xfork();
    if (pid == 0) {
        uint64_t *m = anon(mib * MIB);
        if (m)
            fill(m, mib * MIB / PAGE, 41);
        if (write(ready[1], "f", 1) != 1)
            _exit(1);
        wait_for_parent(hold);
    }
    close(hold[0]);
    char b;
    int got = read(ready[0], &b, 1) == 1;
    press(press_mib);
    press(press_mib);
    long swapped = status_kb(pid, "VmSwap");
    CHECK("child_pages_went_to_swap", got && swapped > 0);
    long used_before_kill = meminfo("SwapTotal") - meminfo("SwapFree");
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    long used_after_kill = meminfo("SwapTotal") - meminfo("SwapFree");
    /* Its slots (all of VmSwap) are free again; 1 MiB of slack for our own
       pages moving meanwhile. */
    CHECK("killed_process_slots_are_freed", used_before_kill - used_after_kill >= swapped - 1024);
    close(ready[0]);
    close(ready[1]);
    close(hold[1]);
}

/* Slots in use that no process's PTE and no cached page accounts for:
   leaked.  (Shared anonymous objects hold slots too: none is left by
   now.)  Copy-on-write sharers count a slot once each, so the sum can
   only be too large. */
static long unaccounted_swap_kb(void)
{
    long held = meminfo("SwapCached");
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] >= '1' && e->d_name[0] <= '9') {
            long kb = status_kb(atoi(e->d_name), "VmSwap");
            held += kb > 0 ? kb : 0;
        }
    if (d)
        closedir(d);
    return meminfo("SwapTotal") - meminfo("SwapFree") - held;
}

static int data(size_t total_mib)
{
    long total_kb = meminfo("MemTotal");
    size_t press_mib = have_swap() ? (size_t)(total_kb / 1024) : 32;
    long in0 = vmstat("pswpin"), out0 = vmstat("pswpout"), maj0 = vmstat("pgmajfault");
    long scan0 = vmstat("pgscan_anon"), steal0 = vmstat("pgsteal_anon");
    cow_round(total_mib);
    shared_round(press_mib);
    mlock_round(press_mib);
    file_round(press_mib);
    threads_round(press_mib * 3 / 2);
    kill_round(press_mib / 2, press_mib);
    if (have_swap()) {
        CHECK("pswpout_counts_pages_written", vmstat("pswpout") > out0);
        CHECK("pswpin_counts_pages_read", vmstat("pswpin") > in0);
        CHECK("pgmajfault_counts_swap_ins", vmstat("pgmajfault") > maj0);
        CHECK("pgscan_anon_and_pgsteal_anon_move",
              vmstat("pgscan_anon") > scan0 && vmstat("pgsteal_anon") > steal0);
        long cached = meminfo("SwapCached");
        CHECK("swapcached_is_listed", cached >= 0);
        long leaked = unaccounted_swap_kb();
        if (leaked > 0)
            printf("%ld KiB of swap in use that no process holds\n", leaked);
        CHECK("no_swap_slot_leaked", leaked <= 0);
    }
    return failures;
}

/* --- swap off --- */

/* The first area /proc/swaps lists, into path. */
static int first_area(char *path, size_t n)
{
    FILE *f = fopen("/proc/swaps", "r");
    char line[256];
    int found = 0;
    if (f && fgets(line, sizeof line, f) && fgets(line, sizeof line, f))
        found = n >= 256 && sscanf(line, "%255s", path) == 1;
    if (f)
        fclose(f);
    return found;
}

static int off(void)
{
    char area[256];
    if (!have_swap() || !first_area(area, sizeof area)) {
        printf("no swap area: the swapoff checks are left out\n");
        return failures;
    }
    long total_kb = meminfo("MemTotal");
    size_t pages = (size_t)total_kb * 1024 / 2 / PAGE;
    uint64_t *m = anon(pages * PAGE);
    if (!m)
        return 1;
    fill(m, pages, 51);
    press((size_t)total_kb / 1024);
    long vmswap = status_kb(getpid(), "VmSwap");
    CHECK("our_pages_are_on_swap_before_swapoff", vmswap > 0);
    long maj0 = majflt();
    CHECK("swapoff_succeeds", swapoff(area) == 0);
    char again[256];
    CHECK("swaps_lists_nothing_after_swapoff",
          meminfo("SwapTotal") == 0 && !first_area(again, sizeof again));
    CHECK("vmswap_is_zero_after_swapoff", status_kb(getpid(), "VmSwap") == 0);
    CHECK("every_page_back_intact", verify(m, pages, 51) < 0);
    CHECK("no_major_fault_reading_them_back", majflt() == maj0);
    errno = 0;
    CHECK("swapoff_again_is_einval", swapoff(area) == -1 && errno == EINVAL);
    CHECK("swapon_succeeds", swapon(area, 0) == 0);
    CHECK("swaptotal_is_back", meminfo("SwapTotal") > 0 && meminfo("SwapFree") > 0);
    errno = 0;
    CHECK("swapon_twice_is_ebusy", swapon(area, 0) == -1 && errno == EBUSY);
    errno = 0;
    CHECK("swapon_missing_file_is_enoent", swapon("/no/such/swap", 0) == -1 && errno == ENOENT);
    errno = 0;
    CHECK("swapon_bad_pointer_is_efault", swapon((const char *)8, 0) == -1 && errno == EFAULT);
    errno = 0;
    CHECK("swapon_of_a_non_swap_file_is_einval", swapon("/bin/sh", 0) == -1 && errno == EINVAL);
    return failures;
}

/* --- swap oom --- */

static int oom(void)
{
    if (!have_swap()) {
        printf("no swap area: the out-of-memory check is left out\n");
        return failures;
    }
    long ram_kb = meminfo("MemTotal"), swap_kb = meminfo("SwapTotal");
    /* big: most of RAM + swap, touched once and then idle; small: enough
       more to run out, while big is the larger. */
    size_t big_mib = (size_t)(ram_kb + swap_kb) / 1024 * 6 / 10;
    size_t small_mib = (size_t)(ram_kb + swap_kb) / 1024 * 5 / 10;
    int ready[2], hold[2];
    if (pipe(ready) || pipe(hold))
        return 1;
    pid_t big = xfork();
    if (big == 0) {
        volatile char *m = anon(big_mib * MIB);
        for (size_t off = 0; m && off < big_mib * MIB; off += PAGE)
            m[off] = 1;
        if (write(ready[1], "b", 1) != 1)
            _exit(1);
        wait_for_parent(hold);
    }
    close(hold[0]);
    char b;
    CHECK("big_process_holds_its_memory", read(ready[0], &b, 1) == 1);
    pid_t small = xfork();
    if (small == 0) {
        volatile char *m = anon(small_mib * MIB);
        for (size_t off = 0; m && off < small_mib * MIB; off += PAGE)
            m[off] = 1;
        _exit(m ? 0 : 1);
    }
    int st_small = -1, st_big = -1;
    waitpid(small, &st_small, 0);
    close(hold[1]); /* big, if alive, ends now (exit 0) */
    waitpid(big, &st_big, 0);
    printf("big %zu MiB: status %#x; small %zu MiB: status %#x\n", big_mib, st_big, small_mib,
           st_small);
    CHECK("the_largest_process_was_killed", WIFSIGNALED(st_big) && WTERMSIG(st_big) == SIGKILL);
    CHECK("the_faulting_smaller_one_finished", WIFEXITED(st_small) && WEXITSTATUS(st_small) == 0);
    CHECK("swap_is_free_again", meminfo("SwapFree") >= meminfo("SwapTotal") - 1024);
    return failures;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "data";
    if (!strcmp(mode, "data")) {
        size_t mib = argc > 2 ? strtoul(argv[2], NULL, 10)
                     : have_swap() ? (size_t)meminfo("MemTotal") * 3 / 1024
                                   : 192;
        return data(mib);
    }
    size_t press_mib = have_swap() ? (size_t)meminfo("MemTotal") / 1024 : 32;
    if (!strcmp(mode, "shared")) /* one round alone (for debugging) */
        return shared_round(press_mib), failures;
    if (!strcmp(mode, "mlock"))
        return mlock_round(press_mib), failures;
    if (!strcmp(mode, "file"))
        return file_round(press_mib), failures;
    if (!strcmp(mode, "threads"))
        return threads_round(press_mib * 3 / 2), failures;
    if (!strcmp(mode, "kill"))
        return kill_round(press_mib / 2, press_mib), failures;
    if (!strcmp(mode, "off"))
        return off();
    if (!strcmp(mode, "oom"))
        return oom();
    fprintf(stderr, "usage: swap data [MIB] | off | oom\n");
    return 2;
}
