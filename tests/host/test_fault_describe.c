/* Host tests of the page-fault error-code wording (kernel/mm/fault_describe.c)
   and of the user range check (kernel/copy/user_range.c). */
#include <stdint.h>
#include <string.h>
#include "tests/host/check.h"
#include "kernel/mm/fault_describe.c"
#include "kernel/copy/user_range.c"

static const char *describe(unsigned code)
{
    static char buf[128];
    fault_describe(code, buf, sizeof buf);
    return buf;
}

TEST(each_access_kind_is_named)
{
    CHECK(strcmp(describe(0), "kernel read from a non-present page") == 0);
    CHECK(strcmp(describe(PF_WRITE), "kernel write to a non-present page") == 0);
    CHECK(strcmp(describe(PF_USER | PF_WRITE), "user write to a non-present page") == 0);
    CHECK(strcmp(describe(PF_USER | PF_INSTR | PF_PRESENT),
                 "user instruction fetch from a present page (protection violation)") == 0);
}

TEST(instruction_fetch_wins_over_write_bit)
{
    CHECK(strncmp(describe(PF_INSTR | PF_WRITE), "kernel instruction fetch", 24) == 0);
}

TEST(reserved_and_other_bits_are_appended)
{
    CHECK(strcmp(describe(PF_PRESENT | PF_RSVD),
                 "kernel read from a present page (protection violation), "
                 "reserved bit set in a paging entry") == 0);
    CHECK(strstr(describe(PF_PK | PF_USER), "protection-key") != NULL);
    CHECK(strstr(describe(PF_SS), "shadow-stack") != NULL);
}

TEST(short_buffer_is_truncated_and_terminated)
{
    char buf[8];
    memset(buf, 'z', sizeof buf);
    fault_describe(PF_USER, buf, sizeof buf);
    CHECK(strcmp(buf, "user re") == 0);
    char one[1] = { 'z' };
    fault_describe(0, one, 1);
    CHECK(one[0] == '\0');
    fault_describe(0, NULL, 0);   /* size 0: must not write */
}

TEST(user_range_ok_has_no_wrap_around)
{
    CHECK(user_range_ok(0, 0));
    CHECK(user_range_ok(USER_TOP - 4096, 4096));
    CHECK(!user_range_ok(USER_TOP - 4096, 4097));
    CHECK(!user_range_ok(UINT64_MAX, 1));
    CHECK(!user_range_ok(4096, SIZE_MAX));
    CHECK(!user_range_ok(USER_TOP + 1, 0));
}
