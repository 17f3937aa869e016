/* kernel/lib/cmdline.c: kernel command line lookup.  Pure C, host-tested. */
#include "kernel/lib/cmdline.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"

#define CMDLINE_MAX 512

static char boot_cmdline[CMDLINE_MAX];

bool cmdline_get(const char *cmdline, const char *key, char *buf, size_t size)
{
    size_t klen = strlen(key);
    const char *p = cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        size_t wlen = p - word;
        if (wlen >= klen && strncmp(word, key, klen) == 0 && (wlen == klen || word[klen] == '=')) {
            const char *val = wlen == klen ? word + klen : word + klen + 1;
            size_t vlen = word + wlen - val;
            if (size) {
                size_t n = vlen < size - 1 ? vlen : size - 1;
                memcpy(buf, val, n);
                buf[n] = '\0';
            }
            return true;
        }
    }
    return false;
}

bool cmdline_has(const char *cmdline, const char *key)
{
    return cmdline_get(cmdline, key, NULL, 0);
}

void cmdline_init(const char *cmdline)
{
    size_t n = strlen(cmdline);
    if (n >= CMDLINE_MAX)
        n = CMDLINE_MAX - 1;
    memcpy(boot_cmdline, cmdline, n);
    boot_cmdline[n] = '\0';
}

const char *kernel_cmdline(void) { return boot_cmdline; }

/* /proc/cmdline: the line and a newline, as on Linux. */
static long show_cmdline(void *arg, char *buf, size_t size)
{
    size_t n = strlen(boot_cmdline);
    if (n + 1 >= size)
        return -EFBIG;
    memcpy(buf, boot_cmdline, n);
    buf[n++] = '\n';
    buf[n] = '\0';
    return (long)n;
}

PROC_FILE(cmdline, "cmdline", show_cmdline, NULL);
