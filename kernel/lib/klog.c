/*
 * kernel/lib/klog.c: the kernel log ring (klog.h).
 *
 * Records lie one after another in a byte array: a header, then the text,
 * rounded up to 8 bytes.  A record never wraps: when the next one does not
 * fit before the end, a header of size 0 (or the end itself, when not even
 * a header fits) says "go on at offset 0".  `tail` is the oldest record,
 * `head` where the next one goes; the oldest are dropped to make room.
 */
#include "kernel/lib/klog.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"

struct rec_hdr {
    uint64_t seq;
    uint64_t ts_ns;
    uint32_t size; /* header + text rounded up to 8; 0: go on at offset 0 */
    uint16_t len;
    uint8_t level;
};

#define HDR_SIZE sizeof(struct rec_hdr)

static uint8_t ring[KLOG_SIZE] __attribute__((aligned(8)));
static size_t head, tail;
static uint64_t first_seq, next_seq, clear_seq;
/* Where the record of a sequence number is: one lookup remembered, so a
   reader going through the log in order never walks the ring. */
static uint64_t hint_seq;
static size_t hint_off;

struct waitqueue klog_waiters = WAITQUEUE_INIT(klog_waiters);

static struct rec_hdr *hdr_at(size_t *off)
{
    if (*off + HDR_SIZE > KLOG_SIZE || ((struct rec_hdr *)(ring + *off))->size == 0)
        *off = 0;
    return (struct rec_hdr *)(ring + *off);
}

static bool empty(void) { return first_seq == next_seq; }

static void drop_oldest(void)
{
    tail += hdr_at(&tail)->size;
    first_seq++;
    if (empty())
        tail = head;
    else
        hdr_at(&tail); /* past a "go on at 0" */
}

/* Drops the oldest records until size bytes are free at head. */
static void make_room(size_t size)
{
    if (empty())
        head = tail = 0;
    if (head + size > KLOG_SIZE) {
        /* The records between head and the end go; the next is at 0. */
        while (!empty() && tail >= head)
            drop_oldest();
        if (head + HDR_SIZE <= KLOG_SIZE)
            ((struct rec_hdr *)(ring + head))->size = 0;
        head = 0;
        if (empty())
            tail = 0;
    }
    while (!empty() && tail >= head && tail - head < size)
        drop_oldest();
}

void klog_store(int level, uint64_t ts_ns, const char *text, size_t len)
{
    if (len > KLOG_LINE_MAX)
        len = KLOG_LINE_MAX;
    size_t size = (HDR_SIZE + len + 7) & ~(size_t)7;
    make_room(size);
    struct rec_hdr *h = (struct rec_hdr *)(ring + head);
    *h = (struct rec_hdr){ next_seq, ts_ns, (uint32_t)size, (uint16_t)len, (uint8_t)level };
    memcpy(h + 1, text, len);
    head += size;
    next_seq++;
    if (first_seq > clear_seq)
        clear_seq = first_seq;
}

/* The offset of record seq (first_seq <= seq < next_seq). */
static size_t offset_of(uint64_t seq)
{
    size_t off = tail;
    uint64_t s = first_seq;
    if (hint_seq >= first_seq && hint_seq <= seq && hint_seq < next_seq) {
        off = hint_off;
        s = hint_seq;
    }
    for (; s < seq; s++)
        off += hdr_at(&off)->size;
    return off;
}

int klog_read(uint64_t *seq, struct klog_record *rec, char *text, size_t cap)
{
    uint64_t flags = console_lock();
    int r = 1;
    if (*seq < first_seq) {
        *seq = first_seq;
        r = -EPIPE;
    }
    if (*seq >= next_seq) {
        console_unlock(flags);
        return r == -EPIPE ? r : 0;
    }
    size_t off = offset_of(*seq);
    struct rec_hdr *h = hdr_at(&off);
    *rec = (struct klog_record){ h->seq, h->ts_ns, h->level, h->len < cap ? h->len : cap };
    memcpy(text, h + 1, rec->len);
    hint_seq = *seq + 1;
    hint_off = off + h->size;
    *seq += 1;
    console_unlock(flags);
    return r;
}

uint64_t klog_first_seq(void) { return first_seq; }

uint64_t klog_next_seq(void) { return next_seq; }

uint64_t klog_clear_seq(void) { return clear_seq; }

void klog_clear(void)
{
    uint64_t flags = console_lock();
    clear_seq = next_seq;
    console_unlock(flags);
}

size_t klog_format_syslog(const struct klog_record *rec, const char *text, char *buf, size_t size)
{
    uint64_t us = rec->ts_ns / 1000;
    int n = snprintf(buf, size, "<%d>[%5lu.%06lu] %.*s\n", rec->level, us / 1000000, us % 1000000,
                     (int)rec->len, text);
    return (size_t)n;
}
