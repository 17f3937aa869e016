/* In-kernel tests of pipes (pipe.c): the kernel-buffer path, end of file,
   EPIPE, EAGAIN and the ring's memory going back when both ends close. */
#include "kernel/copy/ledger.h"
#include "kernel/ipc/pipe.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/frame.h"

static uint64_t free_frames(void)
{
    struct frame_stats s;
    frame_stats(&s);
    return s.free;
}

KTEST(pipe_pages_are_returned_when_both_ends_close)
{
    enum { PIPES = 8 };
    struct file *rd[PIPES], *wr[PIPES];
    KASSERT(pipe_create(0, &rd[0], &wr[0]) == 0); /* warms the small-object caches */
    file_put(rd[0]);
    file_put(wr[0]);
    static char full[PIPE_CAPACITY];
    uint64_t before = free_frames();
    for (int i = 0; i < PIPES; i++) {
        KASSERT(pipe_create(O_NONBLOCK, &rd[i], &wr[i]) == 0);
        struct iobuf b = { full, false, MECH_OTHER, NULL, 0 };
        KEXPECT(vfs_write(wr[i], &b, sizeof full) == (long)sizeof full); /* one page a slot */
    }
    KEXPECT(before - free_frames() >= PIPES * (PIPE_CAPACITY / PAGE_SIZE));
    for (int i = 0; i < PIPES; i++) {
        file_put(wr[i]);
        file_put(rd[i]);
    }
    KEXPECT(free_frames() == before);
}

KTEST(pipe_moves_kernel_buffers_through_copy_kernel_then_reads_eof)
{
    struct file *rd, *wr;
    KASSERT(pipe_create(0, &rd, &wr) == 0);
    char out[10] = "0123456789", in[16] = { 0 };
    struct iobuf ob = { out, false, MECH_OTHER, NULL, 0 }, ib = { in, false, MECH_OTHER, NULL, 0 };
    uint64_t k2k = ledger_global.bytes[COPY_KERNEL_TO_KERNEL][MECH_PIPE];
    KEXPECT(vfs_write(wr, &ob, sizeof out) == sizeof out);
    KEXPECT(vfs_read(rd, &ib, sizeof in) == sizeof out);
    KEXPECT(memcmp(in, out, sizeof out) == 0);
    KEXPECT(ledger_global.bytes[COPY_KERNEL_TO_KERNEL][MECH_PIPE] - k2k == 2 * sizeof out);
    file_put(wr);
    KEXPECT(vfs_read(rd, &ib, sizeof in) == 0);
    file_put(rd);
}

/* (SIGPIPE itself goes to user processes only: tests/user/pipes.c.) */
KTEST(pipe_write_without_reader_is_epipe)
{
    struct file *rd, *wr;
    KASSERT(pipe_create(O_NONBLOCK, &rd, &wr) == 0);
    file_put(rd);
    char c = 'x';
    struct iobuf b = { &c, false, MECH_OTHER, NULL, 0 };
    KEXPECT(vfs_write(wr, &b, 1) == -EPIPE);
    file_put(wr);
}

KTEST(pipe_nonblocking_ends_say_eagain_instead_of_waiting)
{
    struct file *rd, *wr;
    KASSERT(pipe_create(O_NONBLOCK, &rd, &wr) == 0);
    static char big[PIPE_CAPACITY + 1];
    struct iobuf b = { big, false, MECH_OTHER, NULL, 0 };
    KEXPECT(vfs_read(rd, &b, 1) == -EAGAIN);
    KEXPECT(vfs_write(wr, &b, sizeof big) == PIPE_CAPACITY);
    KEXPECT(vfs_write(wr, &b, 1) == -EAGAIN);
    file_put(rd);
    file_put(wr);
}
