/* free [-m]: memory use from /proc/meminfo (Linux's format), in KiB or MiB. */
#include <stdio.h>
#include <stddef.h>
#include <string.h>

struct meminfo {
    long total, free, available, buffers, cached, shmem, swap_total, swap_free;
};

static int read_meminfo(struct meminfo *m)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return -1;
    char line[256];
    m->available = -1;
    while (fgets(line, sizeof(line), f)) {
        static const struct { const char *key; size_t off; } keys[] = {
            { "MemTotal:", offsetof(struct meminfo, total) },
            { "MemFree:", offsetof(struct meminfo, free) },
            { "MemAvailable:", offsetof(struct meminfo, available) },
            { "Buffers:", offsetof(struct meminfo, buffers) },
            { "Cached:", offsetof(struct meminfo, cached) },
            { "Shmem:", offsetof(struct meminfo, shmem) },
            { "SwapTotal:", offsetof(struct meminfo, swap_total) },
            { "SwapFree:", offsetof(struct meminfo, swap_free) },
        };
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            size_t klen = strlen(keys[i].key);
            if (!strncmp(line, keys[i].key, klen)) {
                long v = 0;
                for (char *p = line + klen; *p; p++)
                    if (*p >= '0' && *p <= '9')
                        v = v * 10 + (*p - '0');
                    else if (v)
                        break;
                *(long *)((char *)m + keys[i].off) = v;
            }
        }
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    struct meminfo m = { 0 };
    int mib = argc > 1 && !strcmp(argv[1], "-m");
    if (read_meminfo(&m) < 0) {
        perror("free: /proc/meminfo");
        return 1;
    }
    long div = mib ? 1024 : 1;
    long cache = m.buffers + m.cached;
    long used = m.total - m.free - cache;
    if (m.available < 0)
        m.available = m.free + cache;
    printf("%-7s %12s %12s %12s %12s %12s %12s\n", "", "total", "used", "free", "shared",
           "buff/cache", "available");
    printf("%-7s %12ld %12ld %12ld %12ld %12ld %12ld\n", "Mem:", m.total / div, used / div,
           m.free / div, m.shmem / div, cache / div, m.available / div);
    printf("%-7s %12ld %12ld %12ld\n", "Swap:", m.swap_total / div,
           (m.swap_total - m.swap_free) / div, m.swap_free / div);
    return 0;
}
