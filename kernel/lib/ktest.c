/* kernel/lib/ktest.c: running the in-kernel tests chosen on the command line. */
#include "kernel/lib/ktest.h"
#include "kernel/lib/cmdline.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/hw/power.h"

extern const struct ktest ktest_start[], ktest_end[];

static bool current_failed;
static char failure[160];

void ktest_fail(const char *file, int line, const char *expr)
{
    if (!current_failed)
        snprintf(failure, sizeof failure, "%s:%d: %s", file, line, expr);
    current_failed = true;
}

/* Does name match the first len characters of pat, where '*' matches any
   run of characters ("frame_*", "*paging_*")? */
static bool glob_match(const char *pat, size_t len, const char *name)
{
    if (len == 0)
        return *name == '\0';
    if (*pat == '*')
        return glob_match(pat + 1, len - 1, name) || (*name && glob_match(pat, len, name + 1));
    return *name == *pat && glob_match(pat + 1, len - 1, name + 1);
}

/* Does name match one pattern of the comma-separated list? */
static bool selected(const char *list, const char *name)
{
    if (strcmp(list, "all") == 0)
        return true;
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0 && glob_match(p, len, name))
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

bool ktest_run_selected(const char *cmdline)
{
    char list[256];
    if (!cmdline_get(cmdline, "ktest", list, sizeof list))
        return false;

    /* A test boot's console is its report: every line reaches it. */
    console_verbose();
    int passed = 0, failed = 0;
    for (const struct ktest *t = ktest_start; t < ktest_end; t++) {
        if (!selected(list, t->name))
            continue;
        current_failed = false;
        t->fn();
        if (current_failed) {
            pr_info("ktest: %s: FAIL %s\n", t->name, failure);
            failed++;
        } else {
            pr_info("ktest: %s: PASS\n", t->name);
            passed++;
        }
    }
    pr_info("ktest: done, %d passed, %d failed\n", passed, failed);
    qemu_debug_exit(failed || passed == 0 ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
    return true;
}
