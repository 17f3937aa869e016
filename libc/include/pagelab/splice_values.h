/*
 * pagelab/splice_values.h: the flags of splice(2), tee(2) and vmsplice(2)
 * (Linux include/linux/splice.h), shared by the kernel and our libc.
 */
#ifndef PAGELAB_UAPI_SPLICE_VALUES_H
#define PAGELAB_UAPI_SPLICE_VALUES_H

#define SPLICE_F_MOVE     0x01 /* a hint to move pages instead of copying (no effect, as on Linux) */
#define SPLICE_F_NONBLOCK 0x02 /* do not wait on the pipe */
#define SPLICE_F_MORE     0x04 /* more data will follow (a hint for sockets) */
#define SPLICE_F_GIFT     0x08 /* vmsplice: the pages are given to the kernel */
#define SPLICE_F_ALL      (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT)

#endif
