/* kernel/lib/backtrace.c: walking frame pointers and naming return addresses. */
#include "kernel/lib/backtrace.h"
#include "kernel/lib/printk.h"
#include "kernel/hw/layout.h"

struct ksym {
    uint64_t addr;
    uint64_t size;
    const char *name;
};

/* Emitted by tools/mksyms.py, sorted by address (empty on the first link). */
extern const uint64_t ksyms_count;
extern const struct ksym ksyms_table[];
extern const char kernel_text_start[], kernel_text_end[];

#define BACKTRACE_MAX_FRAMES 32

/* The symbol whose function contains addr, or NULL outside kernel text. */
static const struct ksym *ksym_at(uint64_t addr)
{
    if (addr < (uint64_t)kernel_text_start || addr >= (uint64_t)kernel_text_end)
        return NULL;
    /* Binary search for the last symbol at or below addr. */
    uint64_t lo = 0, hi = ksyms_count;
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (ksyms_table[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &ksyms_table[lo - 1] : NULL;
}

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
    const struct ksym *s = ksym_at(addr);
    if (!s)
        return NULL;
    *offset = addr - s->addr;
    return s->name;
}

void ksym_format(uint64_t addr, char *buf, size_t size)
{
    uint64_t off;
    const char *name = ksym_lookup(addr, &off);
    if (name)
        snprintf(buf, size, "%s+%#lx", name, off);
    else
        snprintf(buf, size, "%#lx", addr);
}

/* One line of backtrace_format: the call before return address ret. */
static size_t format_frame(uint64_t ret, char *buf, size_t size)
{
    const struct ksym *s = ksym_at(ret - 1); /* the call, just before ret */
    int n = s ? snprintf(buf, size, "[<0>] %s+%#lx/%#lx\n", s->name, ret - s->addr, s->size)
              : snprintf(buf, size, "[<0>] %#lx\n", ret);
    return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}

int backtrace_collect(uint64_t rbp, uint64_t lo, uint64_t hi, uint64_t *ret, int n)
{
    int k = 0;
    while (k < n && rbp >= lo && rbp < hi && hi - rbp >= 16 && (rbp & 7) == 0) {
        const uint64_t *frame = (const uint64_t *)rbp;
        if (frame[1] < (uint64_t)kernel_text_start || frame[1] >= (uint64_t)kernel_text_end)
            break;
        ret[k++] = frame[1];
        if (frame[0] <= rbp) /* the stack grows down: callers' frames are higher */
            break;
        rbp = frame[0];
    }
    return k;
}

size_t backtrace_format(const uint64_t *ret, int n, char *buf, size_t size)
{
    size_t len = 0;
    if (size == 0)
        return 0;
    buf[0] = 0;
    for (int i = 0; i < n; i++)
        len += format_frame(ret[i], buf + len, size - len);
    return len;
}

void backtrace_print(uint64_t rbp)
{
    char sym[96];
    uint64_t ret[BACKTRACE_MAX_FRAMES];
    /* Only kernel memory is followed: a corrupted chain must not fault
       inside the panic path. */
    int n = backtrace_collect(rbp, PHYS_MAP_BASE, UINT64_MAX, ret, BACKTRACE_MAX_FRAMES);
    pr_emerg("backtrace:\n");
    for (int i = 0; i < n; i++) {
        /* ret points after the call; name the call instruction itself. */
        ksym_format(ret[i] - 1, sym, sizeof sym);
        pr_emerg("  [%d] %#lx %s\n", i, ret[i], sym);
    }
}
