/* kernel/proc/sys_misc.h: identity, time, TLS, randomness and power syscalls. */
#ifndef PAGELAB_PROC_SYS_MISC_H
#define PAGELAB_PROC_SYS_MISC_H

#include <stdint.h>

/* Seconds since 1970 at boot (CLOCK_REALTIME = this + monotonic time). */
extern uint64_t boot_epoch_seconds;
/* Called before power-off by reboot(2): the VFS flushes dirty pages. */
extern void (*reboot_sync_hook)(void);
void sys_misc_init(void);
/* pagelab's own ledger syscalls, 1000 and 1001 (sys_ledger.c). */
void sys_ledger_init(void);

#endif
