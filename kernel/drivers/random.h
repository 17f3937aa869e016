/* kernel/drivers/random.h: random bytes for AT_RANDOM and getrandom(2). */
#ifndef PAGELAB_DRIVERS_RANDOM_H
#define PAGELAB_DRIVERS_RANDOM_H

#include <stddef.h>

/* Fills buf with n bytes from RDRAND when the CPU has it, mixed with the
   time-stamp counter; not cryptographically vetted. */
void random_bytes(void *buf, size_t n);

#endif
