/*
 * kernel/syscall/sys_memfd.c: memfd_create(2).  The name and flags are
 * checked as Linux's mm/memfd.c checks them; the file is the memory file
 * system's (kernel/fs/memfs/memfd.c).
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/memfs/memfs.h"
#include "kernel/lib/errno.h"
#include "kernel/proc/proc.h"
#include "libc/include/pagelab/mman_values.h"

/* NAME_MAX minus "memfd:" (include/linux/memfd.h MFD_NAME_MAX_LEN). */
#define MFD_NAME_MAX_LEN 249

long sys_memfd_create(uint64_t uname, unsigned flags)
{
    if (flags &
        ~(unsigned)(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL | MFD_EXEC))
        return -EINVAL;
    /* pagelab has no hugetlbfs to take huge pages from. */
    if (flags & MFD_HUGETLB)
        return -EINVAL;
    if ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL))
        return -EINVAL;
    char name[MFD_NAME_MAX_LEN + 1];
    long len = strncpy_from_user(name, (const char *)uname, sizeof name);
    if (len == -ENAMETOOLONG)
        return -EINVAL;
    if (len < 0)
        return len;
    struct file *f;
    int err = memfs_memfd_create(name, flags & ~(unsigned)MFD_CLOEXEC, &f);
    if (err)
        return err;
    return syscall_fd_install(f, 0, flags & MFD_CLOEXEC);
}
