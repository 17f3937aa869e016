/*
 * file.c: buffered streams.  A stream is in reading or writing state at a
 * time; switching flushes pending output or gives back read-ahead (by
 * seeking the descriptor back).  Buffering is decided on first use: none
 * for stderr, line-buffered when the descriptor is a terminal, full otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include "stdio_impl.h"

static char stdin_buf[BUFSIZ], stdout_buf[BUFSIZ];
static struct pl_file stdin_file = { 0, F_READ, _IOFBF, stdin_buf, BUFSIZ, 0, 0, 0, EOF, 0 };
static struct pl_file stdout_file = { 1, F_WRITE, _IOFBF, stdout_buf, BUFSIZ, 0, 0, 0, EOF, &stdin_file };
static struct pl_file stderr_file = { 2, F_WRITE | F_MODE_SET, _IONBF, 0, 0, 0, 0, 0, EOF, &stdout_file };
FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;
static FILE *all_files = &stderr_file;

/* Gives f a buffer of its own; without memory it stays unbuffered. */
static void give_buffer(FILE *f)
{
    f->buf = malloc(BUFSIZ);
    if (f->buf) {
        f->size = BUFSIZ;
        f->flags |= F_OWNBUF;
    } else {
        f->mode = _IONBF;
    }
}

static void decide_mode(FILE *f)
{
    if (f->flags & F_MODE_SET)
        return;
    f->flags |= F_MODE_SET;
    if (f->fd == 2)
        f->mode = _IONBF;
    else if (isatty(f->fd))
        f->mode = _IOLBF;
    if (!f->buf && f->mode != _IONBF)
        give_buffer(f);
}

FILE *__file_new(int fd, int flags)
{
    FILE *f = calloc(1, sizeof(*f));
    if (!f)
        return 0;
    f->fd = fd;
    f->flags = flags;
    f->mode = _IOFBF;
    f->ungot = EOF;
    f->next = all_files;
    all_files = f;
    return f;
}

static int parse_mode(const char *mode, int *oflags)
{
    int plus = strchr(mode, '+') != 0, fl;
    switch (mode[0]) {
    case 'r': fl = plus ? O_RDWR : O_RDONLY; break;
    case 'w': fl = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC; break;
    case 'a': fl = (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND; break;
    default: errno = EINVAL; return -1;
    }
    if (strchr(mode, 'x'))
        fl |= O_EXCL;
    if (strchr(mode, 'e'))
        fl |= O_CLOEXEC;
    *oflags = fl;
    return 0;
}

static int stream_flags(int oflags)
{
    int acc = oflags & O_ACCMODE;
    int fl = acc == O_RDONLY ? F_READ : acc == O_WRONLY ? F_WRITE : F_READ | F_WRITE;
    if (oflags & O_APPEND)
        fl |= F_APPEND;
    return fl;
}

FILE *fopen(const char *path, const char *mode)
{
    int oflags;
    if (parse_mode(mode, &oflags) < 0)
        return 0;
    int fd = open(path, oflags, 0666);
    if (fd < 0)
        return 0;
    FILE *f = __file_new(fd, stream_flags(oflags));
    if (!f)
        close(fd);
    return f;
}

FILE *fdopen(int fd, const char *mode)
{
    int oflags;
    if (parse_mode(mode, &oflags) < 0)
        return 0;
    return __file_new(fd, stream_flags(oflags));
}

int __file_write_out(FILE *f)
{
    size_t done = 0;
    while (done < f->wlen) {
        ssize_t n = write(f->fd, f->buf + done, f->wlen - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            f->flags |= F_ERR;
            memmove(f->buf, f->buf + done, f->wlen - done);
            f->wlen -= done;
            return EOF;
        }
        done += (size_t)n;
    }
    f->wlen = 0;
    return 0;
}

/* Leaves reading state: read-ahead is given back to the descriptor.  On a
 * pipe or terminal it cannot be: fflush keeps it buffered (keep = 1), a
 * write needs the buffer and drops it (C requires an fseek or fflush
 * between reading and writing anyway). */
static void drop_read_ahead(FILE *f, int keep)
{
    size_t unread = f->rlen - f->rpos + (f->ungot != EOF);
    if (unread && lseek(f->fd, -(off_t)unread, SEEK_CUR) < 0 && keep)
        return;
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
}

int fflush(FILE *f)
{
    if (!f) {
        int r = 0;
        for (FILE *g = all_files; g; g = g->next)
            if (g->wlen && fflush(g))
                r = EOF;
        return r;
    }
    if (f->wlen)
        return __file_write_out(f);
    if (f->rlen > f->rpos || f->ungot != EOF)
        drop_read_ahead(f, 1);
    return 0;
}

void __stdio_flush_all(void) { fflush(0); }

int fclose(FILE *f)
{
    int r = fflush(f);
    if (close(f->fd) < 0)
        r = EOF;
    for (FILE **p = &all_files; *p; p = &(*p)->next) {
        if (*p == f) {
            *p = f->next;
            break;
        }
    }
    if (f->flags & F_OWNBUF)
        free(f->buf);
    if (f != stdin && f != stdout && f != stderr)
        free(f);
    return r;
}

FILE *freopen(const char *path, const char *mode, FILE *f)
{
    int oflags;
    fflush(f);
    if (parse_mode(mode, &oflags) < 0)
        return 0;
    int fd = open(path, oflags, 0666);
    if (fd < 0)
        return 0;
    if (fd != f->fd) {
        dup2(fd, f->fd);
        close(fd);
    }
    f->flags = (f->flags & (F_OWNBUF | F_MODE_SET)) | stream_flags(oflags);
    f->rpos = f->rlen = f->wlen = 0;
    f->ungot = EOF;
    return f;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
        errno = EINVAL;
        return -1;
    }
    fflush(f);
    if (buf && size) {
        if (f->flags & F_OWNBUF)
            free(f->buf);
        f->flags &= ~F_OWNBUF;
        f->buf = buf;
        f->size = size;
    }
    f->mode = mode;
    f->flags |= F_MODE_SET;
    if (!f->buf && mode != _IONBF)
        give_buffer(f);
    return 0;
}

void setbuf(FILE *f, char *buf) { setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ); }

/* Writing: unbuffered streams go straight out; others fill the buffer and
 * line-buffered ones flush after a newline. */
size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    size_t total = size * n;
    const char *src = p;
    if (!total)
        return 0;
    if (!(f->flags & F_WRITE)) {
        f->flags |= F_ERR;
        errno = EBADF;
        return 0;
    }
    decide_mode(f);
    if (f->rlen > f->rpos || f->ungot != EOF)
        drop_read_ahead(f, 0);
    if (f->mode == _IONBF || total >= f->size) {
        if (__file_write_out(f))
            return 0;
        f->wlen = 0;
        size_t done = 0;
        while (done < total) {
            ssize_t w = write(f->fd, src + done, total - done);
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                f->flags |= F_ERR;
                return done / size;
            }
            done += (size_t)w;
        }
        return n;
    }
    size_t done = 0;
    while (done < total) {
        size_t room = f->size - f->wlen, chunk = total - done < room ? total - done : room;
        memcpy(f->buf + f->wlen, src + done, chunk);
        f->wlen += chunk;
        done += chunk;
        if (f->wlen == f->size && __file_write_out(f))
            return done / size;
    }
    if (f->mode == _IOLBF && memchr(src, '\n', total) && __file_write_out(f))
        return 0;
    return n;
}

static int refill(FILE *f)
{
    if (!(f->flags & F_READ)) {
        f->flags |= F_ERR;
        errno = EBADF;
        return EOF;
    }
    decide_mode(f);
    if (f->wlen && __file_write_out(f))
        return EOF;
    /* Whoever reads a terminal wants to see the prompt first. */
    if (f == stdin && stdout->mode == _IOLBF && stdout->wlen)
        __file_write_out(stdout);
    char one;
    char *dst = f->buf ? f->buf : &one;
    size_t cap = f->buf ? f->size : 1;
    ssize_t n;
    do
        n = read(f->fd, dst, cap);
    while (n < 0 && errno == EINTR);
    if (n <= 0) {
        f->flags |= n == 0 ? F_EOF : F_ERR;
        return EOF;
    }
    if (!f->buf) {
        f->ungot = (unsigned char)one;
        return 0;
    }
    f->rpos = 0;
    f->rlen = (size_t)n;
    return 0;
}

int fgetc(FILE *f)
{
    if (f->ungot != EOF) {
        int c = f->ungot;
        f->ungot = EOF;
        return c;
    }
    if (f->rpos >= f->rlen && refill(f) == EOF)
        return EOF;
    if (f->ungot != EOF) {   /* unbuffered refill */
        int c = f->ungot;
        f->ungot = EOF;
        return c;
    }
    return (unsigned char)f->buf[f->rpos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
    if (c == EOF || f->ungot != EOF)
        return EOF;
    f->ungot = (unsigned char)c;
    f->flags &= ~F_EOF;
    return (unsigned char)c;
}

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
    size_t total = size * n, done = 0;
    char *dst = p;
    if (!total)
        return 0;
    if (f->ungot != EOF) {
        dst[done++] = (char)f->ungot;
        f->ungot = EOF;
    }
    while (done < total) {
        if (f->rpos < f->rlen) {
            size_t chunk = f->rlen - f->rpos;
            if (chunk > total - done)
                chunk = total - done;
            memcpy(dst + done, f->buf + f->rpos, chunk);
            f->rpos += chunk;
            done += chunk;
            continue;
        }
        if (refill(f) == EOF)
            break;
        if (f->ungot != EOF) {
            dst[done++] = (char)f->ungot;
            f->ungot = EOF;
        }
    }
    return done / size;
}

char *fgets(char *s, int size, FILE *f)
{
    int i = 0;
    if (size <= 0)
        return 0;
    while (i < size - 1) {
        int c = fgetc(f);
        if (c == EOF)
            break;
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    if (i == 0)
        return 0;
    s[i] = 0;
    return s;
}

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    size_t n = 0;
    if (!*line || !*cap) {
        *cap = 128;
        if (!(*line = realloc(*line, *cap)))
            return -1;
    }
    for (;;) {
        int c = fgetc(f);
        if (c == EOF) {
            if (n == 0)
                return -1;
            break;
        }
        if (n + 2 > *cap) {
            char *nl = realloc(*line, *cap * 2);
            if (!nl)
                return -1;
            *line = nl;
            *cap *= 2;
        }
        (*line)[n++] = (char)c;
        if (c == delim)
            break;
    }
    (*line)[n] = 0;
    return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f) { return getdelim(line, cap, '\n', f); }

int fputc(int c, FILE *f)
{
    unsigned char b = (unsigned char)c;
    return fwrite(&b, 1, 1, f) == 1 ? b : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);
    return fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s)
{
    return fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF ? EOF : 0;
}

int fseek(FILE *f, long off, int whence)
{
    if (f->wlen && __file_write_out(f))
        return -1;
    if (whence == SEEK_CUR)
        off -= (long)(f->rlen - f->rpos) + (f->ungot != EOF);
    f->rpos = f->rlen = 0;
    f->ungot = EOF;
    if (lseek(f->fd, off, whence) < 0)
        return -1;
    f->flags &= ~F_EOF;
    return 0;
}

long ftell(FILE *f)
{
    off_t pos = lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0)
        return -1;
    return (long)(pos - (off_t)(f->rlen - f->rpos) - (f->ungot != EOF) + (off_t)f->wlen);
}

void rewind(FILE *f)
{
    fseek(f, 0, SEEK_SET);
    f->flags &= ~F_ERR;
}

int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }
int fileno(FILE *f) { return f->fd; }

void perror(const char *s)
{
    const char *msg = strerror(errno);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, msg);
    else
        fprintf(stderr, "%s\n", msg);
}

int remove(const char *path)
{
    if (unlink(path) == 0)
        return 0;
    if (errno == EISDIR)
        return rmdir(path);
    return -1;
}
