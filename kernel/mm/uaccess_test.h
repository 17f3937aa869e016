/* kernel/mm/uaccess_test.h: addresses shared by the user-copy ktests and
   the gdb test (tests/suites/40_gdb.py looks for the same address). */
#ifndef PAGELAB_MM_UACCESS_TEST_H
#define PAGELAB_MM_UACCESS_TEST_H

/* A canonical user address in PML4 slot 180, which nothing maps. */
#define UACCESS_TEST_UNMAPPED 0x00005a5a5a5a5000ull

#endif
