/*
 * kernel/copy/uaccess.c: the checked copy helpers (uaccess.h).
 *
 * A user copy is: range check (the whole range below USER_TOP), open SMAP
 * (STAC) if the CPU has it, the access in uaccess_asm.S (which survives a
 * fault through the exception table), close SMAP (CLAC), and a ledger
 * record of the bytes the CPU really moved, even when a fault stopped it
 * part-way.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/copy/copy_trace.h"
#include "kernel/hw/io.h"
#include "kernel/lib/cpufeature.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"

size_t uaccess_copy(void *dst, const void *src, size_t n);
size_t uaccess_clear(void *dst, size_t n);
long uaccess_strncpy(char *dst, const char *src, size_t max);

/* STAC/CLAC raise #UD on a CPU without SMAP; cpu_has() reads CPUID once. */
static inline void user_access_begin(void)
{
    if (cpu_has(CPU_SMAP))
        __asm__ volatile("stac" ::: "memory");
}

static inline void user_access_end(void)
{
    if (cpu_has(CPU_SMAP))
        __asm__ volatile("clac" ::: "memory");
}

/* to_pid: the receiving process of a cross-space copy (0 otherwise). */
static long user_copy(void *dst, const void *src, size_t n, uint64_t uaddr, enum copy_kind kind,
                      enum copy_mech mech, int to_pid)
{
    if (n == 0)
        return 0;
    if (!user_range_ok(uaddr, n))
        return -EFAULT;
    user_access_begin();
    size_t left = uaccess_copy(dst, src, n);
    user_access_end();
    if (left < n && kind == COPY_CROSS_SPACE)
        ledger_record_cross(mech, n - left, to_pid);
    else if (left < n)
        ledger_record(kind, mech, n - left);
    return left ? -EFAULT : 0;
}

long copy_from_user(void *kdst, const void *usrc, size_t n, enum copy_mech mech)
{
    return user_copy(kdst, usrc, n, (uint64_t)usrc, COPY_USER_TO_KERNEL, mech, 0);
}

long copy_to_user(void *udst, const void *ksrc, size_t n, enum copy_mech mech)
{
    return user_copy(udst, ksrc, n, (uint64_t)udst, COPY_KERNEL_TO_USER, mech, 0);
}

long copy_from_user_cross(void *kdst, const void *usrc, size_t n, enum copy_mech mech, int to_pid)
{
    return user_copy(kdst, usrc, n, (uint64_t)usrc, COPY_CROSS_SPACE, mech, to_pid);
}

long clear_user(void *udst, size_t n, enum copy_mech mech)
{
    if (n == 0)
        return 0;
    if (!user_range_ok((uint64_t)udst, n))
        return -EFAULT;
    user_access_begin();
    size_t left = uaccess_clear(udst, n);
    user_access_end();
    if (left < n)
        ledger_zero_fill(mech, n - left);
    return left ? -EFAULT : 0;
}

long strncpy_from_user(char *kdst, const char *usrc, size_t max)
{
    if (max == 0)
        return -ENAMETOOLONG;
    /* Only the part below USER_TOP may be read; a string that runs into
       the kernel half faults like one that runs into an unmapped page. */
    uint64_t u = (uint64_t)usrc;
    if (u >= USER_TOP)
        return -EFAULT;
    size_t limit = max < USER_TOP - u ? max : USER_TOP - u;
    user_access_begin();
    long len = uaccess_strncpy(kdst, usrc, limit);
    user_access_end();
    /* Record what moved even when the string turned out bad. */
    size_t moved = len < 0 ? (size_t)~len : (size_t)len == limit ? limit : (size_t)len + 1;
    if (moved)
        ledger_record(COPY_USER_TO_KERNEL, MECH_SYSCALL_ARGS, moved);
    if (len < 0)
        return -EFAULT;
    if ((size_t)len == limit) {
        kdst[max - 1] = '\0';
        return limit < max ? -EFAULT : -ENAMETOOLONG;
    }
    return len;
}

void copy_kernel(void *dst, const void *src, size_t n, enum copy_mech mech)
{
    if (n == 0)
        return;
    uaccess_copy(dst, src, n); /* the unrolled qword loop; kernel memory never faults */
    ledger_record(COPY_KERNEL_TO_KERNEL, mech, n);
}

void copy_cow_page(void *dst, const void *src, enum copy_mech mech)
{
    uaccess_copy(dst, src, PAGE_SIZE);
    ledger_record(COPY_COW_PAGE, mech, PAGE_SIZE);
}

void copy_record_dma(bool to_memory, size_t n, enum copy_mech mech)
{
    ledger_record(to_memory ? COPY_DEVICE_TO_MEMORY : COPY_MEMORY_TO_DEVICE, mech, n);
}

/* Transfers begun and not yet ended, so that a process going away can be
   unhooked from them.  Changed with interrupts off: they end in handlers. */
static struct list_head dma_in_flight = LIST_HEAD_INIT(dma_in_flight);

void dma_pending_begin(struct dma_pending *d)
{
    uint64_t flags = irq_save();
    d->owner = ledger_current;
    list_add_tail(&d->link, &dma_in_flight);
    irq_restore(flags);
}

void dma_pending_end(struct dma_pending *d, bool to_memory, size_t n, enum copy_mech mech)
{
    uint64_t flags = irq_save();
    list_del(&d->link);
    if (n)
        ledger_record_for(d->owner, to_memory ? COPY_DEVICE_TO_MEMORY : COPY_MEMORY_TO_DEVICE, mech,
                          n);
    irq_restore(flags);
}

void ledger_forget_owner(struct ledger_counts *l)
{
    copy_trace_forget(l);
    uint64_t flags = irq_save();
    struct list_head *pos;
    list_for_each(pos, &dma_in_flight)
    {
        struct dma_pending *d = list_entry(pos, struct dma_pending, link);
        if (d->owner == l)
            d->owner = NULL;
    }
    irq_restore(flags);
}
