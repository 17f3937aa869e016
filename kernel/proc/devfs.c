/*
 * kernel/proc/devfs.c: /dev, a generated directory of the kernel's devices
 * (so the disk image needs no device nodes): console, tty, ttyS0, ttyS1,
 * null, zero.  /dev/null and /dev/zero are implemented here too.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/fs/synthfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"
#include "kernel/proc/devfs.h"
#include "kernel/proc/tty.h"

#define MEM_MAJOR  1     /* Linux devices.txt: 1:3 null, 1:5 zero */
#define NULL_MINOR 3
#define ZERO_MINOR 5

static const struct { const char *name; uint32_t rdev; } devices[] = {
    { "console", MKDEV(TTYAUX_MAJOR, 1) },
    { "tty", MKDEV(TTYAUX_MAJOR, 0) },
    { "ttyS0", MKDEV(TTY_MAJOR, TTYS_MINOR_BASE) },
    { "ttyS1", MKDEV(TTY_MAJOR, TTYS_MINOR_BASE + 1) },
    { "null", MKDEV(MEM_MAJOR, NULL_MINOR) },
    { "zero", MKDEV(MEM_MAJOR, ZERO_MINOR) },
};

static int dev_list(void *arg, int index, struct synth_entry *out)
{
    if (index < 0 || index >= (int)(sizeof devices / sizeof devices[0]))
        return -ENOENT;
    memset(out, 0, sizeof *out);
    strlcpy(out->name, devices[index].name, sizeof out->name);
    out->mode = S_IFCHR | 0666;
    out->rdev = devices[index].rdev;
    out->ino = 100 + (uint64_t)index;
    return 0;
}

static bool is_zero(struct file *f) { return RDEV_MINOR(f->inode->rdev) == ZERO_MINOR; }

static long mem_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    if (!is_zero(f))
        return 0;
    /* Zeroing the caller's buffer is a fill, not a copy. */
    if (buf->user)
        return clear_user(buf->ptr, n, buf->mech) ? -EFAULT : (long)n;
    memset(buf->ptr, 0, n);
    return (long)n;
}

static long mem_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    return (long)n;     /* discarded: no byte moves */
}

static int64_t mem_lseek(struct file *f, int64_t off, int whence)
{
    return 0;
}

static const struct file_ops mem_ops = { .read = mem_read, .write = mem_write, .lseek = mem_lseek };

int devfs_mount(void)
{
    if (chrdev_register(MEM_MAJOR, "mem", &mem_ops))
        return -EBUSY;
    struct super_block *sb = synthfs_create("devfs", dev_list, NULL);
    if (!sb)
        return -ENOMEM;
    return mount_on_dir("/dev", sb);
}

int mount_on_dir(const char *path, struct super_block *sb)
{
    struct inode *ino;
    int r = vfs_lookup(NULL, path, 0, &ino, NULL, NULL);
    if (r == -ENOENT) {
        /* The disk has no such directory: make it (it stays on the disk). */
        r = vfs_mkdir(NULL, path, 0555);
        printk("%s: created the mount point %s (%d)\n", sb->type, path, r);
    } else if (r == 0) {
        inode_put(ino);
    }
    if (r == 0)
        r = vfs_mount(NULL, path, sb);
    if (r)
        printk("%s: cannot mount on %s (%d)\n", sb->type, path, r);
    return r;
}
