/* kernel/fs/anon_inode.c: the one super block of nameless objects' inodes. */
#include "kernel/fs/anon_inode.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

#define ANON_DEV_ID 0x0e /* their st_dev (Linux: anon_inodefs's); no disk uses it */

static struct super_block anon_sb;
static bool anon_sb_ready;
static uint64_t next_ino = 1;

void anon_inode_init(struct inode *ino, const struct inode_ops *iops, const struct file_ops *fops)
{
    if (!anon_sb_ready) {
        super_init(&anon_sb, NULL, "anon_inodefs");
        anon_sb.dev_id = ANON_DEV_ID;
        anon_sb_ready = true;
    }
    inode_init(ino, &anon_sb, next_ino++);
    ino->mode = 0600; /* no file type bits, as Linux's */
    ino->atime = ino->mtime = ino->ctime = vfs_now();
    ino->iops = iops;
    ino->fops = fops;
}

int anon_inode_file(struct inode *ino, int flags, void *obj, struct file **out)
{
    *out = file_alloc(ino, O_RDWR | (flags & O_NONBLOCK), ino->fops);
    if (!*out) {
        ino->iops->evict(ino);
        return -ENOMEM;
    }
    (*out)->private = obj;
    return 0;
}

void anon_inode_kfree(struct inode *ino) { kfree(ino); }
