/*
 * kernel/drivers/serial.c: polled output and input on a 16550 UART.
 * Register offsets from the PC16550D data sheet.
 */
#include "kernel/drivers/serial.h"
#include "kernel/arch/io.h"

#define UART_DATA        0   /* RBR/THR, or divisor low byte when DLAB=1 */
#define UART_IER         1   /* interrupt enable, or divisor high byte */
#define UART_FCR         2   /* FIFO control */
#define FCR_FIFOS_OFF    0x00
#define UART_LCR         3   /* line control; bit 7 = DLAB */
#define UART_MCR         4   /* modem control */
#define UART_LSR         5   /* line status */
#define LSR_DATA_READY   0x01
#define LSR_THR_EMPTY    0x20
#define LCR_8N1          0x03
#define LCR_DLAB         0x80
#define UART_CLOCK       115200  /* divisor 1 = 115200 baud */

void serial_init(unsigned port)
{
    outb(port + UART_IER, 0x00);
    outb(port + UART_LCR, LCR_DLAB);
    outb(port + UART_DATA, UART_CLOCK / 115200);
    outb(port + UART_IER, 0x00);
    outb(port + UART_LCR, LCR_8N1);
    /* FIFOs stay off (the reset state): switching them on clears the
       receive side, losing a byte typed ahead while the machine booted.
       Without a FIFO the UART holds one byte and the sender (QEMU's
       chardev) waits until it is read, so input is never dropped. */
    outb(port + UART_FCR, FCR_FIFOS_OFF);
    outb(port + UART_MCR, 0x0b);   /* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
}

void serial_putc(unsigned port, char c)
{
    while (!(inb(port + UART_LSR) & LSR_THR_EMPTY))
        cpu_relax();
    outb(port + UART_DATA, (unsigned char)c);
}

void serial_write(unsigned port, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        serial_putc(port, s[i]);
}

int serial_getc(unsigned port)
{
    if (!(inb(port + UART_LSR) & LSR_DATA_READY))
        return -1;
    return inb(port + UART_DATA);
}
