/*
 * kernel/syscall/sys_oldcalls.c: the everyday calls of older programs and
 * system tools: getdents (the format before getdents64) and sysinfo.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/time.h"
#include "kernel/mm/frame.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/meminfo.h"
#include "kernel/mm/pagecache.h"
#include "kernel/proc/loadavg.h"

#define GETDENTS_CHUNK 65536 /* at most this much per call: fewer entries is fine */

/* struct linux_dirent64 (getdents64) and struct linux_dirent (getdents):
   for one name both records have the same length, so a getdents64 result
   turns into a getdents one record by record, in place. */
struct dirent64_head {
    uint64_t ino;
    int64_t off;
    uint16_t reclen;
    uint8_t type;
    char name[];
} __attribute__((packed));

struct dirent_head {
    unsigned long ino, off;
    uint16_t reclen;
    char name[]; /* then NUL, padding, and the type in the record's last byte */
} __attribute__((packed));

long sys_getdents(int fd, uint64_t dirp, uint64_t count)
{
    struct file *f = syscall_fd(fd);
    if (!f)
        return -EBADF;
    if (count && !user_range_ok(dirp, count))
        return -EFAULT;
    size_t n = count < GETDENTS_CHUNK ? count : GETDENTS_CHUNK;
    char *k = kmalloc(n ? n : 1);
    if (!k)
        return -ENOMEM;
    struct iobuf b = { k, false, MECH_FS_METADATA, NULL, 0 };
    long got = vfs_getdents64(f, &b, n);
    for (long at = 0; got > 0 && at < got;) {
        struct dirent64_head *d = (struct dirent64_head *)(k + at);
        uint16_t reclen = d->reclen;
        uint8_t type = d->type;
        size_t len = strlen(d->name);
        struct dirent_head *o = (struct dirent_head *)(k + at);
        o->reclen = reclen;
        char name[256]; /* the name moves one byte down: through a copy, no overlap */
        if (len >= sizeof name)
            len = sizeof name - 1;
        copy_kernel(name, d->name, len + 1, MECH_FS_METADATA);
        copy_kernel(o->name, name, len + 1, MECH_FS_METADATA);
        k[at + reclen - 1] = (char)type;
        at += reclen;
    }
    if (got > 0 && copy_to_user((void *)dirp, k, (size_t)got, MECH_FS_METADATA))
        got = -EFAULT;
    kfree(k);
    return got;
}

/* include/uapi/linux/sysinfo.h on x86-64 (mem_unit 1: byte counts). */
struct sysinfo_linux {
    long uptime;
    unsigned long loads[3];
    unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
    unsigned short procs, pad;
    unsigned long totalhigh, freehigh;
    unsigned int mem_unit;
    char reserved[4];
};
_Static_assert(sizeof(struct sysinfo_linux) == 112, "struct sysinfo is 112 bytes on Linux");

#define SI_LOAD_SHIFT 16

long sys_sysinfo(uint64_t uinfo)
{
    struct frame_stats fs;
    frame_stats(&fs);
    struct sysinfo_linux s;
    memset(&s, 0, sizeof s);
    s.uptime = (long)(clock_monotonic_ns() / 1000000000ull);
    loadavg_get(s.loads, SI_LOAD_SHIFT);
    s.totalram = fs.total * PAGE_SIZE;
    s.freeram = fs.free * PAGE_SIZE;
    s.sharedram = meminfo_shmem_pages() * PAGE_SIZE;
    unsigned long tasks = loadavg_tasks();
    s.procs = (unsigned short)(tasks > 0xffff ? 0xffff : tasks);
    s.mem_unit = 1;
    /* No swap partition and no buffer cache apart from the page cache:
       totalswap, freeswap and bufferram stay 0, as on Linux without them. */
    return copy_to_user((void *)uinfo, &s, sizeof s, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}
