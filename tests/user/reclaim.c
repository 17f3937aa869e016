/*
 * reclaim: clean page-cache pages are given back before anyone runs out of
 * memory.  Writes and syncs a 120 MiB file, reads it back so its pages sit
 * clean in the page cache, then has a child touch 60 MiB more anonymous
 * memory than MemFree says is free.  The child must finish (exit 0): the
 * frames it needs beyond MemFree can only come from evicting the cache.
 * Prints "child exited N" or "child killed by signal N".
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define FILE_MIB   120
#define EXTRA_MIB  60
#define CHUNK      (64 * 1024)

static long memfree_kb(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    char line[128];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "MemFree:", 8) == 0)
            sscanf(line + 8, "%ld", &kb);
    if (f)
        fclose(f);
    return kb;
}

static int cache_a_file(const char *path)
{
    static char buf[CHUNK];
    memset(buf, 'c', sizeof buf);
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    for (int i = 0; i < FILE_MIB * (1024 * 1024 / CHUNK); i++)
        if (write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
            return -1;
    if (fsync(fd) != 0 || lseek(fd, 0, SEEK_SET) != 0)
        return -1;
    while (read(fd, buf, sizeof buf) > 0)
        ;
    return close(fd);
}

int main(void)
{
    if (cache_a_file("/tmp/reclaim.dat") != 0) {
        perror("reclaim: writing the file");
        return 1;
    }
    size_t len = ((size_t)memfree_kb() * 1024) + ((size_t)EXTRA_MIB << 20);
    printf("MemFree after caching: %ld kB; touching %zu MiB\n", memfree_kb(), len >> 20);
    pid_t pid = fork();
    if (pid == 0) {
        char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            _exit(2);
        for (size_t i = 0; i < len; i += 4096)
            p[i] = 1;
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status))
        printf("child killed by signal %d\n", WTERMSIG(status));
    else
        printf("child exited %d\n", WEXITSTATUS(status));
    unlink("/tmp/reclaim.dat");
    return 0;
}
