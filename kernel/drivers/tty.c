/* kernel/drivers/tty.c: serial terminals with a line discipline (see tty.h). */
#include "kernel/drivers/tty.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/pic.h"
#include "kernel/drivers/serial.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/poll.h"
#include "kernel/lib/wait.h"

/* ioctl numbers (Linux include/uapi/asm-generic/ioctls.h) and termios bits (termbits.h). */
#include "libc/include/pagelab/ioctl_values.h"
#define ISIG   0000001
#define ICANON 0000002
#define ECHO   0000010
#define ECHOE  0000020
#define ECHOK  0000040
#define ICRNL  0000400
#define OPOST  0000001
#define ONLCR  0000004
#define VINTR  0
#define VERASE 2
#define VKILL  3
#define VEOF   4
#define VMIN   6
#define VSUSP  10
#define NCCS   19
#define B38400 0000017
#define CS8    0000060
#define CREAD  0000200

#define CTRL(c)   ((c)&0x1f)
#define SIGINT    2 /* Linux's signal numbers */
#define SIGTSTP   20
/* console=raw (tools/run-in-vm): the host's standard input arrives as a byte
   stream that tools/run-in-vm ends with RUN_EOF; it quotes a literal RUN_EOF
   or RUN_QUOTE byte with RUN_QUOTE (a Unix tty's VEOF and VLNEXT keys). */
#define RUN_EOF   CTRL('d')
#define RUN_QUOTE CTRL('v')
#define DEL       0x7f
#define COM1_IRQ  4 /* ISA IRQ of COM1 (and COM3) */
#define UART_IER  1
#define IER_RX    0x01 /* PC16550D: received data available interrupt */
#define TTY_BUF   1024
#define TTY_COLS  80
#define TTY_ROWS  24

struct termios_linux {
    uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
    uint8_t c_line;
    uint8_t c_cc[NCCS];
};

struct winsize_linux {
    uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};

struct tty {
    unsigned port;
    struct termios_linux termios;
    /* Input ring (interrupt handler -> readers). `line_end` counts bytes a
       canonical reader may take (complete lines); `edit` is the line being typed. */
    uint8_t in[TTY_BUF];
    unsigned head, tail; /* ring: bytes in [tail, head) */
    unsigned ready;      /* bytes of complete lines (canonical) at the tail */
    bool eof;            /* ^D on an empty line */
    bool input_ended;    /* console=raw: the host's input ended (RUN_EOF) */
    bool quote_next;     /* console=raw: the last byte was RUN_QUOTE */
    bool throttled;      /* ring full: the UART keeps the next byte */
    struct waitqueue readers;
    int fg_pgrp; /* foreground process group; 0 = none yet */
};

static bool console_raw;
static const struct tty_job_control *job_control;
static struct tty console = { .port = COM1_PORT, .readers = WAITQUEUE_INIT(console.readers) };
static struct tty aux = { .port = COM2_PORT, .readers = WAITQUEUE_INIT(aux.readers) };

static unsigned ring_count(const struct tty *t) { return t->head - t->tail; }

/* Program output and echo on the console: "\n" -> "\r\n" unless raw,
   never in the middle of a kernel message (the console lock). */
static void console_write(const char *s, size_t n)
{
    uint64_t flags = console_lock();
    if (console_raw)
        serial_write(COM1_PORT, s, n);
    else
        serial_write_crlf(COM1_PORT, s, n);
    console_unlock(flags);
}

static void echo(struct tty *t, const char *s, size_t n)
{
    if (!(t->termios.c_lflag & ECHO))
        return;
    if (t->port == COM1_PORT)
        console_write(s, n);
    else
        serial_write(t->port, s, n);
}

/* Removes the last typed byte of the line being edited; true if there was one. */
static bool erase_one(struct tty *t)
{
    if (ring_count(t) == t->ready)
        return false;
    t->head--;
    if (t->termios.c_lflag & ECHOE)
        echo(t, "\b \b", 3);
    return true;
}

/* console=raw: true when the byte was tools/run-in-vm's framing, not data. */
static bool run_framing_byte(struct tty *t, uint8_t c)
{
    if (t->quote_next) {
        t->quote_next = false;
        return false;
    }
    if (c == RUN_QUOTE) {
        t->quote_next = true;
        return true;
    }
    if (c == RUN_EOF) {
        t->input_ended = true;
        wake_up(&t->readers);
        return true;
    }
    return false;
}

static void input_byte(struct tty *t, uint8_t c)
{
    const struct termios_linux *tm = &t->termios;
    if (t == &console && console_raw && run_framing_byte(t, c))
        return;
    if ((tm->c_iflag & ICRNL) && c == '\r')
        c = '\n';
    if ((tm->c_lflag & ISIG) && c == tm->c_cc[VINTR]) {
        echo(t, "^C\n", 3);
        t->head = t->tail + t->ready; /* the typed line is discarded */
        if (t->fg_pgrp > 0 && job_control)
            job_control->signal_group(t->fg_pgrp, SIGINT);
        return;
    }
    /* The suspend key stops the foreground job (SIGTSTP); never data. */
    if ((tm->c_lflag & ISIG) && c == tm->c_cc[VSUSP]) {
        echo(t, "^Z\n", 3);
        t->head = t->tail + t->ready; /* the typed line is discarded */
        if (t->fg_pgrp > 0 && job_control)
            job_control->signal_group(t->fg_pgrp, SIGTSTP);
        return;
    }
    if (tm->c_lflag & ICANON) {
        if (c == tm->c_cc[VERASE] || c == '\b') {
            erase_one(t);
            return;
        }
        if (c == tm->c_cc[VKILL]) {
            while (erase_one(t))
                ;
            return;
        }
        if (c == tm->c_cc[VEOF]) {
            if (ring_count(t) == t->ready)
                t->eof = true;
            t->ready = ring_count(t);
            wake_up(&t->readers);
            return;
        }
    }
    if (ring_count(t) >= TTY_BUF - 1)
        return; /* full: drop, as a UART overrun would */
    t->in[t->head++ % TTY_BUF] = c;
    echo(t, (const char *)&c, 1);
    if (!(tm->c_lflag & ICANON) || c == '\n') {
        t->ready = ring_count(t);
        wake_up(&t->readers);
    }
}

/* Without ICANON (a program's binary input, run-in-vm's stdin) a full ring
   is not a reason to drop bytes: the receive interrupt is switched off and
   the byte waits in the UART, whose sender (QEMU) waits too, until a read
   makes room (tty_unthrottle).  A canonical line that long is cut instead. */
static bool console_must_wait(void)
{
    if ((console.termios.c_lflag & ICANON) || ring_count(&console) < TTY_BUF - 1)
        return false;
    console.throttled = true;
    outb(COM1_PORT + UART_IER, 0);
    return true;
}

static void console_irq(void *arg)
{
    int c;
    while (!console_must_wait() && (c = serial_getc(COM1_PORT)) >= 0)
        input_byte(&console, (uint8_t)c);
}

/* Interrupts off.  Re-arms the receive interrupt; the UART raises it at
   once if a byte is waiting. */
static void tty_unthrottle(struct tty *t)
{
    if (t == &console && t->throttled) {
        t->throttled = false;
        outb(COM1_PORT + UART_IER, IER_RX);
    }
}

struct tty *tty_of_device(unsigned major, unsigned minor)
{
    if (major == TTY_MAJOR && minor == TTYS_MINOR_BASE + 1)
        return &aux;
    if ((major == TTY_MAJOR && minor == TTYS_MINOR_BASE) || major == TTYAUX_MAJOR)
        return &console;
    return NULL;
}

void tty_set_job_control(const struct tty_job_control *ops) { job_control = ops; }

/* The caller's process group becomes the foreground one if there is none. */
static void claim_foreground(struct tty *t)
{
    if (!t->fg_pgrp && job_control)
        t->fg_pgrp = job_control->current_group();
}

long tty_read(struct tty *t, struct iobuf *buf, size_t n)
{
    if (t == &aux)
        return 0; /* COM2 is output only: the host reads the log */
    if (n == 0)
        return 0;
    claim_foreground(t);
    /* A background job reading its terminal is stopped (SIGTTIN), or
       fails with EIO if it ignores or blocks SIGTTIN (termios(3)). */
    if (t->fg_pgrp > 0 && job_control && job_control->background_read) {
        int r = job_control->background_read(t->fg_pgrp);
        if (r)
            return r;
    }
    int r = wait_event_interruptible(&t->readers, t->ready > 0 || t->eof || t->input_ended);
    if (r)
        return r;
    uint64_t flags = irq_save();
    if (t->ready == 0 && t->input_ended) {
        irq_restore(flags);
        return 0; /* every later read too, as at a pipe's end */
    }
    if (t->ready == 0 && t->eof) {
        t->eof = false;
        irq_restore(flags);
        return 0;
    }
    uint8_t chunk[TTY_BUF];
    size_t k = 0;
    bool canon = t->termios.c_lflag & ICANON;
    while (k < n && t->ready > 0) {
        uint8_t c = t->in[t->tail++ % TTY_BUF];
        t->ready--;
        chunk[k++] = c;
        if (canon && c == '\n')
            break; /* one line per read */
    }
    tty_unthrottle(t);
    irq_restore(flags);
    return iobuf_copy_out(buf, 0, chunk, k) ? -EFAULT : (long)k;
}

long tty_write(struct tty *t, struct iobuf *buf, size_t n)
{
    char chunk[256];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
        if (iobuf_copy_in(buf, done, chunk, k))
            return done ? (long)done : -EFAULT;
        if (t->port == COM1_PORT && (t->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR))
            console_write(chunk, k); /* "\n" -> "\r\n" unless console=raw */
        else {
            /* Under the console lock: a kernel message printed from an
               interrupt handler must not land inside the line (COM2 may
               carry both). */
            uint64_t flags = console_lock();
            serial_write(t->port, chunk, k);
            console_unlock(flags);
        }
        done += k;
    }
    return (long)done;
}

long tty_ioctl(struct tty *t, unsigned long cmd, unsigned long arg)
{
    switch (cmd) {
    case TCGETS:
        return copy_to_user((void *)arg, &t->termios, sizeof t->termios, MECH_SYSCALL_ARGS)
                   ? -EFAULT
                   : 0;
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
        struct termios_linux tm;
        if (copy_from_user(&tm, (void *)arg, sizeof tm, MECH_SYSCALL_ARGS))
            return -EFAULT;
        uint64_t flags = irq_save();
        if (cmd == TCSETSF)
            t->head = t->tail = t->ready = 0;
        t->termios = tm;
        if (!(tm.c_lflag & ICANON))
            t->ready = ring_count(t); /* everything typed is readable now */
        tty_unthrottle(t);            /* the new mode decides again */
        irq_restore(flags);
        wake_up(&t->readers);
        return 0;
    }
    case TIOCGWINSZ: {
        struct winsize_linux ws = { TTY_ROWS, TTY_COLS, 0, 0 };
        return copy_to_user((void *)arg, &ws, sizeof ws, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    }
    case TIOCSWINSZ:
        return 0;
    case TIOCSCTTY:
        if (job_control)
            t->fg_pgrp = job_control->current_group();
        return 0;
    case TIOCGPGRP: {
        int pg = t->fg_pgrp;
        return copy_to_user((void *)arg, &pg, sizeof pg, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    }
    case TIOCSPGRP: {
        int pg;
        if (copy_from_user(&pg, (void *)arg, sizeof pg, MECH_SYSCALL_ARGS))
            return -EFAULT;
        if (pg <= 0)
            return -EINVAL;
        t->fg_pgrp = pg;
        return 0;
    }
    case FIONREAD: {
        int avail = (int)t->ready;
        return copy_to_user((void *)arg, &avail, sizeof avail, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
    }
    default:
        return -ENOTTY;
    }
}

uint32_t tty_poll(struct tty *t, struct poll_table *pt)
{
    uint32_t mask = POLLOUT | POLLWRNORM;
    if (t == &aux)
        return mask | POLLIN | POLLRDNORM; /* reads return 0 at once */
    poll_wait(pt, &t->readers);
    uint64_t flags = irq_save();
    if (t->ready > 0 || t->eof || t->input_ended)
        mask |= POLLIN | POLLRDNORM;
    irq_restore(flags);
    return mask;
}

static void termios_defaults(struct termios_linux *tm, bool raw)
{
    memset(tm, 0, sizeof *tm);
    tm->c_iflag = raw ? 0 : ICRNL;
    tm->c_oflag = raw ? 0 : OPOST | ONLCR;
    tm->c_cflag = B38400 | CS8 | CREAD;
    tm->c_lflag = raw ? 0 : ISIG | ICANON | ECHO | ECHOE | ECHOK;
    tm->c_cc[VINTR] = CTRL('c');
    tm->c_cc[VERASE] = DEL;
    tm->c_cc[VKILL] = CTRL('u');
    tm->c_cc[VEOF] = CTRL('d');
    tm->c_cc[VMIN] = 1;
    tm->c_cc[VSUSP] = CTRL('z');
}

void tty_init(bool raw)
{
    console_raw = raw;
    termios_defaults(&console.termios, console_raw);
    termios_defaults(&aux.termios, true);
    irq_register(COM1_IRQ, console_irq, NULL);
    outb(COM1_PORT + UART_IER, IER_RX);
}
