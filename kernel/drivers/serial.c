/*
 * kernel/drivers/serial.c: polled output and input on a 16550 UART.
 * Register offsets from the PC16550D data sheet.
 */
#include "kernel/drivers/serial.h"
#include "kernel/hw/io.h"
#include "kernel/lib/printk.h"

#define UART_DATA      0 /* RBR/THR, or divisor low byte when DLAB=1 */
#define UART_IER       1 /* interrupt enable, or divisor high byte */
#define UART_FCR       2 /* FIFO control */
#define FCR_FIFOS_OFF  0x00
#define UART_LCR       3 /* line control; bit 7 = DLAB */
#define UART_MCR       4 /* modem control */
#define UART_LSR       5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY  0x20
#define LCR_8N1        0x03
#define LCR_DLAB       0x80
#define UART_CLOCK     115200 /* divisor 1 = 115200 baud */

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
    outb(port + UART_MCR, 0x0b); /* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
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

void serial_write_crlf(unsigned port, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc(port, '\r');
        serial_putc(port, s[i]);
    }
}

/* Kernel messages: a terminal wants "\r\n" (make run) unless the host
   reads the bytes raw (tools/run-in-vm); a panic is for people to read. */
struct serial_console {
    struct console con;
    unsigned port;
    bool crlf;
};

static void console_write(struct console *c, const char *s, size_t n)
{
    struct serial_console *sc = (struct serial_console *)c;
    if (sc->crlf || printk_panicking())
        serial_write_crlf(sc->port, s, n);
    else
        serial_write(sc->port, s, n);
}

static struct serial_console log_console = { { "serial", console_write, false, NULL }, 0, false };

void serial_console_start(unsigned port, bool crlf, bool all_levels)
{
    log_console.port = port;
    log_console.crlf = crlf;
    log_console.con.all_levels = all_levels;
    console_register(&log_console.con);
}
