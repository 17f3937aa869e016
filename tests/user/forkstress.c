/*
 * tests/user/forkstress.c: hundreds of processes come and go (fork + exec +
 * exit, fork + exit, fork + fault), and afterwards the free memory reported
 * by /proc/meminfo is exactly what it was before: exit and wait4 free every
 * frame (page tables, stacks, copied pages, kernel stacks).
 * Usage: forkstress [ROUNDS]; as "forkstress child N" it is the exec'd child.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static long mem_free_kb(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

/* One round: an exec'd child that touches memory, a plain forked child
   that dirties a copy-on-write page, and a child killed by a fault. */
static char cow_page[4096];
static volatile uintptr_t unmapped = 8;

static int round_trip(char *self, int i)
{
    int bad = 0;
    pid_t pid = fork();
    if (pid == 0) {
        char arg[16];
        snprintf(arg, sizeof arg, "%d", i);
        char *argv[] = { self, "child", arg, NULL };
        execv(self, argv);
        _exit(127);
    }
    int st;
    bad |= waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != (i & 0x7f);
    pid = fork();
    if (pid == 0) {
        cow_page[i % 4096] = 1;
        _exit(0);
    }
    bad |= waitpid(pid, &st, 0) != pid || !WIFEXITED(st);
    pid = fork();
    if (pid == 0) {
        *(volatile int *)(uintptr_t)unmapped = 1;
        _exit(0);
    }
    bad |= waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "child") == 0) {
        /* Touch heap, an anonymous mapping and the stack, then exit. */
        char *p = malloc(50000);
        memset(p, 1, 50000);
        char *m = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        m[0] = m[8191] = 2;
        return atoi(argv[2]) & 0x7f;
    }
    int rounds = argc > 1 ? atoi(argv[1]) : 100;
    /* Our own path for exec: argv[0], or /bin/NAME for a bare name. */
    char self[256];
    snprintf(self, sizeof self, "%s%s", strchr(argv[0], '/') ? "" : "/bin/", argv[0]);
    /* Warm-up: the first exec brings the program into the page cache, and
       the first read of /proc/meminfo grows our own heap and stack. */
    mem_free_kb();
    if (round_trip(self, 0))
        return 2;
    long before = mem_free_kb();
    int bad = 0;
    for (int i = 1; i <= rounds; i++)
        bad |= round_trip(self, i);
    long after = mem_free_kb();
    printf("forkstress: %d processes; MemFree before %ld kB, after %ld kB\n", rounds * 3,
           before, after);
    if (bad)
        printf("forkstress: a child did not end as expected\n");
    return bad ? 3 : before == after && before > 0 ? 0 : 1;
}
