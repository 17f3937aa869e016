/*
 * kernel/fs/vfs.h: the virtual file system.
 *
 * An inode is a file of any kind (regular, directory, device, pipe, procfs
 * entry) with two tables: inode_ops (name-space operations: lookup, create,
 * unlink...) and file_ops (what an open file does: read, write, lseek...).
 * A struct file is one open of an inode, with its own offset and flags; it
 * is reference-counted so that dup() and fork() can share it.  Pipes,
 * sockets, procfs and devices plug in by supplying their own tables.
 *
 * Payload moves through struct iobuf: a pointer and whether it is user
 * memory, so the one copy between the page cache and the caller goes
 * through copy_to_user/copy_from_user or copy_kernel (the copy ledger).
 *
 * Constants (open flags, file types, struct linux_dirent64) are Linux's.
 */
#ifndef PAGELAB_FS_VFS_H
#define PAGELAB_FS_VFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/copy/uaccess.h"
#include "kernel/lib/list.h"
#include "kernel/lib/poll.h"
#include "kernel/mm/pagecache.h"

/* File types and permission bits (Linux include/uapi/linux/stat.h). */
#include "libc/include/pagelab/stat_values.h"

/* open(2) flags, Linux x86-64 values (include/uapi/asm-generic/fcntl.h). */
#include "libc/include/pagelab/fcntl_values.h"

#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3 /* the next byte of data at or after the offset */
#define SEEK_HOLE 4 /* the next hole (the end of the file is one) */

/* d_type values of getdents64 (include/linux/fs_types.h). */
#include "libc/include/pagelab/dirent_values.h"

#define NAME_MAX 255
#define S_IXANY  0111 /* any execute bit: exec and access(X_OK) ask for one */
#define PATH_MAX 4096

/* Linux's struct linux_dirent64 (getdents64(2)). */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* What fstat reports; the syscall layer converts it to Linux's struct stat. */
struct kstat {
    uint64_t dev, ino, rdev, size, blocks;
    uint32_t mode, nlink, uid, gid, blksize;
    int64_t atime, mtime, ctime; /* seconds since the epoch */
};

struct inode;
struct file;
struct files;
struct super_block;
struct vm_backing_ops;
struct blkdev;
struct statfs_linux;

struct inode_ops {
    /* *out gets a referenced inode; -ENOENT when absent. */
    int (*lookup)(struct inode *dir, const char *name, size_t len, struct inode **out);
    int (*create)(struct inode *dir, const char *name, size_t len, uint32_t mode,
                  struct inode **out);
    int (*mknod)(struct inode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev);
    int (*mkdir)(struct inode *dir, const char *name, size_t len, uint32_t mode);
    int (*rmdir)(struct inode *dir, const char *name, size_t len);
    int (*unlink)(struct inode *dir, const char *name, size_t len);
    int (*link)(struct inode *dir, const char *name, size_t len, struct inode *target);
    int (*rename)(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
                  const char *nname, size_t nlen);
    /* Truncates or extends (sparsely) to size. */
    int (*setsize)(struct inode *ino, uint64_t size);
    /* Makes sure blocks back [pos, pos+len) before a write dirties the cache. */
    int (*prepare_write)(struct inode *ino, uint64_t pos, uint64_t len);
    /* Stores the inode's fields (size, times, nlink) back to the file system. */
    int (*write_inode)(struct inode *ino);
    /* The last reference is gone: free the inode if it has no links. */
    void (*evict)(struct inode *ino);
    /* Symbolic links: the target's text into buf (at most size bytes, no
       NUL added): its length, or -errno.  jump is NULL for readlink(2);
       when following, a magic link (/proc/PID/fd/N, cwd, exe) sets *jump to
       the object it stands for (referenced) and its text only names it. */
    long (*readlink)(struct inode *ino, char *buf, size_t size, struct inode **jump);
    /* A new symbolic link name -> target (NUL-terminated) in dir. */
    int (*symlink)(struct inode *dir, const char *name, size_t len, const char *target);
    /* Optional (swap files, Linux's bmap): where the file's bytes from pos
       are on the disk: *dev and *disk_byte, and in *len (asked: at most)
       how many of them follow contiguously there.  -ENXIO for a hole;
       file systems without it cannot hold a swap file. */
    int (*bmap)(struct inode *ino, uint64_t pos, uint64_t *len, struct blkdev **dev,
                uint64_t *disk_byte);
};

/* splice_read's receiver: takes its own reference on page p and holds
   [off, off + len) of it (p NULL: len bytes of a hole, zeros).  0, or a
   negative errno to stop (it is full). */
typedef int (*splice_take_fn)(void *ctx, struct page *p, uint32_t off, uint32_t len);

struct file_ops {
    long (*read)(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos);
    long (*write)(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos);
    int64_t (*lseek)(struct file *f, int64_t off, int whence);
    /* Fills buf with whole struct linux_dirent64 records; bytes or -errno. */
    long (*getdents64)(struct file *f, struct iobuf *buf, size_t n);
    int (*fstat)(struct file *f, struct kstat *st);
    int (*fsync)(struct file *f);
    int (*ftruncate)(struct file *f, uint64_t size);
    /* Optional: fallocate(2) of [off, off + len) with mode 0, KEEP_SIZE or
       PUNCH_HOLE|KEEP_SIZE (vfs_fallocate checked the rest); files without
       it give EOPNOTSUPP (ext2, as on Linux). */
    int (*fallocate)(struct file *f, int mode, uint64_t off, uint64_t len);
    long (*ioctl)(struct file *f, unsigned long cmd, unsigned long arg);
    int (*open)(struct inode *ino, struct file *f); /* optional */
    void (*release)(struct file *f);
    /* Optional: the process owning descriptor table `owner` closes one of
       its descriptors of f (close, dup2 over it, close-on-exec, exit), not
       necessarily the last (Linux's ->flush): state kept per process ends
       (mq_notify's registration). */
    void (*flush)(struct file *f, const struct files *owner);
    /* Optional: the file can be mapped (mmap(2)).  Gives the object a region
       refers to and its page-level ops (mm/vm.h); files without it (pipes,
       terminals, directories, procfs) give ENODEV. */
    int (*mmap)(struct file *f, const struct vm_backing_ops **ops, void **obj);
    /* Optional: the events true now (POLLIN, POLLOUT... kernel/lib/poll.h),
       after poll_wait(pt, wq) on every queue whose wake-up may change them.
       Never sleeps.  Files without it are always ready (POLL_DEFAULT_MASK)
       and cannot be watched by epoll (EPERM), as on Linux. */
    uint32_t (*poll)(struct file *f, struct poll_table *pt);
    /* Optional: hands take() the file's own pages for at most n bytes from
       *pos on, without copying them (splice, sendfile: kernel/ipc/splice.c),
       and moves *pos past what it took.  The bytes handed, 0 at the end of
       file, or a negative errno.  A file without it is spliced through
       one copy by its read. */
    long (*splice_read)(struct file *f, uint64_t *pos, size_t n, splice_take_fn take, void *ctx);
};

struct super_ops {
    int (*sync)(struct super_block *sb);
    void (*unmount)(struct super_block *sb);
    /* Optional: sizes and counts for statfs(2) (kernel/fs/statfs.h). */
    void (*statfs)(struct super_block *sb, struct statfs_linux *st);
};

struct super_block {
    const struct super_ops *ops;
    const char *type;
    uint32_t dev_id;
    struct inode *root;
    struct inode *covered;   /* the directory this file system is mounted on */
    struct list_head inodes; /* in-memory inodes (struct inode.sb_link) */
    void *fs;                /* the file system's own data */
};

struct inode {
    struct super_block *sb;
    uint64_t ino;
    int refcount;
    uint32_t mode, nlink, uid, gid, rdev;
    uint64_t size;
    uint64_t blocks; /* 512-byte units, as st_blocks */
    int64_t atime, mtime, ctime;
    const struct inode_ops *iops;
    const struct file_ops *fops;
    struct pcache_mapping mapping;
    struct super_block *mounted; /* a file system mounted on this directory */
    /* An active swap file (Linux's S_SWAPFILE): swap writes its blocks
       directly, so it may not be written, truncated or unlinked. */
    bool swapfile;
    struct list_head sb_link;
    void *private;
};

struct file {
    int refcount;
    struct inode *inode;
    uint64_t pos;
    int flags;
    const struct file_ops *fops;
    void *private;
    char *path;                   /* as opened, absolute when known (for
                                     /proc/PID/maps); NULL if unknown */
    pcache_ra ra;                 /* read-ahead state of reads and faults through this file */
    struct list_head epoll_links; /* epoll watches of this file (fs/eventpoll.c) */
};

/* inodes */
void inode_init(struct inode *ino, struct super_block *sb, uint64_t number);
struct inode *inode_find(struct super_block *sb, uint64_t number); /* referenced, or NULL */
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
void inode_fill_kstat(struct inode *ino, struct kstat *st);
int64_t vfs_now(void); /* seconds since the epoch */

/* mounts */
void super_init(struct super_block *sb, const struct super_ops *ops, const char *type);
/* Held by every change of names in a directory (namespace.c). */
extern struct sleeplock namespace_lock;
int vfs_mount_root(struct super_block *sb);
int vfs_mount(struct inode *cwd, const char *path, struct super_block *sb);
struct inode *vfs_root(void); /* referenced */

/* path lookup (fs/path.c) */
#define LOOKUP_PARENT   1  /* stop at the parent of the last component */
#define LOOKUP_NOFOLLOW 2  /* a symbolic link as the last component is the result */
#define SYMLINK_MAX     40 /* links followed in one lookup (Linux's MAXSYMLINKS): then ELOOP */
/* Resolves path (absolute, or relative to cwd; NULL cwd = root).  With
   LOOKUP_PARENT, *out is the parent and last/last_len the final name. */
int vfs_lookup(struct inode *cwd, const char *path, int flags, struct inode **out,
               const char **last, size_t *last_len);
/* Where a relative path starts: a directory and, when known, its absolute
   path (NULL: unknown). */
struct lookup_start {
    struct inode *dir; /* NULL: the root */
    const char *path;
};
/* vfs_lookup, also spelling into canon (PATH_MAX bytes, or NULL) the
   absolute path of the result (with LOOKUP_PARENT: of the parent) with
   every link resolved; canon is "" when it cannot be known (a relative
   start whose path is unknown, an object with no name). */
int vfs_resolve(const struct lookup_start *start, const char *path, int flags, struct inode **out,
                const char **last, size_t *last_len, char *canon);

/* files */
int vfs_open(struct inode *cwd, const char *path, int flags, uint32_t mode, struct file **out);
/* The same from start; the file's path (f->path) is its absolute one. */
int vfs_open_at(const struct lookup_start *start, const char *path, int flags, uint32_t mode,
                struct file **out);
struct file *file_alloc(struct inode *ino, int flags, const struct file_ops *fops);
void file_get(struct file *f);
void file_put(struct file *f);
long vfs_read(struct file *f, struct iobuf *buf, size_t n);
long vfs_write(struct file *f, struct iobuf *buf, size_t n);
/* Why write(2) to f would be refused before it starts (EBADF: not open for
   writing, EINVAL: the file cannot be written), or 0. */
long vfs_write_refused(const struct file *f);
/* Was f opened for writing (O_WRONLY or O_RDWR)? */
bool vfs_can_write(const struct file *f);
/* Does f have positions (pread, pwrite, preadv...)?  A pipe, socket or
   terminal (no lseek) does not: those calls are ESPIPE. */
bool vfs_has_positions(const struct file *f);
long vfs_pread(struct file *f, struct iobuf *buf, size_t n, uint64_t pos);
long vfs_pwrite(struct file *f, struct iobuf *buf, size_t n, uint64_t pos);
int64_t vfs_lseek(struct file *f, int64_t off, int whence);
long vfs_getdents64(struct file *f, struct iobuf *buf, size_t n);
int vfs_fstat(struct file *f, struct kstat *st);
int vfs_fsync(struct file *f);
int vfs_ftruncate(struct file *f, int64_t size);
/* fallocate(2) with Linux's checks in Linux's order (kernel/fs/file_space.c). */
int vfs_fallocate(struct file *f, int mode, int64_t off, int64_t len);
/* posix_fadvise(2): WILLNEED reads the range into the page cache,
   DONTNEED writes it back and evicts what nobody maps (file_space.c). */
int vfs_fadvise(struct file *f, int64_t off, int64_t len, int advice);
long vfs_ioctl(struct file *f, unsigned long cmd, unsigned long arg);
/* The file's ready events (POLL_DEFAULT_MASK without a poll operation),
   registering on its wait queues through pt (may be NULL). */
uint32_t vfs_poll(struct file *f, struct poll_table *pt);
/* Does the file have a poll operation (may epoll watch it)? */
static inline bool vfs_can_poll(const struct file *f) { return f->fops && f->fops->poll; }

/* name space */
int vfs_stat(struct inode *cwd, const char *path, struct kstat *st);
int vfs_lstat(struct inode *cwd, const char *path, struct kstat *st); /* the link itself */
/* symlink(2): a link at linkpath whose text is target. */
int vfs_symlink(struct inode *cwd, const char *target, const char *linkpath);
/* readlink(2) of path (not followed): the text's length, or -EINVAL when
   it is not a link. */
long vfs_readlink(struct inode *cwd, const char *path, char *buf, size_t size);
int vfs_mkdir(struct inode *cwd, const char *path, uint32_t mode);
int vfs_rmdir(struct inode *cwd, const char *path);
int vfs_unlink(struct inode *cwd, const char *path);
int vfs_link(struct inode *cwd, const char *oldpath, const char *newpath);
int vfs_rename(struct inode *cwd, const char *oldpath, const char *newpath);
/* The same with each path relative to its own directory (renameat, linkat). */
int vfs_rename2(struct inode *olddir, const char *oldpath, struct inode *newdir,
                const char *newpath);
int vfs_link2(struct inode *olddir, const char *oldpath, struct inode *newdir, const char *newpath,
              bool follow);
int vfs_mknod(struct inode *cwd, const char *path, uint32_t mode, uint32_t rdev);
int vfs_truncate(struct inode *cwd, const char *path, int64_t size);
/* sync(2): the file systems' metadata, then every dirty page. */
int vfs_sync(void);

/* Page-cache backed regular files (fs/file_rw.c): the file_ops a disk file
   system uses for regular files. */
extern const struct file_ops generic_file_ops;
long generic_file_read(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos);
long generic_file_write(struct file *f, struct iobuf *buf, size_t n, uint64_t *pos);
int64_t generic_file_lseek(struct file *f, int64_t off, int whence);
/* lseek's SEEK_DATA and SEEK_HOLE: ENXIO at or past the end; next_data and
   next_hole give the first page index >= from with data / without it (NULL:
   every byte is data, the end of the file the one hole, Linux's rule for
   file systems that keep no holes, ext2's). */
int64_t file_seek_data_or_hole(struct file *f, int64_t off, int whence,
                               uint64_t (*next_data)(struct inode *i, uint64_t from),
                               uint64_t (*next_hole)(struct inode *i, uint64_t from));
/* What an offset counts from for whence (SEEK_SET, SEEK_CUR, SEEK_END: 0,
   the file position, the size), or -EINVAL: lseek and fcntl's locks. */
int64_t file_whence_base(const struct file *f, int whence);
int generic_file_fstat(struct file *f, struct kstat *st);
int generic_file_fsync(struct file *f);
int generic_file_ftruncate(struct file *f, uint64_t size);
/* Calls take() with each page of [*pos, *pos + n) of a page-cache file
   (cut at its end), read (ahead) from the disk first where needed, counting
   that disk I/O for mech; stops at take()'s error.  Moves *pos past what
   was taken; returns those bytes, or the error if none (fs/file_rw.c).
   read() and splice_read are both this walk. */
long file_each_cached_page(struct file *f, uint64_t *pos, size_t n, enum copy_mech mech,
                           splice_take_fn take, void *ctx);
/* splice_read of a page-cache file (fs/file_splice.c): its cached pages,
   read (ahead) from the disk first where needed. */
long generic_file_splice_read(struct file *f, uint64_t *pos, size_t n, splice_take_fn take,
                              void *ctx);
/* mmap of a page-cache file (fs/file_mmap.c): regions map its cache pages. */
int generic_file_mmap(struct file *f, const struct vm_backing_ops **ops, void **obj);
/* A program file for execve (fs/file_mmap.c): its pages as a backing object
   held for the caller (ops->release when done), and its size.  0, or
   -ENOENT..., -EACCES when it is not an executable regular file. */
int vfs_open_exec(const struct lookup_start *start, const char *path,
                  const struct vm_backing_ops **ops, void **obj, uint64_t *size);
/* The same as an open file (read-only, its absolute path remembered): fs/file.c. */
int vfs_open_exec_file(const struct lookup_start *start, const char *path, struct file **out);
/* The open file behind a backing object vfs_open_exec gave; NULL for any other. */
struct file *vfs_exec_file(const struct vm_backing_ops *ops, void *obj);
/* The inode behind a program vfs_open_exec gave (for its owner and its
   set-user-ID bits), or NULL for another kind of backing object. */
struct inode *vfs_exec_inode(const struct vm_backing_ops *ops, void *obj);

/* Character devices: a driver registers file_ops under a major number; a
   device inode (S_IFCHR, rdev = major << 8 | minor) opens with them. */
#define CHRDEV_MAJOR_MAX 64
#define RDEV_MAJOR(rdev) (((rdev) >> 8) & 0xfff)
#define RDEV_MINOR(rdev) ((rdev)&0xff)
#define MKDEV(ma, mi)    (((ma) << 8) | (mi))
int chrdev_register(unsigned major, const char *name, const struct file_ops *fops);
const struct file_ops *chrdev_fops(uint32_t rdev);
/* FIFOs (S_IFIFO inodes, mkfifo): the pipe layer registers the file_ops
   they open with (kernel/ipc/pipe.c); their open() attaches the file to the
   FIFO's pipe. */
void fifo_register(const struct file_ops *fops);
const struct file_ops *fifo_fops(void);

#endif
