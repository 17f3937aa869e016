/* limits.h: integer limits for x86-64 (C11 5.2.4.2.1) and POSIX limits. */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT 8
#define SCHAR_MIN (-128)
#define SCHAR_MAX 127
#define UCHAR_MAX 255
#define CHAR_MIN SCHAR_MIN
#define CHAR_MAX SCHAR_MAX
#define MB_LEN_MAX 4
#define SHRT_MIN (-32768)
#define SHRT_MAX 32767
#define USHRT_MAX 65535
#define INT_MIN (-2147483647-1)
#define INT_MAX 2147483647
#define UINT_MAX 4294967295U
#define LONG_MIN (-9223372036854775807L-1)
#define LONG_MAX 9223372036854775807L
#define ULONG_MAX 18446744073709551615UL
#define LLONG_MIN (-9223372036854775807LL-1)
#define LLONG_MAX 9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#define SSIZE_MAX LONG_MAX

/* Linux's limits (include/uapi/linux/limits.h). */
#define PATH_MAX 4096
#define NAME_MAX 255
#define SEM_VALUE_MAX 0x7fffffff /* POSIX: here and in semaphore.h */
#define SEM_NSEMS_MAX 256
#define PIPE_BUF 4096
#define ARG_MAX 131072
#define PAGESIZE 4096
#define PAGE_SIZE 4096

#endif
