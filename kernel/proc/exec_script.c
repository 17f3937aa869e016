/*
 * kernel/proc/exec_script.c: "#!" scripts (Linux's binfmt_script).
 *
 * A file that starts with "#!" names its interpreter on that line, and
 * optionally one argument: "#!/bin/sh" or "#!/bin/sh -e".  execve then runs
 * the interpreter with argv [interpreter, (argument,) script path, the
 * original argv[1..]], as Linux does: everything after the interpreter,
 * spaces trimmed, is the one argument.
 */
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/proc/exec.h"

static bool blank(char c) { return c == ' ' || c == '\t'; }

int exec_script_parse(const char *head, uint64_t len, struct script_line *out)
{
    if (len < 2 || head[0] != '#' || head[1] != '!')
        return -ENOEXEC;
    /* The line must end within the buffer, as Linux's 256-byte one. */
    uint64_t end = 2;
    while (end < len && end < sizeof out->text && head[end] != '\n')
        end++;
    if (end == len || end == sizeof out->text)
        return -ENOEXEC;
    uint64_t i = 2;
    while (i < end && blank(head[i]))
        i++;
    uint64_t interp = i;
    while (i < end && !blank(head[i]))
        i++;
    if (i == interp)
        return -ENOEXEC; /* "#!" and nothing: no interpreter */
    uint64_t interp_end = i;
    while (i < end && blank(head[i]))
        i++;
    uint64_t arg = i, arg_end = end;
    while (arg_end > arg && (blank(head[arg_end - 1]) || head[arg_end - 1] == '\r'))
        arg_end--;
    memset(out, 0, sizeof *out);
    memcpy(out->text, head + interp, interp_end - interp);
    out->interpreter = out->text;
    if (arg_end > arg) {
        char *a = out->text + (interp_end - interp) + 1;
        memcpy(a, head + arg, arg_end - arg);
        out->argument = a;
    }
    return 0;
}
