/* kernel/syscall/iovec.c: iovec arrays from user space (iovec.h). */
#include "kernel/syscall/iovec.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

long iovec_from_user(uint64_t uiov, uint64_t n, struct iovec_linux **out)
{
    if (n > UIO_MAXIOV)
        return -EINVAL;
    struct iovec_linux *v = kmalloc(n ? n * sizeof *v : 1);
    if (!v)
        return -ENOMEM;
    long err = 0;
    if (n && copy_from_user(v, (void *)uiov, n * sizeof *v, MECH_SYSCALL_ARGS))
        err = -EFAULT;
    for (uint64_t i = 0; !err && i < n; i++)
        if ((int64_t)v[i].len < 0)
            err = -EINVAL;
    if (err) {
        kfree(v);
        return err;
    }
    *out = v;
    return 0;
}

long import_iovec(uint64_t uiov, uint64_t n, struct iovec_linux **out, uint64_t *total)
{
    struct iovec_linux *v;
    long err = iovec_from_user(uiov, n, &v);
    if (err)
        return err;
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; i++) {
        if (v[i].len && !user_range_ok(v[i].base, v[i].len)) {
            kfree(v);
            return -EFAULT;
        }
        if (v[i].len > MAX_RW_COUNT - sum)
            v[i].len = MAX_RW_COUNT - sum;
        sum += v[i].len;
    }
    *out = v;
    *total = sum;
    return 0;
}
