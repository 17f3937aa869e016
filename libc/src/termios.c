/* termios.c: terminal modes and the kernel log call (termios.h, sys/klog.h).
 * Linux's TCGETS/TCSETS take the kernel's struct termios, which is the
 * start of ours (the same fields, 19 control characters), as musl does. */
#include <termios.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <errno.h>
#include "libc_internal.h"

int tcgetattr(int fd, struct termios *t) { return ioctl(fd, TCGETS, t); }

int tcsetattr(int fd, int action, const struct termios *t)
{
    if (action < TCSANOW || action > TCSAFLUSH) {
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, TCSETS + action, (void *)t);
}

/* As glibc and musl define it: no input processing, no echo, 8-bit bytes. */
void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

int klogctl(int type, char *buf, int len) { return __syscall_ret(__sys3(SYS_syslog, type, buf, len)); }
