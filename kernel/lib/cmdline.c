/* kernel/lib/cmdline.c: kernel command line lookup.  Pure C, host-tested. */
#include "kernel/lib/cmdline.h"
#include "kernel/lib/string.h"

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
        if (wlen >= klen && strncmp(word, key, klen) == 0 &&
            (wlen == klen || word[klen] == '=')) {
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
