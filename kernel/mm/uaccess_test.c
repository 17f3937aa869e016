/*
 * kernel/mm/uaccess_test.c: the checked user copies, on an unmapped user
 * address and on the ktest user pages (kernel/mm/test_user_pages.h):
 * page 0 writable, page 1 absent, page 2 read-only.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/mm/uaccess_test.h"
#include "kernel/lib/cpufeature.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/io.h"
#include "kernel/hw/msr.h"
#include "kernel/mm/test_user_pages.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/hw/layout.h"

#define TEST_RW_PAGE TEST_USER_RW_PAGE
#define TEST_HOLE    TEST_USER_HOLE
#define TEST_RO_PAGE TEST_USER_RO_PAGE

static struct ledger_counts before;

static void ledger_snapshot(void) { before = ledger_global; }

static bool ledger_unchanged(void) { return memcmp(&before, &ledger_global, sizeof before) == 0; }

static uint64_t ledger_delta(enum copy_kind kind, enum copy_mech mech)
{
    return ledger_global.bytes[kind][mech] - before.bytes[kind][mech];
}

static uint64_t ledger_ops_delta(enum copy_kind kind, enum copy_mech mech)
{
    return ledger_global.ops[kind][mech] - before.ops[kind][mech];
}

KTEST(user_range_ok_rejects_kernel_half_and_wrap_around)
{
    KEXPECT(user_range_ok(0, 0));
    KEXPECT(user_range_ok(0, USER_TOP));
    KEXPECT(!user_range_ok(0, USER_TOP + 1));
    KEXPECT(user_range_ok(USER_TOP - 1, 1));
    KEXPECT(!user_range_ok(USER_TOP - 1, 2));
    KEXPECT(!user_range_ok(USER_TOP, 1));
    KEXPECT(!user_range_ok(PHYS_MAP_BASE, 1));
    KEXPECT(!user_range_ok(KERNEL_VMA, 16));
    KEXPECT(!user_range_ok(0x1000, (size_t)-1)); /* end wraps past 2^64 */
    KEXPECT(!user_range_ok(0xfffffffffffff000ull, 0x2000));
}

/* The gdb test (tests/suites/40_gdb.py) boots this test alone and stops in
   handle_page_fault: a kernel write (error code 0x2) at UACCESS_TEST_UNMAPPED. */
KTEST(copy_to_user_on_unmapped_address_returns_efault)
{
    char buf[32] = "not going anywhere";
    ledger_snapshot();
    KEXPECT(copy_to_user((void *)UACCESS_TEST_UNMAPPED, buf, sizeof buf, MECH_OTHER) == -EFAULT);
    KEXPECT(ledger_unchanged());
}

KTEST(copy_from_user_on_unmapped_address_returns_efault)
{
    char buf[32];
    memset(buf, 0x55, sizeof buf);
    ledger_snapshot();
    KEXPECT(copy_from_user(buf, (void *)UACCESS_TEST_UNMAPPED, sizeof buf, MECH_OTHER) == -EFAULT);
    KEXPECT(clear_user((void *)UACCESS_TEST_UNMAPPED, 64, MECH_OTHER) == -EFAULT);
    KEXPECT(strncpy_from_user(buf, (const char *)UACCESS_TEST_UNMAPPED, sizeof buf) == -EFAULT);
    KEXPECT(ledger_unchanged());
}

KTEST(user_copies_refuse_kernel_addresses_without_touching_them)
{
    static char secret[16] = "kernel secret";
    char buf[16];
    ledger_snapshot();
    KEXPECT(copy_from_user(buf, secret, sizeof buf, MECH_OTHER) == -EFAULT);
    KEXPECT(copy_to_user(secret, "overwritten!", 12, MECH_OTHER) == -EFAULT);
    KEXPECT(strcmp(secret, "kernel secret") == 0);
    KEXPECT(ledger_unchanged());
}

KTEST(zero_byte_user_copies_succeed_and_record_nothing)
{
    ledger_snapshot();
    KEXPECT(copy_from_user(0, (void *)UACCESS_TEST_UNMAPPED, 0, MECH_OTHER) == 0);
    KEXPECT(copy_to_user((void *)UACCESS_TEST_UNMAPPED, 0, 0, MECH_OTHER) == 0);
    KEXPECT(clear_user((void *)UACCESS_TEST_UNMAPPED, 0, MECH_OTHER) == 0);
    KEXPECT(ledger_unchanged());
}

KTEST(user_copy_round_trip_records_exact_bytes)
{
    test_user_pages_map();
    char out[64], in[64];
    for (unsigned i = 0; i < sizeof out; i++)
        out[i] = (char)(i * 7 + 1);
    ledger_snapshot();
    long w = copy_to_user((void *)(TEST_RW_PAGE + 100), out, sizeof out, MECH_PIPE);
    long r = copy_from_user(in, (void *)(TEST_RW_PAGE + 100), sizeof in, MECH_PIPE);
    test_user_pages_unmap();
    KEXPECT(w == 0);
    KEXPECT(r == 0);
    KEXPECT(memcmp(in, out, sizeof in) == 0);
    KEXPECT(memcmp(test_user_page_backing(0) + 100, out, sizeof out) == 0);
    KEXPECT(ledger_delta(COPY_KERNEL_TO_USER, MECH_PIPE) == sizeof out);
    KEXPECT(ledger_delta(COPY_USER_TO_KERNEL, MECH_PIPE) == sizeof in);
    KEXPECT(ledger_ops_delta(COPY_KERNEL_TO_USER, MECH_PIPE) == 1);
}

KTEST(user_copy_into_a_hole_records_only_the_bytes_moved)
{
    test_user_pages_map();
    char in[32];
    memset(test_user_page_backing(0) + PAGE_SIZE - 8, 'x', 8);
    ledger_snapshot();
    /* 8 bytes are readable, then the absent page. */
    long r = copy_from_user(in, (void *)(TEST_HOLE - 8), sizeof in, MECH_OTHER);
    test_user_pages_unmap();
    KEXPECT(r == -EFAULT);
    KEXPECT(memcmp(in, "xxxxxxxx", 8) == 0);
    KEXPECT(ledger_delta(COPY_USER_TO_KERNEL, MECH_OTHER) == 8);
}

/* The copy moves qwords; a hole that starts inside a qword must still stop
   it at the exact byte. */
KTEST(user_copy_stops_at_the_exact_byte_before_an_unaligned_hole)
{
    test_user_pages_map();
    char in[40], out[40];
    memset(out, 'y', sizeof out);
    memset(test_user_page_backing(0) + PAGE_SIZE - 13, 'z', 13);
    ledger_snapshot();
    long r = copy_from_user(in, (void *)(TEST_HOLE - 13), sizeof in, MECH_OTHER);
    long w = copy_to_user((void *)(TEST_HOLE - 13), out, sizeof out, MECH_OTHER);
    long c = clear_user((void *)(TEST_HOLE - 13), sizeof out, MECH_OTHER);
    test_user_pages_unmap();
    KEXPECT(r == -EFAULT && w == -EFAULT && c == -EFAULT);
    KEXPECT(memcmp(in, "zzzzzzzzzzzzz", 13) == 0);
    KEXPECT(ledger_delta(COPY_USER_TO_KERNEL, MECH_OTHER) == 13);
    KEXPECT(ledger_delta(COPY_KERNEL_TO_USER, MECH_OTHER) == 13);
}

KTEST(copy_to_read_only_user_page_returns_efault)
{
    test_user_pages_map();
    test_user_page_backing(2)[0] = 'r';
    ledger_snapshot();
    long w = copy_to_user((void *)TEST_RO_PAGE, "w", 1, MECH_OTHER);
    char c = 0;
    long r = copy_from_user(&c, (void *)TEST_RO_PAGE, 1, MECH_OTHER);
    test_user_pages_unmap();
    KEXPECT(w == -EFAULT);
    KEXPECT(r == 0 && c == 'r');
    KEXPECT(ledger_delta(COPY_KERNEL_TO_USER, MECH_OTHER) == 0);
}

KTEST(clear_user_counts_a_zero_fill_not_a_copy)
{
    test_user_pages_map();
    memset(test_user_page_backing(0), 0xff, 256);
    ledger_snapshot();
    long r = clear_user((void *)TEST_RW_PAGE, 256, MECH_MMAP_FAULT);
    test_user_pages_unmap();
    KEXPECT(r == 0);
    KEXPECT(test_user_page_backing(0)[0] == 0 && test_user_page_backing(0)[255] == 0);
    KEXPECT(ledger_global.zero_fill_bytes[MECH_MMAP_FAULT] -
                before.zero_fill_bytes[MECH_MMAP_FAULT] ==
            256);
    KEXPECT(ledger_delta(COPY_KERNEL_TO_USER, MECH_MMAP_FAULT) == 0);
}

KTEST(strncpy_from_user_stops_at_nul_limit_and_hole)
{
    test_user_pages_map();
    char buf[16];
    memcpy(test_user_page_backing(0), "/bin/sh", 8);
    memset(test_user_page_backing(0) + 64, 'a', 40);
    memcpy(test_user_page_backing(0) + PAGE_SIZE - 3, "abc", 3); /* runs into the hole */
    ledger_snapshot();
    long ok = strncpy_from_user(buf, (const char *)TEST_RW_PAGE, sizeof buf);
    bool same = strcmp(buf, "/bin/sh") == 0;
    long too_long = strncpy_from_user(buf, (const char *)(TEST_RW_PAGE + 64), sizeof buf);
    long hole = strncpy_from_user(buf, (const char *)(TEST_HOLE - 3), sizeof buf);
    test_user_pages_unmap();
    KEXPECT(ok == 7 && same);
    KEXPECT(too_long == -ENAMETOOLONG);
    KEXPECT(hole == -EFAULT);
    /* 8 ("/bin/sh" and its NUL) + 16 (the limit) + 3 (before the hole) */
    KEXPECT(ledger_delta(COPY_USER_TO_KERNEL, MECH_SYSCALL_ARGS) == 8 + 16 + 3);
}

KTEST(kernel_cow_and_dma_copies_are_recorded_by_kind)
{
    static uint8_t a[PAGE_SIZE], b[PAGE_SIZE];
    memset(a, 0xab, sizeof a);
    ledger_snapshot();
    copy_kernel(b, a, 100, MECH_MSGQ);
    copy_cow_page(b, a, MECH_FORK);
    copy_record_dma(true, 4096, MECH_FILE_READ);
    copy_record_dma(false, 512, MECH_WRITEBACK);
    KEXPECT(b[PAGE_SIZE - 1] == 0xab);
    KEXPECT(ledger_delta(COPY_KERNEL_TO_KERNEL, MECH_MSGQ) == 100);
    KEXPECT(ledger_delta(COPY_COW_PAGE, MECH_FORK) == PAGE_SIZE);
    KEXPECT(ledger_delta(COPY_DEVICE_TO_MEMORY, MECH_FILE_READ) == 4096);
    KEXPECT(ledger_delta(COPY_MEMORY_TO_DEVICE, MECH_WRITEBACK) == 512);
}

/* With SMAP on (paging_init switches it on when present; this test makes
   sure), a kernel access to a user page faults unless RFLAGS.AC is
   set: the copy helpers must open the window (STAC) for the copy. */
KTEST(user_copies_work_with_smap_enabled)
{
    if (!cpu_has(CPU_SMAP))
        return; /* no SMAP on this CPU: nothing to prove */
    uint64_t cr4 = read_cr4();
    write_cr4(cr4 | CR4_SMAP);
    test_user_pages_map();
    char in[8] = { 0 };
    long w = copy_to_user((void *)TEST_RW_PAGE, "smap-ok", 8, MECH_OTHER);
    long r = copy_from_user(in, (void *)TEST_RW_PAGE, 8, MECH_OTHER);
    test_user_pages_unmap();
    write_cr4(cr4);
    KEXPECT(w == 0 && r == 0);
    KEXPECT(strcmp(in, "smap-ok") == 0);
}
