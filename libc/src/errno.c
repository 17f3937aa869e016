/* errno.c: the error number and the raw-return convention. */
#include <errno.h>
#include "syscall_raw.h"

long __syscall_ret(long r)
{
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}
