/* kernel/drivers/pit.c: the 8254 PIT (Intel 82C54 datasheet; port 0x61 is the
   PC's "system control port B"). */
#include "kernel/drivers/pit.h"
#include "kernel/hw/io.h"

#define PIT_CH0        0x40
#define PIT_CH2        0x42
#define PIT_CMD        0x43
#define PORT_B         0x61
#define PORT_B_GATE2   0x01 /* channel 2 gate */
#define PORT_B_SPEAKER 0x02 /* speaker data enable: keep it off */
#define PORT_B_OUT2    0x20 /* channel 2 output, read-only */

/* Control word: channel (bits 7-6), access lobyte/hibyte (5-4), mode (3-1). */
#define PIT_SEL_CH0 (0 << 6)
#define PIT_SEL_CH2 (2 << 6)
#define PIT_LOHI    (3 << 4)
#define PIT_MODE0   (0 << 1) /* interrupt on terminal count: out goes high at 0 */
#define PIT_MODE2   (2 << 1) /* rate generator */

void pit_start_periodic(unsigned hz)
{
    uint16_t divisor = (PIT_HZ + hz / 2) / hz;
    outb(PIT_CMD, PIT_SEL_CH0 | PIT_LOHI | PIT_MODE2);
    outb(PIT_CH0, divisor & 0xff);
    outb(PIT_CH0, divisor >> 8);
}

uint64_t pit_measure_tsc(uint16_t counts)
{
    /* Gate high, speaker off; in mode 0 the output drops when the count is
       written and rises when it reaches zero. */
    outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
    outb(PIT_CMD, PIT_SEL_CH2 | PIT_LOHI | PIT_MODE0);
    outb(PIT_CH2, counts & 0xff);
    outb(PIT_CH2, counts >> 8);
    uint64_t start = rdtsc();
    while (!(inb(PORT_B) & PORT_B_OUT2))
        cpu_relax();
    return rdtsc() - start;
}
