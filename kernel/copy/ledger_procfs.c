/* kernel/copy/ledger_procfs.c: /proc/copies, the whole kernel's copy
   ledger as a table (kernel/copy/ledger_format.h).  /proc/PID/copies is the
   process layer's (kernel/proc/procfs_pid.c). */
#include "kernel/copy/ledger_format.h"
#include "kernel/hw/io.h"
#include "kernel/lib/procfile.h"

/* Shown one at a time (file contents are generated at open), so one buffer,
   kept off the kernel stack (it is a few KiB). */
static struct ledger_counts snap;

long ledger_show(const struct ledger_counts *live, const char *title, char *buf, size_t size)
{
    uint64_t flags = irq_save();
    snap = *live;
    irq_restore(flags);
    return ledger_format(&snap, title, buf, size);
}

static long show_copies(void *arg, char *buf, size_t size)
{
    return ledger_show(&ledger_global, "the whole kernel since boot", buf, size);
}

PROC_FILE(copies, "copies", show_copies, NULL);
