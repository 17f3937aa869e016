/*
 * kernel/fs/devfs.c: /dev (devfs.h).  The built-in devices:
 *
 *   console, tty (5:1, 5:0), ttyS0, ttyS1 (4:64, 4:65)   terminals (kernel/drivers/tty.c)
 *   null (1:3), zero (1:5)                               implemented here
 *   random (1:8), urandom (1:9)                          kernel/drivers/random.c
 *   vda, vdb, ... (254:0, 254:16, ...)                   the disks (block devices,
 *                                                        kernel/fs/blkdev_file.c)
 *
 * the links udev makes on Linux (fd -> /proc/self/fd, stdin, stdout and
 * stderr -> /proc/self/fd/0, 1, 2: "cat /dev/stdin", bash's <(...)), and
 * the directories other file systems are mounted on (devfs_mount_dir:
 * /dev/shm, the memory file system).
 */
#include "kernel/fs/devfs.h"
#include "kernel/copy/uaccess.h"
#include "kernel/drivers/blkdev.h"
#include "kernel/drivers/random.h"
#include "kernel/drivers/tty.h"
#include "kernel/fs/synthfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/string.h"

#define MEM_MAJOR     1 /* Linux devices.txt: 1:3 null, 1:5 zero, 1:8 random, 1:9 urandom */
#define NULL_MINOR    3
#define ZERO_MINOR    5
#define RANDOM_MINOR  8
#define URANDOM_MINOR 9
#define DEVFS_MAX     32

struct devfs_node {
    char name[SYNTH_NAME_MAX];
    uint32_t rdev;
    uint32_t mode;
    struct super_block *mounted; /* a directory with this file system on it */
    const char *link;            /* a symbolic link's text */
};

static struct devfs_node nodes[DEVFS_MAX] = {
    { "console", MKDEV(TTYAUX_MAJOR, 1), 0666, NULL, NULL },
    { "tty", MKDEV(TTYAUX_MAJOR, 0), 0666, NULL, NULL },
    { "ttyS0", MKDEV(TTY_MAJOR, TTYS_MINOR_BASE), 0666, NULL, NULL },
    { "ttyS1", MKDEV(TTY_MAJOR, TTYS_MINOR_BASE + 1), 0666, NULL, NULL },
    { "null", MKDEV(MEM_MAJOR, NULL_MINOR), 0666, NULL, NULL },
    { "zero", MKDEV(MEM_MAJOR, ZERO_MINOR), 0666, NULL, NULL },
    { "random", MKDEV(MEM_MAJOR, RANDOM_MINOR), 0666, NULL, NULL },
    { "urandom", MKDEV(MEM_MAJOR, URANDOM_MINOR), 0666, NULL, NULL },
    { "fd", 0, 0777, NULL, "/proc/self/fd" },
    { "stdin", 0, 0777, NULL, "/proc/self/fd/0" },
    { "stdout", 0, 0777, NULL, "/proc/self/fd/1" },
    { "stderr", 0, 0777, NULL, "/proc/self/fd/2" },
};
static int nnodes = 12;

static long node_link(void *arg, char *buf, size_t size, struct inode **jump)
{
    int n = snprintf(buf, size, "%s", (const char *)arg);
    return n < (int)size ? n : (int)size - 1;
}

int devfs_add(const char *name, uint32_t rdev, uint32_t mode)
{
    if (nnodes == DEVFS_MAX)
        return -ENOSPC;
    strlcpy(nodes[nnodes].name, name, sizeof nodes[nnodes].name);
    nodes[nnodes].rdev = rdev;
    nodes[nnodes].mode = mode & 07777;
    nnodes++;
    return 0;
}

/* A mount point's own listing: never read, since lookups cross into the
   mounted file system. */
static int empty_list(void *arg, int index, struct synth_entry *out) { return -ENOENT; }

/* The disks follow the table: block device nodes, root's (Linux: 0660,
   group disk). */
static int disk_entry(int index, struct synth_entry *out)
{
    struct blkdev *dev = blkdev_at(index);
    if (!dev)
        return -ENOENT;
    memset(out, 0, sizeof *out);
    strlcpy(out->name, dev->name, sizeof out->name);
    out->ino = 100 + DEVFS_MAX + (uint64_t)index;
    out->mode = S_IFBLK | 0660;
    out->rdev = dev->devt;
    return 0;
}

static int dev_list(void *arg, int index, struct synth_entry *out)
{
    if (index >= nnodes)
        return disk_entry(index - nnodes, out);
    if (index < 0)
        return -ENOENT;
    memset(out, 0, sizeof *out);
    strlcpy(out->name, nodes[index].name, sizeof out->name);
    out->ino = 100 + (uint64_t)index;
    if (nodes[index].mounted) {
        out->mode = S_IFDIR | nodes[index].mode;
        out->list = empty_list;
        out->mounted = nodes[index].mounted;
        return 0;
    }
    if (nodes[index].link) {
        out->mode = S_IFLNK | nodes[index].mode;
        out->link = node_link;
        out->arg = (void *)nodes[index].link;
        return 0;
    }
    out->mode = S_IFCHR | nodes[index].mode;
    out->rdev = nodes[index].rdev;
    return 0;
}

/* --- terminals --- */

static struct tty *tty_of_file(struct file *f)
{
    return tty_of_device(RDEV_MAJOR(f->inode->rdev), RDEV_MINOR(f->inode->rdev));
}

static long tty_file_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    return tty_read(tty_of_file(f), buf, n);
}

static long tty_file_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    return tty_write(tty_of_file(f), buf, n);
}

static long tty_file_ioctl(struct file *f, unsigned long cmd, unsigned long arg)
{
    return tty_ioctl(tty_of_file(f), cmd, arg);
}

static uint32_t tty_file_poll(struct file *f, struct poll_table *pt)
{
    return tty_poll(tty_of_file(f), pt);
}

static int tty_file_open(struct inode *ino, struct file *f) { return tty_of_file(f) ? 0 : -ENXIO; }

static const struct file_ops tty_file_ops = {
    .open = tty_file_open,
    .read = tty_file_read,
    .write = tty_file_write,
    .ioctl = tty_file_ioctl,
    .poll = tty_file_poll,
};

/* --- null, zero, random, urandom --- */
/* Random bytes go through a small kernel buffer, one copy out. */
static long random_read(struct iobuf *buf, size_t n)
{
    uint8_t chunk[256];
    size_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
        random_bytes(chunk, k);
        if (iobuf_copy_out(buf, done, chunk, k))
            return done ? (long)done : -EFAULT;
        done += k;
    }
    return (long)done;
}

static long mem_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    unsigned minor = RDEV_MINOR(f->inode->rdev);
    if (minor == RANDOM_MINOR || minor == URANDOM_MINOR)
        return random_read(buf, n);
    if (minor != ZERO_MINOR)
        return 0;
    /* Zeroing the caller's buffer is a fill, not a copy. */
    return iobuf_clear(buf, 0, n) ? -EFAULT : (long)n;
}

static long mem_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos)
{
    return (long)n; /* discarded: no byte moves */
}

static int64_t mem_lseek(struct file *f, int64_t off, int whence) { return 0; }

static const struct file_ops mem_ops;

bool devfs_file_is_zero(const struct file *f)
{
    return f->fops == &mem_ops && RDEV_MINOR(f->inode->rdev) == ZERO_MINOR;
}

static const struct file_ops mem_ops = {
    .read = mem_read,
    .write = mem_write,
    .lseek = mem_lseek,
};

static struct super_block *devfs_sb;

int devfs_mount_dir(const char *name, struct super_block *sb)
{
    if (!devfs_sb || sb->covered)
        return -EBUSY;
    if (nnodes == DEVFS_MAX)
        return -ENOSPC;
    struct devfs_node *n = &nodes[nnodes];
    strlcpy(n->name, name, sizeof n->name);
    n->mode = sb->root->mode & 07777;
    n->mounted = sb;
    nnodes++;
    /* ".." from sb's root goes through the directory it covers: one inode
       of the entry, held by the mount as vfs_mount holds its directory. */
    struct inode *covered;
    int err = devfs_sb->root->iops->lookup(devfs_sb->root, name, strlen(name), &covered);
    if (err) {
        nnodes--;
        n->mounted = NULL;
        return err;
    }
    sb->covered = covered;
    return 0;
}

int devfs_mount(void)
{
    if (chrdev_register(MEM_MAJOR, "mem", &mem_ops) ||
        chrdev_register(TTY_MAJOR, "ttyS", &tty_file_ops) ||
        chrdev_register(TTYAUX_MAJOR, "console", &tty_file_ops))
        return -EBUSY;
    struct super_block *sb = synthfs_create("devfs", dev_list, NULL);
    if (!sb)
        return -ENOMEM;
    int err = mount_on_dir("/dev", sb);
    if (!err)
        devfs_sb = sb;
    return err;
}

int mount_on_dir(const char *path, struct super_block *sb)
{
    struct inode *ino;
    int r = vfs_lookup(NULL, path, 0, &ino, NULL, NULL);
    if (r == -ENOENT) {
        /* The disk has no such directory: make it (it stays on the disk). */
        r = vfs_mkdir(NULL, path, 0555);
        pr_info("%s: created the mount point %s (%d)\n", sb->type, path, r);
    } else if (r == 0) {
        inode_put(ino);
    }
    if (r == 0)
        r = vfs_mount(NULL, path, sb);
    if (r)
        pr_err("%s: cannot mount on %s (%d)\n", sb->type, path, r);
    return r;
}
