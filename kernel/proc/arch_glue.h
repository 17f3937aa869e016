/*
 * kernel/proc/arch_glue.h: what proc/ uses from the arch layer: the GDT
 * selectors and TSS (gdt.h), the timer (clock.h), and the user-fault hook
 * (trap.h).
 */
#ifndef PAGELAB_PROC_ARCH_GLUE_H
#define PAGELAB_PROC_ARCH_GLUE_H

#include "kernel/arch/clock.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/trap.h"

#endif
