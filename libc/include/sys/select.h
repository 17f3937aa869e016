/* sys/select.h (POSIX): select and pselect over fd_set bit arrays of
   FD_SETSIZE (1024) bits, as Linux lays them out. */
#ifndef _SYS_SELECT_H
#define _SYS_SELECT_H
#include <signal.h>
#include <sys/time.h>
#include <sys/types.h>

#include <pagelab/poll_values.h>

#define __NFDBITS (8 * (int)sizeof(unsigned long))

typedef struct {
    unsigned long fds_bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define FD_ZERO(s)                                                               \
    do {                                                                         \
        for (size_t __i = 0; __i < sizeof((s)->fds_bits) / sizeof(long); __i++) \
            (s)->fds_bits[__i] = 0;                                              \
    } while (0)
#define FD_SET(fd, s)   ((s)->fds_bits[(fd) / __NFDBITS] |= 1ul << ((fd) % __NFDBITS))
#define FD_CLR(fd, s)   ((s)->fds_bits[(fd) / __NFDBITS] &= ~(1ul << ((fd) % __NFDBITS)))
#define FD_ISSET(fd, s) (((s)->fds_bits[(fd) / __NFDBITS] >> ((fd) % __NFDBITS)) & 1)

int select(int n, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex,
           struct timeval *restrict timeout);
int pselect(int n, fd_set *restrict rd, fd_set *restrict wr, fd_set *restrict ex,
            const struct timespec *restrict timeout, const sigset_t *restrict mask);

#endif
