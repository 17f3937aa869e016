/*
 * tests/user/gdbtouch.c: one user-space demand fault for the gdb test
 * (tests/suites/41_gdb_user.py).  Runs as init from a boot module: maps four
 * anonymous pages at a fixed address and, from a second thread (so that
 * pl-fault must name a thread other than the process's first), writes one
 * byte into the third (the first touch: a fault that handle_page_fault
 * resolves by zero-filling a page), and exits 0 if the byte reads back.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#define AREA  ((char *)0x500000000ul)   /* the suite sets its breakpoint on AREA + 0x2123 */

static void *touch(void *arg)
{
    char *a = arg;
    a[0x2123] = 42;
    return NULL;
}

int main(void)
{
    char *a = mmap(AREA, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (a != AREA)
        return 1;
    pthread_t t;
    if (pthread_create(&t, NULL, touch, a) != 0 || pthread_join(t, NULL) != 0)
        return 3;
    return a[0x2123] == 42 && a[0] == 0 ? 0 : 2;
}
