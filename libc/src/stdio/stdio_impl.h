/* stdio_impl.h: the FILE structure and the formatter's output sink. */
#ifndef LIBC_STDIO_IMPL_H
#define LIBC_STDIO_IMPL_H
#include <stdio.h>
#include <stdarg.h>

#define F_READ 1       /* opened for reading */
#define F_WRITE 2      /* opened for writing */
#define F_EOF 4
#define F_ERR 8
#define F_OWNBUF 16    /* buf was malloc'd by us */
#define F_MODE_SET 32  /* buffering mode decided (by setvbuf or first use) */
#define F_APPEND 64

struct pl_file {
    int fd;
    int flags;
    int mode;            /* _IOFBF, _IOLBF or _IONBF */
    char *buf;
    size_t size;
    size_t rpos, rlen;   /* unread bytes are buf[rpos..rlen) */
    size_t wlen;         /* bytes waiting to be written: buf[0..wlen) */
    int ungot;           /* a byte pushed back by ungetc, or EOF */
    struct pl_file *next;   /* every stream, for exit()'s flush */
};

/* Where formatted output goes: a stream or a bounded buffer. */
struct sink {
    FILE *file;          /* NULL: a string */
    char *str;
    size_t cap;          /* bytes str may hold, the NUL included */
    size_t count;        /* bytes produced so far (even past cap) */
};

void __sink_put(struct sink *s, const char *p, size_t n);
int __vformat(struct sink *s, const char *fmt, va_list ap);
/* Formats a double for %f %e %g (conv is one of "fFeEgG"); returns length. */
int __format_double(char *out, size_t cap, double x, int conv, int precision, int alt);

FILE *__file_new(int fd, int flags);
int __file_write_out(FILE *f);   /* flushes pending output: 0 or EOF */

#endif
