/*
 * kernel/copy/copy_fallback.c: weak stand-ins for the copy helpers of
 * uaccess.h, so that storage links and counts its copies before the real
 * implementation (with user-pointer checks and fault fix-ups) exists.  The
 * real definitions are strong symbols and replace these at link time; then
 * this file can go.  No user address space exists yet, so the user copies
 * refuse with -EFAULT instead of touching memory unchecked.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"

__attribute__((weak)) void copy_kernel(void *dst, const void *src, size_t n, enum copy_mech mech)
{
    memcpy(dst, src, n);
    ledger_record(COPY_KERNEL_TO_KERNEL, mech, n);
}

__attribute__((weak)) void copy_record_dma(bool to_memory, size_t n, enum copy_mech mech)
{
    ledger_record(to_memory ? COPY_DEVICE_TO_MEMORY : COPY_MEMORY_TO_DEVICE, mech, n);
}

__attribute__((weak)) long copy_to_user(void *udst, const void *ksrc, size_t n, enum copy_mech mech)
{
    return -EFAULT;
}

__attribute__((weak)) long copy_from_user(void *kdst, const void *usrc, size_t n, enum copy_mech mech)
{
    return -EFAULT;
}
