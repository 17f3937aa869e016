/*
 * tests/user/gdbtouch.c: one user-space demand fault for the gdb test
 * (tests/suites/41_gdb_user.py).  Runs as init from a boot module: maps four
 * anonymous pages at a fixed address, writes one byte into the third (the
 * first touch: a fault that handle_page_fault resolves by zero-filling a
 * page), and exits 0 if the byte reads back.
 */
#include <sys/mman.h>
#include <unistd.h>

#define AREA  ((char *)0x500000000ul)   /* the suite sets its breakpoint on AREA + 0x2123 */

int main(void)
{
    char *a = mmap(AREA, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (a != AREA)
        return 1;
    a[0x2123] = 42;
    return a[0x2123] == 42 && a[0] == 0 ? 0 : 2;
}
