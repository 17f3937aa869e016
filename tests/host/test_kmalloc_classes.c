/* Host tests of kmalloc's pure parts: size classes (kernel/mm/size_class.c)
   and poison patterns (kernel/mm/poison.c). */
#include <stdint.h>
#include <string.h>
#include "tests/host/check.h"
#include "kernel/mm/size_class.c"
#include "kernel/mm/poison.c"

TEST(each_size_gets_the_smallest_class_that_fits)
{
    for (size_t size = 1; size <= KMALLOC_MAX_SMALL; size++) {
        int cls = size_class_of(size);
        REQUIRE(cls >= 0 && cls < KMALLOC_CLASS_COUNT);
        CHECK(size_class_bytes(cls) >= size);
        CHECK(cls == 0 || size_class_bytes(cls - 1) < size);
    }
}

TEST(classes_are_powers_of_two_from_16_to_2048)
{
    CHECK(size_class_bytes(0) == 16);
    CHECK(size_class_bytes(KMALLOC_CLASS_COUNT - 1) == 2048);
    CHECK(size_class_of(0) == 0);
    CHECK(size_class_of(16) == 0);
    CHECK(size_class_of(17) == 1);
    CHECK(size_class_of(2048) == KMALLOC_CLASS_COUNT - 1);
    CHECK(size_class_of(2049) == -1);
}

TEST(large_sizes_get_the_smallest_sufficient_order)
{
    CHECK(size_to_order(2049, 4096) == 0);
    CHECK(size_to_order(4096, 4096) == 0);
    CHECK(size_to_order(4097, 4096) == 1);
    CHECK(size_to_order(3 * 4096, 4096) == 2);
    CHECK(size_to_order(1 << 20, 4096) == 8);
}

TEST(poison_check_finds_the_first_changed_byte_at_any_alignment)
{
    static uint8_t buf[300];
    for (size_t start = 0; start < 9; start++) {
        for (size_t bad = start; bad < 200; bad += 7) {
            poison_fill(buf, sizeof buf, POISON_FREE);
            CHECK(poison_find_mismatch(buf + start, 200 - start, POISON_FREE) == NULL);
            buf[bad] = 0;
            CHECK(poison_find_mismatch(buf + start, 200 - start, POISON_FREE) == buf + bad);
        }
    }
}

TEST(poison_check_ignores_bytes_outside_the_range)
{
    static uint8_t buf[64];
    poison_fill(buf, sizeof buf, POISON_FRESH);
    buf[10] = 0;
    buf[50] = 0;
    CHECK(poison_find_mismatch(buf + 11, 39, POISON_FRESH) == NULL);
    CHECK(poison_find_mismatch(buf + 11, 40, POISON_FRESH) == buf + 50);
}
