/*
 * kernel/ipc/msg_buf.c: messages in kernel memory (msg_buf.h): one kmalloc
 * object for a small one, a chain of frames for a large one, filled by one
 * copy_from_user per block and emptied by one copy_to_user per block.
 */
#include "kernel/ipc/msg_buf.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/size_class.h"

struct msg_seg {
    struct msg_seg *next;
    uint8_t text[];
};

/* Text that fits one kmalloc object with its header (the largest size class). */
#define MSG_BUF_SMALL (KMALLOC_MAX_SMALL - sizeof(struct msg_buf))
/* Text in the first frame of a large message, and in each further one. */
#define FIRST_TEXT (PAGE_SIZE - sizeof(struct msg_buf))
#define SEG_TEXT   (PAGE_SIZE - sizeof(struct msg_seg))

static bool is_small(size_t size) { return size <= MSG_BUF_SMALL; }

static void *frame_block(void)
{
    struct page *p = frame_alloc();
    return p ? page_to_virt(p) : NULL;
}

static void free_frame_block(void *va) { page_put(virt_to_page(va)); }

/* The message's header block with the segments it needs (text not filled). */
static struct msg_buf *alloc_msg(size_t size)
{
    struct msg_buf *m = is_small(size) ? kmalloc(sizeof *m + size) : frame_block();
    if (!m)
        return NULL;
    m->size = size;
    m->more = NULL;
    if (is_small(size))
        return m;
    struct msg_seg **tail = &m->more;
    size_t left = size > FIRST_TEXT ? size - FIRST_TEXT : 0;
    while (left) {
        struct msg_seg *s = frame_block();
        if (!s) {
            msg_buf_free(m);
            return NULL;
        }
        s->next = NULL;
        *tail = s;
        tail = &s->next;
        left -= left < SEG_TEXT ? left : SEG_TEXT;
    }
    return m;
}

int msg_buf_load(uint64_t usrc, size_t size, enum copy_mech mech, struct msg_buf **out)
{
    struct msg_buf *m = alloc_msg(size);
    if (!m)
        return -ENOMEM;
    size_t first = is_small(size) || size < FIRST_TEXT ? size : FIRST_TEXT;
    long err = copy_from_user(m->text, (const void *)usrc, first, mech);
    size_t done = first;
    for (struct msg_seg *s = m->more; s && !err; s = s->next) {
        size_t n = size - done < SEG_TEXT ? size - done : SEG_TEXT;
        err = copy_from_user(s->text, (const void *)(usrc + done), n, mech);
        done += n;
    }
    if (err) {
        msg_buf_free(m);
        return -EFAULT;
    }
    *out = m;
    return 0;
}

int msg_buf_store(const struct msg_buf *m, uint64_t udst, size_t n, enum copy_mech mech)
{
    size_t first = is_small(m->size) || n < FIRST_TEXT ? n : FIRST_TEXT;
    if (copy_to_user((void *)udst, m->text, first, mech))
        return -EFAULT;
    size_t done = first;
    for (const struct msg_seg *s = m->more; s && done < n; s = s->next) {
        size_t k = n - done < SEG_TEXT ? n - done : SEG_TEXT;
        if (copy_to_user((void *)(udst + done), s->text, k, mech))
            return -EFAULT;
        done += k;
    }
    return 0;
}

void msg_buf_free(struct msg_buf *m)
{
    if (is_small(m->size)) {
        kfree(m);
        return;
    }
    for (struct msg_seg *s = m->more, *next; s; s = next) {
        next = s->next;
        free_frame_block(s);
    }
    free_frame_block(m);
}
