/* signalfd.c: signalfd (sys/signalfd.h) over signalfd4(2). */
#include <sys/signalfd.h>
#include "libc_internal.h"

int signalfd(int fd, const sigset_t *mask, int flags)
{
    return (int)__syscall_ret(__sys4(SYS_signalfd4, fd, mask, sizeof(unsigned long), flags));
}
