/*
 * kernel/lib/cpufeature.h: what the CPU can do (CPUID), and switching on the
 * protections pagelab uses: NX (EFER.NXE), global pages (CR4.PGE), SMEP and
 * SMAP (CR4 bits 20 and 21: the kernel may neither run nor, outside
 * STAC/CLAC, touch user pages).
 */
#ifndef PAGELAB_LIB_CPUFEATURE_H
#define PAGELAB_LIB_CPUFEATURE_H

#include <stdbool.h>

enum cpu_feature {
    CPU_NX,       /* no-execute page bit */
    CPU_PGE,      /* global pages */
    CPU_PAGE_1GB, /* 1 GiB pages */
    CPU_SMEP,     /* supervisor-mode execution prevention */
    CPU_SMAP,     /* supervisor-mode access prevention */
    CPU_FXSR,     /* FXSAVE/FXRSTOR */
    CPU_XSAVE,
    CPU_INVARIANT_TSC, /* TSC rate constant in all power states */
    CPU_FEATURE_COUNT
};

/* Reads CPUID once; safe to call again. */
void cpu_features_detect(void);
bool cpu_has(enum cpu_feature f);

/* Detects, then switches on NX, PGE, SMEP and SMAP where present, and prints
   one line naming the features found and the ones switched on. */
void cpu_features_enable(void);

#endif
