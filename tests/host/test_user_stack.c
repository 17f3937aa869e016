/* Host tests of the initial user stack builder (kernel/proc/user_stack.c). */
#include <string.h>
#include <stdint.h>
#include "tests/host/check.h"
#include "kernel/proc/user_stack.c"

#define TOP 0x7ffffffff000ull

static uint8_t image[8192];

/* Reads a word of the image at user address u. */
static uint64_t word(uint64_t u) { uint64_t v; memcpy(&v, image + sizeof image - (TOP - u), 8); return v; }
static const char *str(uint64_t u) { return (const char *)image + sizeof image - (TOP - u); }
static int inside(uint64_t u) { return u >= TOP - sizeof image && u < TOP; }

static const char *argv3[] = { "/bin/prog", "one", "two words" };
static const char *envp2[] = { "HOME=/", "PATH=/bin" };
static const uint8_t rnd[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const struct auxv_entry aux[] = { { AT_PAGESZ, 4096 }, { AT_ENTRY, 0x401000 } };

static struct ustack_args args(int argc, int envc)
{
    return (struct ustack_args){ argc, envc, argv3, envp2, "/bin/prog", aux, 2, rnd };
}

TEST(ustack_puts_argc_argv_envp_and_auxv_in_linux_order)
{
    struct ustack_args a = args(3, 2);
    uint64_t sp = ustack_build(&a, TOP, image, sizeof image);
    REQUIRE(sp != 0);
    CHECK(sp % 16 == 0);
    CHECK(word(sp) == 3);
    for (int i = 0; i < 3; i++) {
        REQUIRE(inside(word(sp + 8 + 8 * i)));
        CHECK(strcmp(str(word(sp + 8 + 8 * i)), argv3[i]) == 0);
    }
    CHECK(word(sp + 8 * 4) == 0);
    for (int i = 0; i < 2; i++) {
        REQUIRE(inside(word(sp + 8 * 5 + 8 * i)));
        CHECK(strcmp(str(word(sp + 8 * 5 + 8 * i)), envp2[i]) == 0);
    }
    CHECK(word(sp + 8 * 7) == 0);
    uint64_t av = sp + 8 * 8;
    CHECK(word(av) == AT_PAGESZ && word(av + 8) == 4096);
    CHECK(word(av + 16) == AT_ENTRY && word(av + 24) == 0x401000);
    CHECK(word(av + 32) == AT_RANDOM);
    REQUIRE(inside(word(av + 40)));
    CHECK(memcmp(str(word(av + 40)), rnd, 16) == 0);
    CHECK(word(av + 48) == AT_EXECFN);
    CHECK(strcmp(str(word(av + 56)), "/bin/prog") == 0);
    CHECK(word(av + 64) == AT_NULL && word(av + 72) == 0);
}

TEST(ustack_strings_sit_above_the_vectors_and_below_the_top)
{
    struct ustack_args a = args(3, 2);
    uint64_t sp = ustack_build(&a, TOP, image, sizeof image);
    REQUIRE(sp != 0);
    uint64_t last = word(sp + 8 * 6);   /* envp[1] */
    CHECK(last > sp + 8 * 18);
    CHECK(last + strlen("PATH=/bin") + 1 <= TOP);
    /* The path (AT_EXECFN) is the topmost string and ends right at the top. */
    uint64_t execfn = word(sp + 8 * 8 + 56);
    CHECK(execfn + strlen("/bin/prog") + 1 == TOP);
}

TEST(ustack_aligns_rsp_for_every_argument_count)
{
    for (int argc = 0; argc <= 3; argc++)
        for (int envc = 0; envc <= 2; envc++) {
            struct ustack_args a = args(argc, envc);
            uint64_t sp = ustack_build(&a, TOP, image, sizeof image);
            CHECK(sp != 0 && sp % 16 == 0);
            CHECK(word(sp) == (uint64_t)argc);
            CHECK(TOP - sp <= ustack_size(&a));
        }
}

TEST(ustack_refuses_a_buffer_that_is_too_small)
{
    struct ustack_args a = args(3, 2);
    CHECK(ustack_build(&a, TOP, image, ustack_size(&a) - 1) == 0);
    CHECK(ustack_build(&a, TOP, image, ustack_size(&a)) != 0);
}

TEST(ustack_gives_the_platform_string_after_the_execfn)
{
    struct ustack_args a = args(3, 2);
    a.platform = "x86_64";
    uint64_t sp = ustack_build(&a, TOP, image, sizeof image);
    REQUIRE(sp != 0);
    uint64_t av = sp + 8 * 8 + 16 * 2;    /* past argc, argv, envp and the two given */
    CHECK(word(av) == AT_RANDOM);
    CHECK(word(av + 16) == AT_EXECFN);
    CHECK(word(av + 32) == AT_PLATFORM);
    REQUIRE(inside(word(av + 40)));
    CHECK(strcmp(str(word(av + 40)), "x86_64") == 0);
    CHECK(word(av + 48) == AT_NULL);
}
