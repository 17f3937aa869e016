/* kernel/arch/power.c: power-off and QEMU's test exit. */
#include "kernel/arch/power.h"
#include "kernel/arch/io.h"

#define ISA_DEBUG_EXIT_PORT  0xf4
/* QEMU's ACPI PM1a control register: 0x604 on recent "pc"/"q35" machines,
   0xb004 on older ones; SLP_EN (bit 13) with the S5 sleep type QEMU uses (0). */
#define ACPI_PM1A_CNT_QEMU   0x604
#define ACPI_PM1A_CNT_OLD    0xb004
#define ACPI_SLP_EN          (1 << 13)

void qemu_debug_exit(unsigned code)
{
    outl(ISA_DEBUG_EXIT_PORT, code);
}

void halt_forever(void)
{
    for (;;) {
        irq_disable();
        cpu_halt();
    }
}

void power_off(void)
{
    outw(ACPI_PM1A_CNT_QEMU, ACPI_SLP_EN);
    outw(ACPI_PM1A_CNT_OLD, ACPI_SLP_EN);
    halt_forever();
}
