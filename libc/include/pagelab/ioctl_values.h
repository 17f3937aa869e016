/*
 * pagelab/ioctl_values.h: Linux's terminal and generic ioctl numbers
 * (include/uapi/asm-generic/ioctls.h), shared by the kernel (its terminals
 * and pipes) and our libc (<sys/ioctl.h>).
 */
#ifndef PAGELAB_IOCTL_VALUES_H
#define PAGELAB_IOCTL_VALUES_H

#define TCGETS      0x5401
#define TCSETS      0x5402
#define TCSETSW     0x5403
#define TCSETSF     0x5404
#define TIOCSCTTY   0x540E
#define TIOCGPGRP   0x540F
#define TIOCSPGRP   0x5410
#define TIOCGWINSZ  0x5413
#define TIOCSWINSZ  0x5414
#define FIONREAD    0x541B   /* bytes ready to read */
#define FIONBIO     0x5421   /* set or clear O_NONBLOCK */
#define FIOCLEX     0x5451   /* set close-on-exec */
#define FIONCLEX    0x5450   /* clear close-on-exec */

#endif
