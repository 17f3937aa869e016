/* Host tests of the /proc/copies table (kernel/copy/ledger_format.c). */
#include <stdio.h>
#include <string.h>
#include "tests/host/check.h"
#include "kernel/copy/ledger.c"
#include "kernel/copy/copy_trace.c" /* ledger.c hands its records to the trace */
#include "kernel/copy/ledger_format.c"

static char out[16384];

/* The line of out that starts with prefix after the heading `table`. */
static const char *row(const char *table, const char *prefix)
{
    const char *t = strstr(out, table);
    if (!t)
        return NULL;
    for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
        if (strncmp(l, prefix, strlen(prefix)) == 0 && l[strlen(prefix)] == ' ')
            return l;
    return NULL;
}

TEST(every_mechanism_has_a_row_in_both_tables)
{
    struct ledger_counts c;
    memset(&c, 0, sizeof c);
    long n = ledger_format(&c, "test", out, sizeof out);
    REQUIRE(n > 0 && (size_t)n < sizeof out && strlen(out) == (size_t)n);
    for (int m = 0; m < MECH_COUNT; m++) {
        CHECK(row("\nbytes copied by the CPU", copy_mech_name((enum copy_mech)m)) != NULL);
        CHECK(row("\nbytes moved by devices", copy_mech_name((enum copy_mech)m)) != NULL);
        CHECK(row("\noperations copied by the CPU", copy_mech_name((enum copy_mech)m)) != NULL);
        CHECK(row("\noperations moved by devices", copy_mech_name((enum copy_mech)m)) != NULL);
    }
    CHECK(strncmp(out, "copy ledger: test\n", 18) == 0);
}

TEST(cells_sit_under_their_kind_and_totals_add_up)
{
    struct ledger_counts c;
    memset(&c, 0, sizeof c);
    c.bytes[COPY_USER_TO_KERNEL][MECH_PIPE] = 4096;
    c.bytes[COPY_KERNEL_TO_USER][MECH_PIPE] = 4096;
    c.ops[COPY_USER_TO_KERNEL][MECH_PIPE] = 1;
    c.bytes[COPY_DEVICE_TO_MEMORY][MECH_MMAP_FAULT] = 8192;
    c.zero_fill_bytes[MECH_FORK] = 4096;
    c.mapped_pages[MECH_MMAP_FAULT] = 3;
    ledger_format(&c, "test", out, sizeof out);
    unsigned long v[5];
    const char *r = row("\nbytes copied by the CPU", "pipe");
    REQUIRE(r && sscanf(r + 4, "%lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4]) == 5);
    CHECK(v[0] == 4096 && v[1] == 4096 && v[2] == 0 && v[4] == 0);
    r = row("\nbytes moved by devices", "mmap-fault");
    REQUIRE(r && sscanf(r + 10, "%lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]) == 4);
    CHECK(v[0] == 8192 && v[1] == 0 && v[3] == 3);
    r = row("\nbytes copied by the CPU", "total");
    REQUIRE(r && sscanf(r + 5, "%lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4]) == 5);
    CHECK(v[0] == 4096 && v[1] == 4096);
    r = row("\nbytes moved by devices", "total");
    REQUIRE(r && sscanf(r + 5, "%lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3]) == 4);
    CHECK(v[0] == 8192 && v[2] == 4096 && v[3] == 3);
    r = row("\noperations copied by the CPU", "pipe");
    REQUIRE(r && sscanf(r + 4, "%lu %lu", &v[0], &v[1]) == 2);
    CHECK(v[0] == 1 && v[1] == 0);
}

TEST(every_line_fits_an_80_column_terminal)
{
    struct ledger_counts c;
    memset(&c, 0, sizeof c);
    c.bytes[COPY_KERNEL_TO_KERNEL][MECH_FILE_READ] = 99999999999ul; /* 11 digits: 99 GB */
    ledger_format(&c, "the whole kernel since boot", out, sizeof out);
    for (const char *l = out; *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        CHECK(len <= 80);
        l += len + (end != NULL);
    }
}

TEST(a_small_buffer_is_truncated_and_terminated_with_the_full_length_returned)
{
    struct ledger_counts c;
    memset(&c, 0, sizeof c);
    long full = ledger_format(&c, "test", out, sizeof out);
    char small[100];
    memset(small, 'x', sizeof small);
    long n = ledger_format(&c, "test", small, sizeof small);
    CHECK(n == full);
    CHECK(memchr(small, '\0', sizeof small) != NULL);
    CHECK(strncmp(small, out, strlen(small)) == 0);
}
