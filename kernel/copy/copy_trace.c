/* kernel/copy/copy_trace.c: the copy trace (copy_trace.h). */
#include "kernel/copy/copy_trace.h"
#include "kernel/hw/io.h"
#include "kernel/lib/errno.h"

/* Processes one trace follows at most: copycount's busiest mechanism has
   three; a member beyond this is not followed (and not counted as lost). */
#define COPY_TRACE_MEMBERS 16

struct member {
    const struct ledger_counts *ledger; /* NULL: a free slot */
    int pid;
};

static struct {
    bool recording;
    struct member members[COPY_TRACE_MEMBERS];
    struct copy_trace_event events[COPY_TRACE_MAX_EVENTS];
    size_t nevents;
    uint64_t lost;
} trace;

static struct member *member_of(const struct ledger_counts *l)
{
    if (!l)
        return NULL;
    for (int i = 0; i < COPY_TRACE_MEMBERS; i++)
        if (trace.members[i].ledger == l)
            return &trace.members[i];
    return NULL;
}

static bool any_member(void)
{
    for (int i = 0; i < COPY_TRACE_MEMBERS; i++)
        if (trace.members[i].ledger)
            return true;
    return false;
}

/* Where the bytes of a record of this kind, made for process pid, come
   from and go to. */
static void endpoints(unsigned kind, int pid, int peer, int32_t *from, int32_t *to)
{
    switch (kind) {
    case COPY_USER_TO_KERNEL:
        *from = pid, *to = COPY_END_KERNEL;
        break;
    case COPY_KERNEL_TO_USER:
        *from = COPY_END_KERNEL, *to = pid;
        break;
    case COPY_CROSS_SPACE:
        *from = pid, *to = peer;
        break;
    case COPY_COW_PAGE:
        *from = pid, *to = pid;
        break;
    case COPY_DEVICE_TO_MEMORY:
        *from = COPY_END_DEVICE, *to = COPY_END_KERNEL;
        break;
    case COPY_MEMORY_TO_DEVICE:
        *from = COPY_END_KERNEL, *to = COPY_END_DEVICE;
        break;
    case COPY_EVENT_MAP:
        *from = COPY_END_KERNEL, *to = pid;
        break;
    default: /* kernel->kernel; a zero-fill: a frame the kernel clears, whoever maps it */
        *from = COPY_END_KERNEL, *to = COPY_END_KERNEL;
        break;
    }
}

void copy_trace_record(const struct ledger_counts *who, unsigned kind, enum copy_mech mech,
                       uint64_t bytes, int peer)
{
    if (!trace.recording || mech == MECH_SYSCALL_ARGS)
        return;
    struct member *m = member_of(who);
    if (!m)
        return;
    struct copy_trace_event e = {
        .pid = m->pid, .kind = (uint16_t)kind, .mech = (uint16_t)mech, .bytes = bytes, .ops = 1
    };
    endpoints(kind, m->pid, peer, &e.from, &e.to);
    if (trace.lost) { /* full: what follows is lost, even what would merge with the last */
        trace.lost++;
        return;
    }
    if (trace.nevents) {
        struct copy_trace_event *last = &trace.events[trace.nevents - 1];
        if (last->pid == e.pid && last->kind == e.kind && last->mech == e.mech &&
            last->from == e.from && last->to == e.to) {
            last->bytes += bytes;
            last->ops++;
            return;
        }
    }
    if (trace.nevents == COPY_TRACE_MAX_EVENTS) {
        trace.lost++;
        return;
    }
    trace.events[trace.nevents++] = e;
}

void copy_trace_fork(const struct ledger_counts *parent, const struct ledger_counts *child, int pid)
{
    uint64_t flags = irq_save();
    if (trace.recording && member_of(parent)) {
        struct member *slot = member_of(child); /* a reused ledger: the same slot */
        for (int i = 0; !slot && i < COPY_TRACE_MEMBERS; i++)
            if (!trace.members[i].ledger)
                slot = &trace.members[i];
        if (slot)
            *slot = (struct member){ child, pid };
    }
    irq_restore(flags);
}

void copy_trace_forget(const struct ledger_counts *l)
{
    uint64_t flags = irq_save();
    struct member *m = member_of(l);
    if (m)
        m->ledger = NULL;
    irq_restore(flags);
}

int copy_trace_start(const struct ledger_counts *who, int pid)
{
    uint64_t flags = irq_save();
    /* A trace belongs to its members while any of them lives. */
    if (trace.recording && any_member() && !member_of(who)) {
        irq_restore(flags);
        return -EBUSY;
    }
    for (int i = 0; i < COPY_TRACE_MEMBERS; i++)
        trace.members[i].ledger = NULL;
    trace.members[0] = (struct member){ who, pid };
    trace.nevents = 0;
    trace.lost = 0;
    trace.recording = true;
    irq_restore(flags);
    return 0;
}

int copy_trace_stop(const struct ledger_counts *who)
{
    uint64_t flags = irq_save();
    int err = trace.recording && any_member() && !member_of(who) ? -EBUSY : 0;
    if (!err)
        trace.recording = false;
    irq_restore(flags);
    return err;
}

size_t copy_trace_read(struct copy_trace_event *out, size_t first, size_t max)
{
    uint64_t flags = irq_save();
    size_t n = 0;
    for (; n < max && first + n < trace.nevents; n++)
        out[n] = trace.events[first + n];
    irq_restore(flags);
    return n;
}

uint64_t copy_trace_lost(void) { return trace.lost; }
