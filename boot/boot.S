/*
 * boot/boot.S: the multiboot2 header and the 32-bit entry point.
 *
 * GRUB leaves us in 32-bit protected mode with paging off (multiboot2 spec,
 * section 3.3 "I386 machine state"): EAX holds the magic 0x36d76289 and EBX
 * the physical address of the boot information.  This file builds just
 * enough page tables to enter long mode and jump to the higher half:
 *
 *   virtual 0x0000000000000000 + [0, 1 GiB) -> physical [0, 1 GiB)  identity,
 *                                                  removed by paging_init()
 *   virtual KERNEL_VMA         + [0, 1 GiB) -> physical [0, 1 GiB)  the kernel image
 *   virtual PHYS_MAP_BASE      + [0, 1 GiB) -> physical [0, 1 GiB)  start of the
 *                                                  direct map, extended later
 *
 * Everything here is linked at its physical address (the .boot sections in
 * linker.ld); the rest of the kernel is linked in the higher half.
 */
#include "kernel/entry/multiboot.h"
#include "kernel/hw/cpu.h"
#include "kernel/hw/layout.h"
#include "kernel/hw/msr.h"
#include "kernel/hw/pte.h"

    .section .multiboot, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    /* end tag (type 0, size 8) */
    .balign 8
    .short 0
    .short 0
    .long 8
mb2_header_end:

    .section .boot.bss, "aw", @nobits
    .balign 4096
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
boot_stack32:   .skip 4096
boot_stack32_top:

    .section .boot.data, "aw"
    .balign 16
boot_gdt:
    .quad 0
    .quad 0x00209a0000000000    /* 0x08: 64-bit code, ring 0 */
    .quad 0x0000920000000000    /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long boot_gdt
boot_magic: .long 0
boot_info:  .long 0

no_long_mode_msg: .asciz "pagelab: this CPU has no long mode (x86-64); cannot boot\n"

    .section .boot.text, "ax"
    .code32
    .globl _start
_start:
    cli
    mov $boot_stack32_top, %esp
    mov %eax, boot_magic
    mov %ebx, boot_info

    /* CPUID 0x80000001 EDX bit 29 = long mode (Intel SDM vol. 2A, CPUID). */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode

    /* One page directory of 2 MiB pages maps physical [0, 1 GiB). */
    mov $boot_pd, %edi
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PTE_PRESENT | PTE_WRITE | PTE_HUGE), %eax
    mov %eax, (%edi, %ecx, 8)
    movl $0, 4(%edi, %ecx, 8)
    inc %ecx
    cmp $512, %ecx
    jb 1b

    /* Both PDPTs point at that directory. */
    mov $boot_pd, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    mov %eax, boot_pdpt_low                         /* PDPT[0]: VA 0 */
    mov %eax, boot_pdpt_high + 8 * 510              /* PDPT[510]: 0xffffffff80000000 */

    mov $boot_pdpt_low, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    mov %eax, boot_pml4                             /* PML4[0]: identity */
    mov %eax, boot_pml4 + 8 * PML4_INDEX_PHYS_MAP   /* PML4[256]: direct map */
    mov $boot_pdpt_high, %eax
    or $(PTE_PRESENT | PTE_WRITE), %eax
    mov %eax, boot_pml4 + 8 * 511                   /* PML4[511]: kernel image */

    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $(EFER_LME | EFER_NXE), %eax
    wrmsr
    mov %cr0, %eax
    or $(CR0_PG | CR0_WP), %eax
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_mode_low

no_long_mode:
    /* Say why on COM1 (no init needed for QEMU), then halt forever. */
    mov $no_long_mode_msg, %esi
2:  lodsb
    test %al, %al
    jz 3f
    mov $0x3f8, %dx
    out %al, %dx
    jmp 2b
3:  hlt
    jmp 3b

    .code64
long_mode_low:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    movabs $long_mode_high, %rax
    jmp *%rax

    .text
long_mode_high:
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp              /* ends the frame-pointer chain for backtraces */
    mov boot_magic, %edi
    mov boot_info, %esi
    call kmain
4:  cli
    hlt
    jmp 4b

    .bss
    .balign 16
    .globl boot_stack, boot_stack_top
boot_stack:
    .skip 16384
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
