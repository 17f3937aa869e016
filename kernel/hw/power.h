/*
 * kernel/hw/power.h: leaving the machine.
 *
 * QEMU's isa-debug-exit device (iobase 0xf4, attached by the test tools
 * only) makes QEMU exit with status (code << 1) | 1.  Without the device the
 * write is ignored and power_off() falls back to an ACPI power-off.
 */
#ifndef PAGELAB_HW_POWER_H
#define PAGELAB_HW_POWER_H

#define QEMU_EXIT_SUCCESS 0x10 /* QEMU exits with 33 */
#define QEMU_EXIT_FAILURE 0x11 /* QEMU exits with 35 */
#define QEMU_EXIT_PANIC   0x12 /* QEMU exits with 37 */

#define ISA_DEBUG_EXIT_PORT 0xf4
/* QEMU's ACPI PM1a control register: 0x604 on recent "pc"/"q35" machines,
   0xb004 on older ones; SLP_EN (bit 13) with the S5 sleep type QEMU uses (0). */
#define ACPI_PM1A_CNT_QEMU  0x604
#define ACPI_PM1A_CNT_OLD   0xb004
#define ACPI_SLP_EN         (1 << 13)

#ifndef __ASSEMBLER__
#include "kernel/hw/io.h"

static inline void qemu_debug_exit(unsigned code) { outl(ISA_DEBUG_EXIT_PORT, code); }

static inline __attribute__((noreturn)) void halt_forever(void)
{
    for (;;) {
        irq_disable();
        cpu_halt();
    }
}

static inline __attribute__((noreturn)) void power_off(void)
{
    outw(ACPI_PM1A_CNT_QEMU, ACPI_SLP_EN);
    outw(ACPI_PM1A_CNT_OLD, ACPI_SLP_EN);
    halt_forever();
}
#endif

#endif
