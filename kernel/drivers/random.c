/* kernel/drivers/random.c: random bytes from RDRAND and the TSC. */
#include "kernel/drivers/random.h"
#include <stdbool.h>
#include <stdint.h>
#include "kernel/hw/io.h"
#include "kernel/lib/string.h"

#define CPUID_1_ECX_RDRAND (1u << 30) /* SDM vol. 2A, CPUID leaf 1 */
#define RDRAND_RETRIES     10         /* SDM vol. 1, 7.3.17.1 recommends 10 */

static uint64_t state;

static bool has_rdrand(void)
{
    static int known = -1;
    if (known < 0) {
        uint32_t a = 1, b, c = 0, d;
        __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
        known = (c & CPUID_1_ECX_RDRAND) != 0;
    }
    return known;
}

static uint64_t rdrand64(void)
{
    for (int i = 0; i < RDRAND_RETRIES; i++) {
        uint64_t v;
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
        if (ok)
            return v;
    }
    return 0;
}

/* splitmix64 (Steele, Lea, Flood 2014): a good mixer for a counter state. */
static uint64_t splitmix64(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void random_bytes(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n) {
        state ^= rdtsc();
        uint64_t v = splitmix64() ^ (has_rdrand() ? rdrand64() : 0);
        size_t k = n < 8 ? n : 8;
        memcpy(p, &v, k);
        p += k;
        n -= k;
    }
}
