/* kernel/arch/power.h: leaving the machine. */
#ifndef PAGELAB_ARCH_POWER_H
#define PAGELAB_ARCH_POWER_H

/*
 * QEMU's isa-debug-exit device (iobase 0xf4, attached by the test tools only)
 * makes QEMU exit with status (code << 1) | 1.  Without the device the write
 * is ignored and we fall back to an ACPI power-off.
 */
#define QEMU_EXIT_SUCCESS 0x10   /* QEMU exits with 33 */
#define QEMU_EXIT_FAILURE 0x11   /* QEMU exits with 35 */
#define QEMU_EXIT_PANIC   0x12   /* QEMU exits with 37 */

void qemu_debug_exit(unsigned code);
void power_off(void) __attribute__((noreturn));
void halt_forever(void) __attribute__((noreturn));

#endif
