/*
 * kernel/copy/ledger_format.c: the copy ledger as tables that fit an
 * 80-column terminal (ledger_format.h).  Column names go on two lines,
 * split after their arrow or hyphen ("user->" over "kernel").
 */
#include "kernel/copy/ledger_format.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"

#define NAME_WIDTH 12
#define CELL_WIDTH 12 /* 11 digits: up to 99 GB, then the row grows */

struct table_out {
    char *buf;
    size_t size, len;
};

static void emit(struct table_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(struct table_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

/* Where a column name splits over two lines: after its last '>', or else
   its last '-'. */
static int split_at(const char *name)
{
    const char *gt = strrchr(name, '>');
    const char *cut = gt ? gt : strrchr(name, '-');
    return cut ? (int)(cut - name) + 1 : 0;
}

static void header(struct table_out *o, const char *const *names, int n)
{
    emit(o, "%-*s", NAME_WIDTH, "mechanism");
    for (int i = 0; i < n; i++)
        emit(o, "%*.*s", CELL_WIDTH, split_at(names[i]), names[i]);
    emit(o, "\n%-*s", NAME_WIDTH, "");
    for (int i = 0; i < n; i++)
        emit(o, "%*s", CELL_WIDTH, names[i] + split_at(names[i]));
    emit(o, "\n");
}

#define MAX_COLUMNS 5

/* One table: a row per mechanism, a column per entry of cols (each a
   [MECH_COUNT] array), and a row of sums. */
static void table(struct table_out *o, const char *title, const char *const *names,
                  const uint64_t *const *cols, int n)
{
    uint64_t sum[MAX_COLUMNS] = { 0 };
    emit(o, "\n%s\n", title);
    header(o, names, n);
    for (int m = 0; m < MECH_COUNT; m++) {
        emit(o, "%-*s", NAME_WIDTH, copy_mech_name((enum copy_mech)m));
        for (int i = 0; i < n; i++) {
            emit(o, "%*lu", CELL_WIDTH, cols[i][m]);
            sum[i] += cols[i][m];
        }
        emit(o, "\n");
    }
    emit(o, "%-*s", NAME_WIDTH, "total");
    for (int i = 0; i < n; i++)
        emit(o, "%*lu", CELL_WIDTH, sum[i]);
    emit(o, "\n");
}

static const enum copy_kind cpu_kinds[] = { COPY_USER_TO_KERNEL, COPY_KERNEL_TO_USER,
                                            COPY_KERNEL_TO_KERNEL, COPY_CROSS_SPACE,
                                            COPY_COW_PAGE };
static const enum copy_kind device_kinds[] = { COPY_DEVICE_TO_MEMORY, COPY_MEMORY_TO_DEVICE };
#define NCPU    (int)(sizeof cpu_kinds / sizeof cpu_kinds[0])
#define NDEVICE (int)(sizeof device_kinds / sizeof device_kinds[0])

/* The CPU table and the device table of counts (bytes or operations). */
static void tables(struct table_out *o, const char *what, const uint64_t (*counts)[MECH_COUNT],
                   const struct ledger_counts *c)
{
    const char *names[MAX_COLUMNS];
    const uint64_t *cols[MAX_COLUMNS];
    char title[80];
    for (int i = 0; i < NCPU; i++) {
        names[i] = copy_kind_name(cpu_kinds[i]);
        cols[i] = counts[cpu_kinds[i]];
    }
    snprintf(title, sizeof title, "%s copied by the CPU", what);
    table(o, title, names, cols, NCPU);
    for (int i = 0; i < NDEVICE; i++) {
        names[i] = copy_kind_name(device_kinds[i]);
        cols[i] = counts[device_kinds[i]];
    }
    int n = NDEVICE;
    bool bytes = counts == c->bytes;
    if (bytes) { /* neither is a copy: bytes cleared, existing pages mapped */
        names[n] = "zero-filled";
        cols[n++] = c->zero_fill_bytes;
        names[n] = "mapped-pages";
        cols[n++] = c->mapped_pages;
    }
    snprintf(title, sizeof title, "%s moved by devices (DMA)%s", what,
             bytes ? "; bytes zero-filled and pages mapped, not copies" : "");
    table(o, title, names, cols, n);
}

long ledger_format(const struct ledger_counts *c, const char *title, char *buf, size_t size)
{
    struct table_out o = { buf, size, 0 };
    if (size)
        buf[0] = '\0';
    emit(&o, "copy ledger: %s\n", title);
    tables(&o, "bytes", (const uint64_t(*)[MECH_COUNT])c->bytes, c);
    tables(&o, "operations", (const uint64_t(*)[MECH_COUNT])c->ops, c);
    return (long)o.len;
}
