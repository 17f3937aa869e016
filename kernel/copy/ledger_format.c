/* kernel/copy/ledger_format.c: the copy ledger as a table (ledger_format.h). */
#include "kernel/copy/ledger_format.h"
#include "kernel/lib/printk.h"

#define NAME_WIDTH 13
#define CELL_WIDTH 15

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

static void header(struct table_out *o, const char *what, bool extra)
{
    emit(o, "%-*s", NAME_WIDTH, what);
    for (int k = 0; k < COPY_KIND_COUNT; k++)
        emit(o, " %*s", CELL_WIDTH, copy_kind_name((enum copy_kind)k));
    if (extra)
        emit(o, " %*s %*s", CELL_WIDTH, "zero-filled", CELL_WIDTH, "mapped-pages");
    emit(o, "\n");
}

/* One table: counts[kind][mech] per cell, plus the non-copy columns. */
static void table(struct table_out *o, const char *what, const uint64_t (*counts)[MECH_COUNT],
                  const struct ledger_counts *c)
{
    bool extra = counts == c->bytes;
    uint64_t sum[COPY_KIND_COUNT + 2] = { 0 };
    header(o, what, extra);
    for (int m = 0; m < MECH_COUNT; m++) {
        emit(o, "%-*s", NAME_WIDTH, copy_mech_name((enum copy_mech)m));
        for (int k = 0; k < COPY_KIND_COUNT; k++) {
            emit(o, " %*lu", CELL_WIDTH, counts[k][m]);
            sum[k] += counts[k][m];
        }
        if (extra) {
            emit(o, " %*lu %*lu", CELL_WIDTH, c->zero_fill_bytes[m], CELL_WIDTH,
                 c->mapped_pages[m]);
            sum[COPY_KIND_COUNT] += c->zero_fill_bytes[m];
            sum[COPY_KIND_COUNT + 1] += c->mapped_pages[m];
        }
        emit(o, "\n");
    }
    emit(o, "%-*s", NAME_WIDTH, "total");
    for (int k = 0; k < COPY_KIND_COUNT + (extra ? 2 : 0); k++)
        emit(o, " %*lu", CELL_WIDTH, sum[k]);
    emit(o, "\n");
}

long ledger_format(const struct ledger_counts *c, const char *title, char *buf, size_t size)
{
    struct table_out o = { buf, size, 0 };
    if (size)
        buf[0] = '\0';
    emit(&o, "copy ledger: %s\n", title);
    emit(&o, "CPU copies: user->kernel kernel->user kernel->kernel cross-space cow-page; "
             "device (DMA) transfers: device->memory memory->device\n\n");
    table(&o, "bytes", (const uint64_t(*)[MECH_COUNT])c->bytes, c);
    emit(&o, "\n");
    table(&o, "operations", (const uint64_t(*)[MECH_COUNT])c->ops, c);
    return (long)o.len;
}
