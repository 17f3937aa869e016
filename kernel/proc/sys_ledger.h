/* kernel/proc/sys_ledger.h: the copy-ledger syscalls (1000, 1001). */
#ifndef PAGELAB_PROC_SYS_LEDGER_H
#define PAGELAB_PROC_SYS_LEDGER_H

void sys_ledger_init(void);

#endif
