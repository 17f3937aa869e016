/*
 * oom: running out of memory kills a process, not the kernel.  Two children
 * in turn touch 2 GiB of anonymous memory (MAP_NORESERVE) on a machine with
 * less; each must die of SIGKILL when a fault finds no free frame, and
 * afterwards the memory is back.  Prints one line per round, then MemTotal
 * and MemFree in kB.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOUCH_BYTES ((size_t)2 << 30)

static void touch_everything(void)
{
    char *p = mmap(NULL, TOUCH_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        perror("oom: mmap");
        _exit(2);
    }
    for (size_t i = 0; i < TOUCH_BYTES; i += 4096)
        p[i] = 1;
    _exit(0);   /* every page found a frame: the test cannot prove anything */
}

static long meminfo_kb(const char *field)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    long kb = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            sscanf(line + n + 1, "%ld", &kb);
    if (f)
        fclose(f);
    return kb;
}

int main(void)
{
    for (int round = 0; round < 2; round++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("oom: fork");
            return 1;
        }
        if (pid == 0)
            touch_everything();
        int status;
        if (waitpid(pid, &status, 0) != pid) {
            perror("oom: waitpid");
            return 1;
        }
        if (WIFSIGNALED(status))
            printf("round %d: killed by signal %d\n", round, WTERMSIG(status));
        else
            printf("round %d: exited %d\n", round, WEXITSTATUS(status));
    }
    printf("MemTotal %ld\nMemFree %ld\n", meminfo_kb("MemTotal"), meminfo_kb("MemFree"));
    return 0;
}
