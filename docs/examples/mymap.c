/*
 * mymap: writes two pages of a file through a shared mapping.  This is
 * the program docs/gdb.md debugs; copy it into user/ and `make` puts it
 * in /bin on the disk (or build it with musl-gcc -static and use
 * tools/run-in-vm --add).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SIZE (2 * 4096)

int main(void)
{
    const char *path = "/tmp/mymap.dat";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ftruncate(fd, SIZE) < 0) {
        perror(path);
        return 1;
    }
    char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    printf("mymap: %s mapped at %p\n", path, (void *)p);
    strcpy(p, "hello from page 0");        /* the first touch of page 0: a page fault */
    strcpy(p + 4096, "hello from page 1"); /* and of page 1 */
    msync(p, SIZE, MS_SYNC);
    printf("mymap: wrote 2 pages through the mapping\n");
    munmap(p, SIZE);
    close(fd);
    return 0;
}
