/*
 * kernel/fs/memfs/memfs.h: the memory file system (Linux's tmpfs/shmem):
 * files whose pages live only in memory.
 *
 * Its files are read, written, mapped and truncated through the same page
 * cache as ext2's (kernel/mm/pagecache.h): the cache is simply their only
 * copy.  Their mappings are unevictable, so eviction and reclaim never drop
 * a page, and write-back never writes one (there is nowhere to write it); a
 * page that was never written reads as zeros (read() copies zeros without
 * allocating; a fault allocates a zero-filled page).  Everything is gone at
 * reboot: that is the difference from a file of the disk that the
 * shared-memory article (docs/claims.md) wants a student to see.
 *
 * Instances:
 *   - /dev/shm (mounted at boot, mode 1777, at most half of RAM as Linux's
 *     default): POSIX shared memory (shm_open) and named semaphores
 *     (sem_open) are files here;
 *   - /tmp too when the kernel command line says tmp=mem;
 *   - an internal instance with no limit, never mounted, for memfd_create.
 *
 * Seals (F_ADD_SEALS, F_GET_SEALS: fcntl(2), memfd_create(2)) belong to a
 * file of this file system; every other file has none (-EINVAL).
 */
#ifndef PAGELAB_FS_MEMFS_MEMFS_H
#define PAGELAB_FS_MEMFS_MEMFS_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct inode;
struct super_block;

/* A new, empty instance; max_pages 0 for no limit.  NULL when out of memory. */
struct super_block *memfs_create(uint64_t max_pages);
/* Frees an instance that is not mounted and whose root is empty (tests). */
void memfs_destroy(struct super_block *sb);

/* Mounts /dev/shm (and /tmp with tmp=mem on the command line); called once
   at boot after devfs.  0 or -errno. */
int memfs_mount_boot(const char *cmdline);

/* memfd_create(2): a new unlinked file of the internal instance, open for
   reading and writing, named "memfd:NAME" (name is NAME); flags are the
   MFD_* bits other than MFD_CLOEXEC.  0 and *out, or -EINVAL / -ENOMEM. */
int memfs_memfd_create(const char *name, unsigned flags, struct file **out);

/* F_GET_SEALS: the seals of f's file, or -EINVAL for a file of another
   file system. */
long memfs_get_seals(struct file *f);
/* F_ADD_SEALS, with Linux's rules: -EPERM (f not open for writing, or
   F_SEAL_SEAL set), -EINVAL (unknown bits, or not a memfs file), -EBUSY
   (F_SEAL_WRITE while a shared mapping could still write). */
long memfs_add_seals(struct file *f, unsigned seals);
/* The seals of inode i (0 for a file of another file system). */
uint32_t memfs_inode_seals(const struct inode *i);

#endif
