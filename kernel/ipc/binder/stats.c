/*
 * kernel/ipc/binder/stats.c: what binder counts for /proc/binder: objects
 * made and freed by kind, BC and BR codes seen (globally and per proc),
 * the transaction logs (the last 32 transactions, and the last 32 that
 * failed), and the log line for a protocol error of user space.
 */
#include <stdarg.h>
#include "kernel/ipc/binder/binder_internal.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"

struct binder_global_stats binder_stats;
struct binder_log binder_transaction_log, binder_failed_log;
static int last_debug_id;

int binder_next_debug_id(void) { return ++last_debug_id; }

void binder_stat_br(struct binder_proc *proc, uint32_t cmd)
{
    unsigned nr = BINDER_CODE_NR(cmd);
    if (nr >= BINDER_BR_COUNT)
        return;
    binder_stats.counts.br[nr]++;
    proc->counts.br[nr]++;
}

void binder_stat_bc(struct binder_proc *proc, uint32_t cmd)
{
    unsigned nr = BINDER_CODE_NR(cmd);
    if (nr >= BINDER_BC_COUNT)
        return;
    binder_stats.counts.bc[nr]++;
    proc->counts.bc[nr]++;
}

struct binder_log_entry *binder_log_add(struct binder_log *log)
{
    struct binder_log_entry *e = &log->entry[log->next % BINDER_LOG_ENTRIES];
    if (++log->next >= BINDER_LOG_ENTRIES)
        log->full = true;
    memset(e, 0, sizeof *e);
    return e;
}

/* Linux prints these when its debug_mask has BINDER_DEBUG_USER_ERROR, which
   is on by default: the kernel log says what a program did wrong. */
void binder_user_error(const char *fmt, ...)
{
    char line[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    printk("binder: %s\n", line);
}
