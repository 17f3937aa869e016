/*
 * kernel/ipc/msg_buf.c: messages in kernel memory (msg_buf.h): one kmalloc
 * object for a small one, a header and whole frames for a large one,
 * filled by one copy_from_user per frame and emptied by one copy_to_user
 * per frame.
 */
#include "kernel/ipc/msg_buf.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/size_class.h"

/* Text that fits one kmalloc object with its header (the largest size class). */
#define MSG_BUF_SMALL (KMALLOC_MAX_SMALL - sizeof(struct msg_buf))

static uint8_t *small_text(const struct msg_buf *m) { return (uint8_t *)&m->pages[0]; }

static struct msg_buf *alloc_msg(size_t size)
{
    if (size <= MSG_BUF_SMALL) {
        struct msg_buf *m = kmalloc(sizeof *m + size);
        if (m) {
            m->size = size;
            m->npages = 0;
        }
        return m;
    }
    size_t npages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    struct msg_buf *m = kmalloc(sizeof *m + npages * sizeof m->pages[0]);
    if (!m)
        return NULL;
    m->size = size;
    for (m->npages = 0; m->npages < npages; m->npages++) {
        struct page *p = frame_alloc();
        if (!p) {
            msg_buf_free(m);
            return NULL;
        }
        m->pages[m->npages] = page_to_virt(p);
    }
    return m;
}

int msg_buf_load(uint64_t usrc, size_t size, enum copy_mech mech, struct msg_buf **out)
{
    struct msg_buf *m = alloc_msg(size);
    if (!m)
        return -ENOMEM;
    long err = 0;
    if (!m->npages)
        err = copy_from_user(small_text(m), (const void *)usrc, size, mech);
    for (size_t i = 0, done = 0; i < m->npages && !err; i++, done += PAGE_SIZE) {
        size_t n = size - done < PAGE_SIZE ? size - done : PAGE_SIZE;
        err = copy_from_user(m->pages[i], (const void *)(usrc + done), n, mech);
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
    if (!m->npages)
        return copy_to_user((void *)udst, small_text(m), n, mech) ? -EFAULT : 0;
    for (size_t i = 0, done = 0; done < n; i++, done += PAGE_SIZE) {
        size_t k = n - done < PAGE_SIZE ? n - done : PAGE_SIZE;
        if (copy_to_user((void *)(udst + done), m->pages[i], k, mech))
            return -EFAULT;
    }
    return 0;
}

void msg_buf_free(struct msg_buf *m)
{
    for (size_t i = 0; i < m->npages; i++)
        page_put(virt_to_page(m->pages[i]));
    kfree(m);
}
