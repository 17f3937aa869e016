/* rlimit.c: getrlimit, setrlimit and prlimit (sys/resource.h) over
   prlimit64(2), whose struct is struct rlimit's layout on x86-64. */
#include <sys/resource.h>
#include "libc_internal.h"

int prlimit(pid_t pid, int resource, const struct rlimit *new_limit, struct rlimit *old_limit)
{
    return (int)__syscall_ret(__sys4(SYS_prlimit64, pid, resource, new_limit, old_limit));
}

int getrlimit(int resource, struct rlimit *rlim) { return prlimit(0, resource, 0, rlim); }

int setrlimit(int resource, const struct rlimit *rlim) { return prlimit(0, resource, rlim, 0); }
