/*
 * kernel/entry/crashtest.h: deliberate kernel exceptions, chosen on the
 * command line (crashtest=ud2|pagefault|divide|doublefault), to show and test the trap
 * report.  Each one panics; QEMU exits with the panic status.
 */
#ifndef PAGELAB_ENTRY_CRASHTEST_H
#define PAGELAB_ENTRY_CRASHTEST_H

/* An unmapped, canonical kernel address (PML4 slot 385, never used). */
#define CRASHTEST_BAD_ADDRESS 0xffffc0de00000000ull

/* Runs the crash the command line asks for; returns if it asks for none. */
void crashtest_run(const char *cmdline);

#endif
