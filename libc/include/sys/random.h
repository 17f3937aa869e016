/* sys/random.h: getrandom(2), Linux's flag values. */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H
#include <sys/types.h>

#define GRND_NONBLOCK 0x0001
#define GRND_RANDOM 0x0002

ssize_t getrandom(void *buf, size_t len, unsigned flags);

#endif
