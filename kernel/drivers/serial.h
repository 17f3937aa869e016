/* kernel/drivers/serial.h: the 16550 UARTs (COM1 is the console). */
#ifndef PAGELAB_DRIVERS_SERIAL_H
#define PAGELAB_DRIVERS_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

#define COM1_PORT 0x3f8
#define COM2_PORT 0x2f8

void serial_init(unsigned port);
void serial_putc(unsigned port, char c);
void serial_write(unsigned port, const char *s, size_t n);
/* Returns the next received byte, or -1 when none is waiting. */
int serial_getc(unsigned port);
/* Writes n bytes with "\n" turned into "\r\n", as a terminal wants. */
void serial_write_crlf(unsigned port, const char *s, size_t n);

/* Sends kernel messages (printk) to port, with "\r\n" line ends if crlf:
   every line if all_levels (a log the host records), else the lines the
   console level lets through (a terminal). */
void serial_console_start(unsigned port, bool crlf, bool all_levels);

#endif
