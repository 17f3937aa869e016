/*
 * kernel/syscall/strace.c: a traced process's system calls as strace(1)
 * prints them (strace.h), and pagelab_trace(2), which starts the tracing.
 */
#include "kernel/syscall/strace.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/signal.h"
#include "libc/include/pagelab/mman_values.h"
#include "libc/include/pagelab/trace.h"

#define PAGELAB_TRACE_CHILDREN 1    /* libc/include/pagelab/syscalls.h */
#define STR_SHOWN              64   /* bytes of a string argument shown */
#define BUF_SHOWN              32   /* bytes of a data buffer shown */
#define STRV_SHOWN             8    /* strings of an argv shown */
#define ERRNO_LIMIT            4096 /* results in [-4095, -1] are -errno */

struct flag_name {
    uint64_t bit;
    const char *name;
};

static const struct flag_name open_flags[] = {
    { O_CREAT, "O_CREAT" },         { O_EXCL, "O_EXCL" },
    { O_NOCTTY, "O_NOCTTY" },       { O_TRUNC, "O_TRUNC" },
    { O_APPEND, "O_APPEND" },       { O_NONBLOCK, "O_NONBLOCK" },
    { O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" },
    { O_CLOEXEC, "O_CLOEXEC" },     { 0, NULL },
};
static const struct flag_name prot_flags[] = {
    { PROT_READ, "PROT_READ" },
    { PROT_WRITE, "PROT_WRITE" },
    { PROT_EXEC, "PROT_EXEC" },
    { 0, NULL },
};
static const struct flag_name map_flags[] = {
    { MAP_FIXED, "MAP_FIXED" },
    { MAP_ANONYMOUS, "MAP_ANONYMOUS" },
    { MAP_GROWSDOWN, "MAP_GROWSDOWN" },
    { MAP_NORESERVE, "MAP_NORESERVE" },
    { MAP_POPULATE, "MAP_POPULATE" },
    { MAP_STACK, "MAP_STACK" },
    { MAP_HUGETLB, "MAP_HUGETLB" },
    { MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE" },
    { 0, NULL },
};

static void put(struct strace_call *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct strace_call *c, const char *fmt, ...)
{
    if (c->len >= sizeof c->line)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->line + c->len, sizeof c->line - c->len, fmt, ap);
    va_end(ap);
    c->len += n > 0 ? (size_t)n : 0;
    if (c->len > sizeof c->line - 1)
        c->len = sizeof c->line - 1;
}

/* Bits named by table, the rest in hex, joined by '|'; first is what an
   empty set prints as when zero_name is given. */
static void put_flags(struct strace_call *c, uint64_t v, const struct flag_name *table,
                      const char *zero_name)
{
    bool any = false;
    for (const struct flag_name *f = table; f->name; f++)
        if ((v & f->bit) == f->bit) {
            put(c, "%s%s", any ? "|" : "", f->name);
            v &= ~f->bit;
            any = true;
        }
    if (v || !any) {
        if (!any && !v && zero_name)
            put(c, "%s", zero_name);
        else
            put(c, "%s%#lx", any ? "|" : "", v);
    }
}

/* Bytes as a C string literal: "ab\n\0..." (a kernel copy first: user
   memory is never read in place). */
static void put_bytes(struct strace_call *c, uint64_t uaddr, size_t n, size_t shown,
                      bool stop_at_nul)
{
    char kbuf[STR_SHOWN];
    size_t k = n < shown ? n : shown;
    if (k > sizeof kbuf)
        k = sizeof kbuf;
    if (k && copy_from_user(kbuf, (const void *)uaddr, k, MECH_OTHER)) {
        put(c, "%#lx", uaddr);
        return;
    }
    put(c, "\"");
    size_t i;
    for (i = 0; i < k; i++) {
        unsigned char ch = (unsigned char)kbuf[i];
        if (stop_at_nul && ch == 0)
            break;
        if (ch == '\n')
            put(c, "\\n");
        else if (ch == '\t')
            put(c, "\\t");
        else if (ch == '"' || ch == '\\')
            put(c, "\\%c", ch);
        else if (ch < 0x20 || ch >= 0x7f)
            put(c, "\\%o", ch);
        else
            put(c, "%c", ch);
    }
    put(c, "\"%s", (i == k && k < n) ? "..." : "");
}

/* A NUL-terminated user string: read up to STR_SHOWN bytes of it. */
static void put_string(struct strace_call *c, uint64_t uaddr)
{
    char kbuf[STR_SHOWN + 1];
    long len = strncpy_from_user(kbuf, (const char *)uaddr, sizeof kbuf);
    if (len == -EFAULT) {
        put(c, "%#lx", uaddr);
        return;
    }
    put_bytes(c, uaddr, len < 0 ? STR_SHOWN + 1 : (size_t)len, STR_SHOWN, true);
}

static void put_strv(struct strace_call *c, uint64_t uvec)
{
    if (!uvec) {
        put(c, "NULL");
        return;
    }
    put(c, "[");
    for (int i = 0;; i++) {
        uint64_t p;
        if (copy_from_user(&p, (const void *)(uvec + 8 * (uint64_t)i), sizeof p, MECH_OTHER)) {
            put(c, "%s%#lx", i ? ", " : "", uvec + 8 * (uint64_t)i);
            break;
        }
        if (!p)
            break;
        if (i == STRV_SHOWN) {
            put(c, ", ...");
            break;
        }
        put(c, "%s", i ? ", " : "");
        put_string(c, p);
    }
    put(c, "]");
}

static void put_arg(struct strace_call *c, int i)
{
    uint64_t v = c->args[i];
    switch (c->desc->kinds[i]) {
    case SYSCALL_KIND_dirfd:
        if ((int)v == AT_FDCWD) {
            put(c, "AT_FDCWD");
            break;
        }
        /* fall through */
    case SYSCALL_KIND_fd:
    case SYSCALL_KIND_int:
    case SYSCALL_KIND_pid:
        put(c, "%d", (int)v);
        break;
    case SYSCALL_KIND_sig:
        put(c, "%s", (int)v > 0 ? signal_name((int)v) : "0");
        break;
    case SYSCALL_KIND_flags:
        put(c, "%#x", (unsigned)v);
        break;
    case SYSCALL_KIND_oflags: {
        int acc = (int)v & O_ACCMODE;
        put(c, "%s", acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR");
        if ((unsigned)v & ~(unsigned)O_ACCMODE) {
            put(c, "|");
            put_flags(c, (unsigned)v & ~(unsigned)O_ACCMODE, open_flags, NULL);
        }
        break;
    }
    case SYSCALL_KIND_prot:
        put_flags(c, (unsigned)v, prot_flags, "PROT_NONE");
        break;
    case SYSCALL_KIND_mflags: {
        unsigned type = (unsigned)v & MAP_TYPE;
        put(c, "%s",
            type == MAP_SHARED            ? "MAP_SHARED"
            : type == MAP_PRIVATE         ? "MAP_PRIVATE"
            : type == MAP_SHARED_VALIDATE ? "MAP_SHARED_VALIDATE"
                                          : "0");
        if ((unsigned)v & ~(unsigned)MAP_TYPE) {
            put(c, "|");
            put_flags(c, (unsigned)v & ~(unsigned)MAP_TYPE, map_flags, NULL);
        }
        break;
    }
    case SYSCALL_KIND_uint:
        put(c, "%u", (unsigned)v);
        break;
    case SYSCALL_KIND_mode:
        put(c, (unsigned)v ? "0%o" : "%o", (unsigned)v);
        break;
    case SYSCALL_KIND_long:
    case SYSCALL_KIND_off:
        put(c, "%ld", (int64_t)v);
        break;
    case SYSCALL_KIND_size:
    case SYSCALL_KIND_ulong:
        put(c, "%lu", v);
        break;
    case SYSCALL_KIND_hex:
        put(c, "%#lx", v);
        break;
    case SYSCALL_KIND_ptr:
    case SYSCALL_KIND_buf_out:
        if (v)
            put(c, "%#lx", v);
        else
            put(c, "NULL");
        break;
    case SYSCALL_KIND_str:
        put_string(c, v);
        break;
    case SYSCALL_KIND_strv:
        put_strv(c, v);
        break;
    case SYSCALL_KIND_buf_in:
        put_bytes(c, v, i + 1 < c->desc->nargs ? c->args[i + 1] : BUF_SHOWN, BUF_SHOWN, false);
        break;
    }
}

/* open's mode means something only with O_CREAT: strace leaves it out
   otherwise, and so do we. */
static bool unused_mode(const struct strace_call *c, int i)
{
    return c->desc->kinds[i] == SYSCALL_KIND_mode && i > 0 &&
           c->desc->kinds[i - 1] == SYSCALL_KIND_oflags && !(c->args[i - 1] & O_CREAT);
}

/* Appends arguments [from, to), each but the very first after ", ". */
static void put_args(struct strace_call *c, int from, int to)
{
    for (int i = from; i < to; i++) {
        if (unused_mode(c, i))
            continue;
        if (i)
            put(c, ", ");
        put_arg(c, i);
    }
}

static void write_line(struct strace_call *c)
{
    struct file *f = current->trace_file;
    /* pagelab_trace(-1) stops tracing during the very call being traced:
       its line has nowhere to go (found by sysfuzz: a NULL file was written) */
    if (!f)
        return;
    struct iobuf b = { c->line, false, MECH_TRACE, NULL, 0 };
    vfs_write(f, &b, c->len);
}

static bool never_returns(const struct syscall_desc *d)
{
    return d && (strcmp(d->name, "exit") == 0 || strcmp(d->name, "exit_group") == 0);
}

void strace_enter(struct strace_call *c, uint64_t nr, const struct syscall_desc *d,
                  const uint64_t *args)
{
    c->desc = d;
    c->len = 0;
    c->out_arg = -1;
    memcpy(c->args, args, sizeof c->args);
    if (current->trace_children)
        put(c, "[pid %d] ", current->pid);
    if (!d) {
        const char *name = syscall_name(nr);
        if (name)
            put(c, "%s(%#lx, %#lx, %#lx", name, args[0], args[1], args[2]);
        else
            put(c, "syscall_%lu(%#lx, %#lx, %#lx", nr, args[0], args[1], args[2]);
        return;
    }
    for (int i = 0; i < d->nargs; i++)
        if (d->kinds[i] == SYSCALL_KIND_buf_out)
            c->out_arg = i;
    put(c, "%s(", d->name);
    /* A buffer the call fills, and what follows it, wait for the result. */
    put_args(c, 0, c->out_arg >= 0 ? c->out_arg : d->nargs);
    if (never_returns(d)) {
        put(c, ") = ?\n");
        write_line(c);
    }
}

void strace_exit(struct strace_call *c, long result)
{
    if (never_returns(c->desc))
        return;
    if (c->out_arg >= 0) {
        put(c, c->out_arg ? ", " : "");
        if (result >= 0)
            put_bytes(c, c->args[c->out_arg], (size_t)result, BUF_SHOWN, false);
        else
            put_arg(c, c->out_arg);
        put_args(c, c->out_arg + 1, c->desc->nargs);
    }
    if (result < 0 && result > -ERRNO_LIMIT) {
        const char *name = -result < ERRNO_NAMES_MAX ? errno_names[-result] : NULL;
        if (name)
            put(c, ") = -1 %s\n", name);
        else
            put(c, ") = -1 (errno %ld)\n", -result);
    } else if (c->desc &&
               (strcmp(c->desc->name, "mmap") == 0 || strcmp(c->desc->name, "brk") == 0)) {
        put(c, ") = %#lx\n", (uint64_t)result);
    } else {
        put(c, ") = %ld\n", result);
    }
    write_line(c);
}

/* Files that take a stream of text lines: a regular file, a terminal or
   other character device, a pipe or a socket.  Not an eventfd, timerfd or
   epoll file (anonymous inodes, no type): an eventfd reads the line as a
   number and blocks the traced process in every later call (found by
   sysfuzz: workers stalled in eventfd_write below strace_exit). */
static bool takes_text_lines(const struct file *f)
{
    uint32_t mode = f->inode->mode;
    return S_ISREG(mode) || S_ISCHR(mode) || S_ISFIFO(mode) || S_ISSOCK(mode);
}

/* pagelab_trace(2): trace the caller's later syscalls to fd (-1: stop);
   PAGELAB_TRACE_CHILDREN follows its children too.  EBADF for a descriptor
   not open for writing, EINVAL for a file that does not take text. */
long sys_pagelab_trace(int fd, int flags)
{
    if (flags & ~PAGELAB_TRACE_CHILDREN)
        return -EINVAL;
    struct file *f = NULL;
    if (fd != -1) {
        f = fd_file(current->files, fd);
        if (!f)
            return -EBADF;
        long refused = vfs_write_refused(f);
        if (!refused && !takes_text_lines(f))
            refused = -EINVAL;
        if (refused)
            return refused;
        file_get(f);
    }
    if (current->trace_file)
        file_put(current->trace_file);
    current->trace_file = f;
    current->trace_children = f && (flags & PAGELAB_TRACE_CHILDREN);
    return 0;
}
