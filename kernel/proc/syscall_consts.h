/* kernel/proc/syscall_consts.h: constants shared by syscall_entry.S and C. */
#ifndef PAGELAB_PROC_SYSCALL_CONSTS_H
#define PAGELAB_PROC_SYSCALL_CONSTS_H

#define USER_CS          0x23          /* GDT: user code, RPL 3 (kernel/arch/gdt.h) */
#define USER_DS          0x1b          /* GDT: user data, RPL 3 */
#define SYSCALL_VECTOR   0x100         /* trap_frame.vector of a syscall: no IDT vector */
#define USER_TOP_ADDR    0x0000800000000000

#endif
