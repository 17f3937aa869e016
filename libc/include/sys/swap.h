/* sys/swap.h: swapon(2) and swapoff(2), with Linux's flags (linux/swap.h). */
#ifndef _SYS_SWAP_H
#define _SYS_SWAP_H

#define SWAP_FLAG_PREFER        0x8000  /* use the priority in the low bits */
#define SWAP_FLAG_PRIO_MASK     0x7fff
#define SWAP_FLAG_PRIO_SHIFT    0
#define SWAP_FLAG_DISCARD       0x10000
#define SWAP_FLAG_DISCARD_ONCE  0x20000
#define SWAP_FLAG_DISCARD_PAGES 0x40000

int swapon(const char *path, int swapflags);
int swapoff(const char *path);

#endif
