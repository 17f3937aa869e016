/*
 * kernel/hw/io.h: x86 port I/O and the interrupt flag.
 *
 * The interrupt flag is how pagelab protects data shared with interrupt
 * handlers on its one CPU: irq_save() ... irq_restore() brackets a critical
 * section, whatever the caller's state was.
 */
#ifndef PAGELAB_HW_IO_H
#define PAGELAB_HW_IO_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/hw/cpu.h"

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outw(uint16_t port, uint16_t v)
{
    __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint16_t inw(uint16_t port)
{
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
static inline uint32_t inl(uint16_t port)
{
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline void cpu_relax(void) { __asm__ volatile("pause"); }
static inline void cpu_halt(void) { __asm__ volatile("hlt"); }
static inline void irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }

/* Saves RFLAGS and disables interrupts; pair with irq_restore().  The host
   unit tests (tests/host) run kernel code as a user program, where cli
   would fault and no interrupt can arrive: there it only saves RFLAGS. */
static inline uint64_t irq_save(void)
{
    uint64_t flags;
#ifdef PAGELAB_HOST_TEST
    __asm__ volatile("pushfq; popq %0" : "=r"(flags)::"memory");
#else
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags)::"memory");
#endif
    return flags;
}

/* Are interrupts on?  (Off in interrupt handlers and under spinlocks.) */
static inline bool irqs_enabled(void)
{
    uint64_t flags;
    __asm__ volatile("pushfq; popq %0" : "=r"(flags));
    return flags & RFLAGS_IF;
}

static inline void irq_restore(uint64_t flags)
{
    __asm__ volatile("pushq %0; popfq" ::"r"(flags) : "memory", "cc");
}

#endif
