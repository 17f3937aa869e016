/*
 * kernel/proc/exec_script.c: "#!" scripts (Linux's binfmt_script).
 *
 * A file that starts with "#!" names its interpreter on that line, and
 * optionally one argument: "#!/bin/sh" or "#!/bin/sh -e".  execve then runs
 * the interpreter with argv [interpreter, (argument,) script path, the
 * original argv[1..]], as Linux does: everything after the interpreter,
 * blanks trimmed, is the one argument (a '\r' stays), and a line longer
 * than the 256 bytes Linux reads is cut there, unless the cut is inside
 * the interpreter's name (ENOEXEC).
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/exec.h"

static bool blank(char c) { return c == ' ' || c == '\t'; }

/* The first non-blank in [p, end), or NULL. */
static const char *skip_blanks(const char *p, const char *end)
{
    for (; p < end; p++)
        if (!blank(*p))
            return p;
    return NULL;
}

/* The first blank or NUL in [p, end), or NULL. */
static const char *find_terminator(const char *p, const char *end)
{
    for (; p < end; p++)
        if (blank(*p) || *p == '\0')
            return p;
    return NULL;
}

int exec_script_parse(const char *head, uint64_t len, struct script_line *out)
{
    if (len < 2 || head[0] != '#' || head[1] != '!')
        return -ENOEXEC;
    /* Linux reads the file's first 256 bytes into a zeroed buffer and sees
       only those: the last one is never part of the line. */
    memset(out, 0, sizeof *out);
    memcpy(out->text, head, len < sizeof out->text ? len : sizeof out->text);
    char *buf = out->text;
    const char *buf_end = buf + sizeof out->text - 1;
    const char *end = NULL;
    for (const char *p = buf; p <= buf_end && !end; p++)
        if (*p == '\n')
            end = p;
    if (!end) {
        /* No newline: the line is cut at the buffer's end, unless the
           interpreter's name itself may be cut (no blank or NUL after it). */
        const char *name = skip_blanks(buf + 2, buf_end);
        if (!name || !find_terminator(name, buf_end))
            return -ENOEXEC;
        end = buf_end;
    }
    while (end > buf + 2 && blank(end[-1]))
        end--; /* only blanks are trimmed: a '\r' stays in the argument */
    const char *name = skip_blanks(buf + 2, end);
    if (!name || name == end)
        return -ENOEXEC; /* "#!" and nothing: no interpreter */
    const char *sep = find_terminator(name, end);
    const char *arg = sep && *sep ? skip_blanks(sep, end) : NULL;
    buf[end - buf] = '\0';
    if (sep)
        buf[sep - buf] = '\0';
    out->interpreter = name;
    out->argument = arg && *arg ? arg : NULL;
    return 0;
}
