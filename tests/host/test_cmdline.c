/* Host tests of kernel command line parsing (kernel/lib/cmdline.c). */
#include <string.h>
#include "tests/host/check.h"
#include "kernel/lib/cmdline.c"

TEST(finds_key_value_pairs_anywhere_on_the_line)
{
    char v[32];
    CHECK(cmdline_get("a=1 ktest=all b", "ktest", v, sizeof v) && strcmp(v, "all") == 0);
    CHECK(cmdline_get("ktest=x,y", "ktest", v, sizeof v) && strcmp(v, "x,y") == 0);
}

TEST(bare_key_has_empty_value)
{
    char v[8] = "junk";
    CHECK(cmdline_get("quiet console=raw", "quiet", v, sizeof v) && v[0] == '\0');
    CHECK(cmdline_get("quiet console=raw", "console", v, sizeof v) && strcmp(v, "raw") == 0);
}

TEST(prefix_of_a_longer_key_does_not_match)
{
    CHECK(!cmdline_has("ktests=all", "ktest"));
    CHECK(!cmdline_has("", "ktest"));
    CHECK(cmdline_has("  ktest  ", "ktest"));
}

TEST(long_value_is_truncated_and_terminated)
{
    char v[4];
    CHECK(cmdline_get("k=abcdef", "k", v, sizeof v) && strcmp(v, "abc") == 0);
}
