/* Host tests of the kernel log ring (kernel/lib/klog.c). */
#include <stdio.h>
#include <string.h>
#include "tests/host/check.h"
#include "kernel/lib/klog.c"

/* One CPU and no interrupts on the host: the console lock is nothing. */
uint64_t console_lock(void) { return 0; }
void console_unlock(uint64_t flags) {}

static void store(int level, const char *text) { klog_store(level, 1000, text, strlen(text)); }

TEST(records_come_back_in_order_with_level_time_and_text)
{
    uint64_t seq = klog_next_seq();
    store(6, "first");
    klog_store(3, 1234567000, "second", 6);
    struct klog_record r;
    char text[64];
    REQUIRE(klog_read(&seq, &r, text, sizeof text) == 1);
    CHECK(r.level == 6 && r.len == 5 && !memcmp(text, "first", 5));
    REQUIRE(klog_read(&seq, &r, text, sizeof text) == 1);
    CHECK(r.level == 3 && r.ts_ns == 1234567000 && !memcmp(text, "second", 6));
    CHECK(klog_read(&seq, &r, text, sizeof text) == 0);
    CHECK(seq == klog_next_seq());
}

TEST(syslog_text_has_the_level_and_the_time_as_dmesg_shows_it)
{
    struct klog_record r = { 0, 1234567000, 6, 5 };
    char buf[64];
    size_t n = klog_format_syslog(&r, "hello", buf, sizeof buf);
    CHECK(n == strlen("<6>[    1.234567] hello\n") && !strcmp(buf, "<6>[    1.234567] hello\n"));
}

TEST(a_full_ring_drops_the_oldest_and_a_late_reader_learns_it)
{
    uint64_t start = klog_next_seq();
    char line[80];
    int n = 5000; /* about 300 KiB of records: more than twice the ring */
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "record %d of a long enough line to fill the ring", i);
        store(6, line);
    }
    CHECK(klog_first_seq() > start);
    CHECK(klog_next_seq() == start + (uint64_t)n);
    uint64_t seq = start;
    struct klog_record r;
    char text[KLOG_LINE_MAX];
    REQUIRE(klog_read(&seq, &r, text, sizeof text) == -EPIPE);
    int first = (int)(r.seq - start);
    CHECK(r.seq == klog_first_seq());
    snprintf(line, sizeof line, "record %d of a long enough line to fill the ring", first);
    CHECK(r.len == strlen(line) && !memcmp(text, line, r.len));
    /* every later record follows, in order, whole */
    int expect = first + 1, bad = 0;
    while (klog_read(&seq, &r, text, sizeof text) == 1) {
        snprintf(line, sizeof line, "record %d of a long enough line to fill the ring", expect++);
        bad += r.len != strlen(line) || memcmp(text, line, r.len) != 0;
    }
    CHECK(bad == 0 && expect == n);
}

TEST(clear_leaves_only_later_records_for_read_all)
{
    store(6, "before");
    klog_clear();
    CHECK(klog_clear_seq() == klog_next_seq());
    store(6, "after");
    uint64_t seq = klog_clear_seq();
    struct klog_record r;
    char text[64];
    REQUIRE(klog_read(&seq, &r, text, sizeof text) == 1);
    CHECK(r.len == 5 && !memcmp(text, "after", 5));
}

TEST(a_line_longer_than_the_limit_is_cut_and_a_small_buffer_gets_its_start)
{
    static char big[KLOG_LINE_MAX + 100];
    memset(big, 'x', sizeof big);
    uint64_t seq = klog_next_seq();
    klog_store(6, 0, big, sizeof big);
    struct klog_record r;
    char small[10];
    REQUIRE(klog_read(&seq, &r, small, sizeof small) == 1);
    CHECK(r.len == sizeof small);
    seq--;
    static char all[KLOG_LINE_MAX + 100];
    REQUIRE(klog_read(&seq, &r, all, sizeof all) == 1);
    CHECK(r.len == KLOG_LINE_MAX);
}
