/*
 * kernel/ipc/binder/binder.h: Linux's binder IPC (pagelab/binder_uapi.h):
 * /dev/binder, /dev/hwbinder and /dev/vndbinder, one copy per transaction
 * (docs/binder.md).  The rest of the kernel only starts it.
 */
#ifndef PAGELAB_IPC_BINDER_BINDER_H
#define PAGELAB_IPC_BINDER_BINDER_H

/* Registers the devices, their /dev entries and the reclaimer of unused
   receive-area frames.  Called once, after devfs is up. */
void binder_init(void);

#endif
