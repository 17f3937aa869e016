/*
 * dmesg: prints or controls the kernel log, as util-linux's dmesg does
 * through syslog(2) (klogctl):
 *
 *   dmesg              every line: "[seconds.micro] message"
 *   -r, --raw          as the kernel gives it: "<level>[seconds.micro] message"
 *   -t, --notime       without the time
 *   -l, --level LIST   only these levels (emerg,alert,crit,err,warn,notice,info,debug)
 *   -c, --read-clear   print, then clear the log;  -C, --clear  clear only
 *   -n, --console-level LEVEL  the console shows levels below LEVEL (1-8 or a name)
 *   -D, --console-off / -E, --console-on
 *   -s, --buffer-size N, -k, --kernel, -S, --syslog: accepted (there is
 *   only the kernel's log, read through syslog(2))
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>

static const char *const level_names[] = { "emerg", "alert", "crit", "err",
                                           "warn", "notice", "info", "debug" };

/* A level number 0-7, or its name; -1 if it is neither. */
static int parse_level(const char *s)
{
    if (s[0] >= '0' && s[0] <= '7' && !s[1])
        return s[0] - '0';
    for (int i = 0; i < 8; i++)
        if (!strcmp(s, level_names[i]))
            return i;
    return -1;
}

static int usage(void)
{
    fprintf(stderr, "usage: dmesg [-r] [-t] [-l LEVELS] [-c | -C] [-n LEVEL] [-D | -E]\n");
    return 1;
}

static int fail(const char *what)
{
    fprintf(stderr, "dmesg: %s failed: %s\n", what, strerror(errno));
    return 1;
}

/* Prints one "<L>[time] text" line as the options ask. */
static void print_line(const char *line, size_t len, int raw, int notime, unsigned levels)
{
    int level = -1;
    const char *text = line;
    if (len > 2 && line[0] == '<' && line[2] == '>') {
        level = line[1] - '0';
        text = line + 3;
    }
    if (level >= 0 && !(levels & (1u << level)))
        return;
    if (raw) {
        fwrite(line, 1, len, stdout);
    } else {
        if (notime && text[0] == '[') {
            const char *end = memchr(text, ']', len - (size_t)(text - line));
            if (end)
                text = end + (end[1] == ' ' ? 2 : 1);
        }
        fwrite(text, 1, len - (size_t)(text - line), stdout);
    }
    putchar('\n');
}

static const char *long_name(const char *arg)
{
    static const char *const map[][2] = {
        { "--raw", "-r" },          { "--notime", "-t" },      { "--level", "-l" },
        { "--read-clear", "-c" },   { "--clear", "-C" },       { "--console-level", "-n" },
        { "--console-off", "-D" },  { "--console-on", "-E" },  { "--buffer-size", "-s" },
        { "--kernel", "-k" },       { "--syslog", "-S" },
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(arg, map[i][0]))
            return map[i][1];
    return arg;
}

int main(int argc, char **argv)
{
    int raw = 0, notime = 0, action = SYSLOG_ACTION_READ_ALL, console_level = 0;
    unsigned levels = 0xff;
    for (int i = 1; i < argc; i++) {
        const char *a = long_name(argv[i]);
        if (a[0] != '-' || !a[1] || a[2])
            return usage();
        const char *value = NULL;
        if (strchr("lns", a[1])) {
            if (++i == argc)
                return usage();
            value = argv[i];
        }
        switch (a[1]) {
        case 'r': raw = 1; break;
        case 't': notime = 1; break;
        case 'c': action = SYSLOG_ACTION_READ_CLEAR; break;
        case 'C': action = SYSLOG_ACTION_CLEAR; break;
        case 'D': action = SYSLOG_ACTION_CONSOLE_OFF; break;
        case 'E': action = SYSLOG_ACTION_CONSOLE_ON; break;
        case 'k': case 'S': case 's': break;
        case 'n':
            action = SYSLOG_ACTION_CONSOLE_LEVEL;
            /* A number is the level itself; a name means "that one and worse". */
            if (value[0] >= '1' && value[0] <= '8' && !value[1])
                console_level = value[0] - '0';
            else if (parse_level(value) >= 0)
                console_level = parse_level(value) + 1;
            else {
                fprintf(stderr, "dmesg: unknown level '%s'\n", value);
                return 1;
            }
            break;
        case 'l': {
            levels = 0;
            char *copy = strdup(value), *save;
            for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(0, ",", &save)) {
                int l = parse_level(w);
                if (l < 0) {
                    fprintf(stderr, "dmesg: unknown level '%s'\n", w);
                    return 1;
                }
                levels |= 1u << l;
            }
            free(copy);
            break;
        }
        default:
            return usage();
        }
    }
    if (action == SYSLOG_ACTION_CLEAR || action == SYSLOG_ACTION_CONSOLE_OFF ||
        action == SYSLOG_ACTION_CONSOLE_ON || action == SYSLOG_ACTION_CONSOLE_LEVEL) {
        if (klogctl(action, NULL, console_level) < 0)
            return fail("klogctl");
        return 0;
    }
    int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
    if (size < 0)
        return fail("klogctl");
    size *= 2; /* each line's "<6>[    1.234567] " makes the text longer than the ring */
    char *buf = malloc((size_t)size);
    if (!buf)
        return fail("malloc");
    int n = klogctl(action, buf, size);
    if (n < 0)
        return fail("read kernel buffer");
    for (char *p = buf; p < buf + n;) {
        char *nl = memchr(p, '\n', (size_t)(buf + n - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(buf + n - p);
        print_line(p, len, raw, notime, levels);
        p += len + 1;
    }
    free(buf);
    return 0;
}
