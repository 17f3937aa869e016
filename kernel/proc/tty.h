/*
 * kernel/proc/tty.h: the serial terminals.
 *
 *   /dev/console, /dev/tty  (char 5:1, 5:0)  COM1: the console
 *   /dev/ttyS0, /dev/ttyS1  (char 4:64, 4:65) COM1, COM2 (COM2 carries the
 *                                             kernel log under "quiet")
 *
 * Input comes from the UART's receive interrupt into a line discipline:
 * in canonical mode (the default) bytes are echoed and collected into a
 * line with editing (backspace, ^U kills the line, ^D ends input) and a
 * read returns a whole line; ^C sends SIGINT to the foreground process
 * group.  The kernel command line "console=raw" starts the console with
 * echo, editing and signals off, so a program's output and input pass
 * byte for byte (tools/run-in-vm).  TCGETS/TCSETS* switch these with
 * Linux's struct termios; TIOCGWINSZ reports 80x24.
 */
#ifndef PAGELAB_PROC_TTY_H
#define PAGELAB_PROC_TTY_H

#define TTY_MAJOR       4     /* Linux devices.txt: ttyS0 is 4:64 */
#define TTYAUX_MAJOR    5     /* /dev/tty 5:0, /dev/console 5:1 */
#define TTYS_MINOR_BASE 64

void tty_init(void);

#endif
