/* kernel/entry/syscall_setup.h: making the SYSCALL instruction enter the kernel. */
#ifndef PAGELAB_ENTRY_SYSCALL_SETUP_H
#define PAGELAB_ENTRY_SYSCALL_SETUP_H

/* Sets EFER.SCE, STAR, LSTAR and SFMASK. */
void syscall_setup(void);

#endif
