/*
 * kernel/syscall/sys_statx.c: statx(2), the stat that coreutils 9 (ls,
 * stat, cp) calls first, and the extended-attribute reads
 * (getxattr/lgetxattr/fgetxattr, listxattr/llistxattr/flistxattr).
 *
 * pagelab's file systems keep no extended attributes, as Linux's ext2
 * built without CONFIG_EXT2_FS_XATTR: reading one is EOPNOTSUPP (ls then
 * shows no ACL mark) and the list is empty; the path is still resolved
 * first, so its errors (ENOENT, ENOTDIR, ELOOP, EFAULT) are Linux's.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/errno.h"
#include "kernel/mm/kmalloc.h"

#define AT_NO_AUTOMOUNT    0x800
#define AT_STATX_SYNC_TYPE 0x6000 /* FORCE_SYNC | DONT_SYNC: both is EINVAL */
#define STATX_BASIC_STATS  0x7ffu
#define STATX__RESERVED    0x80000000u
#define XATTR_NAME_MAX     255

/* include/uapi/linux/stat.h */
struct statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};

struct statx_linux {
    uint32_t mask, blksize;
    uint64_t attributes;
    uint32_t nlink, uid, gid;
    uint16_t mode, spare0;
    uint64_t ino, size, blocks, attributes_mask;
    struct statx_timestamp atime, btime, ctime, mtime;
    uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
    uint64_t mnt_id;
    uint32_t dio_mem_align, dio_offset_align;
    uint64_t spare3[12];
};
_Static_assert(sizeof(struct statx_linux) == 256, "struct statx is 256 bytes on Linux");

/* Linux's dev_t encoding (include/linux/kdev_t.h, new_decode_dev). */
static uint32_t dev_major(uint64_t dev)
{
    return (uint32_t)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffull));
}
static uint32_t dev_minor(uint64_t dev)
{
    return (uint32_t)((dev & 0xff) | ((dev >> 12) & ~0xffull));
}

long sys_statx(int dirfd, uint64_t upath, int flags, uint64_t umask, uint64_t ubuf)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    uint32_t mask = (uint32_t)umask;
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
        return -EINVAL;
    struct kstat st;
    long r = stat_at(dirfd, upath, flags, &st);
    if (r)
        return r;
    /* Every basic field is known, whatever was asked (statx(2): the mask
       says what is valid, and may hold more than was requested). */
    struct statx_linux x = {
        .mask = STATX_BASIC_STATS,
        .blksize = st.blksize,
        .nlink = st.nlink,
        .uid = st.uid,
        .gid = st.gid,
        .mode = (uint16_t)st.mode,
        .ino = st.ino,
        .size = st.size,
        .blocks = st.blocks,
        .atime = { st.atime, 0, 0 },
        .ctime = { st.ctime, 0, 0 },
        .mtime = { st.mtime, 0, 0 },
        .rdev_major = dev_major(st.rdev),
        .rdev_minor = dev_minor(st.rdev),
        .dev_major = dev_major(st.dev),
        .dev_minor = dev_minor(st.dev),
    };
    return copy_to_user((void *)ubuf, &x, sizeof x, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* The attribute name's checks (fs/xattr.c): EFAULT, and ERANGE when it is
   empty or longer than XATTR_NAME_MAX. */
static long check_name(uint64_t uname)
{
    char *name = kmalloc(XATTR_NAME_MAX + 2);
    if (!name)
        return -ENOMEM;
    long n = strncpy_from_user(name, (const char *)uname, XATTR_NAME_MAX + 2);
    kfree(name);
    if (n < 0 && n != -ENAMETOOLONG)
        return n;
    return n == 0 || n > XATTR_NAME_MAX || n == -ENAMETOOLONG ? -ERANGE : 0;
}

/* The path (or descriptor) must exist: its errors come first. */
static long check_path(uint64_t upath, int flags)
{
    struct kstat st;
    return stat_at(AT_FDCWD, upath, flags, &st);
}

static long check_fd(int fd) { return syscall_fd(fd) ? 0 : -EBADF; }

static long get_result(long r, uint64_t uname)
{
    if (!r)
        r = check_name(uname);
    return r ? r : -EOPNOTSUPP;
}

long sys_getxattr(uint64_t path, uint64_t name, uint64_t value, uint64_t size)
{
    return get_result(check_path(path, 0), name);
}
long sys_lgetxattr(uint64_t path, uint64_t name, uint64_t value, uint64_t size)
{
    return get_result(check_path(path, AT_SYMLINK_NOFOLLOW), name);
}
long sys_fgetxattr(int fd, uint64_t name, uint64_t value, uint64_t size)
{
    return get_result(check_fd(fd), name);
}

/* No attributes: an empty list (length 0), whatever the buffer. */
long sys_listxattr(uint64_t path, uint64_t list, uint64_t size) { return check_path(path, 0); }
long sys_llistxattr(uint64_t path, uint64_t list, uint64_t size)
{
    return check_path(path, AT_SYMLINK_NOFOLLOW);
}
long sys_flistxattr(int fd, uint64_t list, uint64_t size) { return check_fd(fd); }
