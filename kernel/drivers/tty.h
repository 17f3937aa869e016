/*
 * kernel/drivers/tty.h: the serial terminals.
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
 *
 * This driver knows bytes and termios; the device files are made by
 * /dev (kernel/fs/devfs.c), and process groups belong to the process
 * layer, which hands the terminal its job-control operations.
 */
#ifndef PAGELAB_DRIVERS_TTY_H
#define PAGELAB_DRIVERS_TTY_H

#include <stdbool.h>
#include <stddef.h>
#include "kernel/copy/uaccess.h"

#define TTY_MAJOR       4 /* Linux devices.txt: ttyS0 is 4:64 */
#define TTYAUX_MAJOR    5 /* /dev/tty 5:0, /dev/console 5:1 */
#define TTYS_MINOR_BASE 64

struct tty;

/* What a terminal asks of the process layer (kernel/proc/signal.c). */
struct tty_job_control {
    int (*current_group)(void);              /* the caller's process group */
    void (*signal_group)(int pgrp, int sig); /* ^C: SIGINT to the foreground */
    /* A read from the terminal whose foreground group is fg_pgrp: 0 if the
       caller is in it, else -EINTR once its group has SIGTTIN (the read
       starts again when it is continued), or -EIO. */
    int (*background_read)(int fg_pgrp);
};
void tty_set_job_control(const struct tty_job_control *ops);

/* raw: the console starts without echo, editing or signals (console=raw). */
void tty_init(bool raw);

/* The terminal behind a character device number, or NULL. */
struct tty *tty_of_device(unsigned major, unsigned minor);

/* read(2), write(2) and ioctl(2) on a terminal: bytes or -errno. */
long tty_read(struct tty *t, struct iobuf *buf, size_t n);
long tty_write(struct tty *t, struct iobuf *buf, size_t n);
long tty_ioctl(struct tty *t, unsigned long cmd, unsigned long arg);
/* poll(2): readable when a read would not wait (a line, or end of input),
   always writable (output does not wait). */
struct poll_table;
uint32_t tty_poll(struct tty *t, struct poll_table *pt);

#endif
