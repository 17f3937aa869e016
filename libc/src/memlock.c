/* memlock.c: sys/mman.h's mlock family and sys/swap.h's swapon/swapoff. */
#include <sys/mman.h>
#include <sys/swap.h>
#include "libc_internal.h"

#define RET(x) return __syscall_ret(x)

int mlock(const void *addr, size_t len) { RET(__sys2(SYS_mlock, addr, len)); }
int mlock2(const void *addr, size_t len, unsigned flags) { RET(__sys3(SYS_mlock2, addr, len, flags)); }
int munlock(const void *addr, size_t len) { RET(__sys2(SYS_munlock, addr, len)); }
int mlockall(int flags) { RET(__sys1(SYS_mlockall, flags)); }
int munlockall(void) { RET(__sys0(SYS_munlockall)); }

int swapon(const char *path, int swapflags) { RET(__sys2(SYS_swapon, path, swapflags)); }
int swapoff(const char *path) { RET(__sys1(SYS_swapoff, path)); }
