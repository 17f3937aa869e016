/* kernel/lib/cpufeature.c: CPUID feature detection and the CR4/EFER switches. */
#include "kernel/lib/cpufeature.h"
#include <stdint.h>
#include "kernel/hw/cpu.h"
#include "kernel/hw/msr.h"
#include "kernel/lib/printk.h"

/* Where each feature lives (Intel SDM vol. 2A, CPUID, tables 3-8 .. 3-11). */
struct cpuid_bit {
    uint32_t leaf;
    char reg; /* 'b', 'c' or 'd' */
    uint8_t bit;
    const char *name;
};

static const struct cpuid_bit feature_bits[CPU_FEATURE_COUNT] = {
    [CPU_NX] = { 0x80000001, 'd', 20, "nx" },
    [CPU_PGE] = { 0x00000001, 'd', 13, "pge" },
    [CPU_PAGE_1GB] = { 0x80000001, 'd', 26, "pdpe1gb" },
    [CPU_SMEP] = { 0x00000007, 'b', 7, "smep" },
    [CPU_SMAP] = { 0x00000007, 'b', 20, "smap" },
    [CPU_FXSR] = { 0x00000001, 'd', 24, "fxsr" },
    [CPU_XSAVE] = { 0x00000001, 'c', 26, "xsave" },
    [CPU_INVARIANT_TSC] = { 0x80000007, 'd', 8, "invariant_tsc" },
};

static bool detected;
static bool has[CPU_FEATURE_COUNT];

void cpu_features_detect(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    uint32_t max_basic = r[0];
    cpuid(0x80000000, 0, r);
    uint32_t max_ext = r[0];
    for (int f = 0; f < CPU_FEATURE_COUNT; f++) {
        const struct cpuid_bit *b = &feature_bits[f];
        uint32_t max = b->leaf >= 0x80000000 ? max_ext : max_basic;
        if (b->leaf > max)
            continue;
        cpuid(b->leaf, 0, r);
        uint32_t reg = b->reg == 'b' ? r[1] : b->reg == 'c' ? r[2] : r[3];
        has[f] = (reg >> b->bit) & 1;
    }
    detected = true;
}

bool cpu_has(enum cpu_feature f)
{
    if (!detected)
        cpu_features_detect();
    return f < CPU_FEATURE_COUNT && has[f];
}

void cpu_features_enable(void)
{
    cpu_features_detect();
    uint64_t cr4 = read_cr4();
    if (cpu_has(CPU_PGE))
        cr4 |= CR4_PGE;
    if (cpu_has(CPU_SMEP))
        cr4 |= CR4_SMEP;
    if (cpu_has(CPU_SMAP))
        cr4 |= CR4_SMAP;
    write_cr4(cr4);
    if (cpu_has(CPU_NX))
        wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);

    char found[128] = "", on[64] = "";
    int nf = 0, no = 0;
    for (int f = 0; f < CPU_FEATURE_COUNT; f++)
        if (has[f])
            nf += snprintf(found + nf, sizeof found - nf, " %s", feature_bits[f].name);
    if (cpu_has(CPU_NX))
        no += snprintf(on + no, sizeof on - no, " nx");
    if (cr4 & CR4_PGE)
        no += snprintf(on + no, sizeof on - no, " pge");
    if (cr4 & CR4_SMEP)
        no += snprintf(on + no, sizeof on - no, " smep");
    if (cr4 & CR4_SMAP)
        no += snprintf(on + no, sizeof on - no, " smap");
    pr_info("cpu: features:%s; switched on:%s\n", nf ? found : " none", no ? on : " none");
}
