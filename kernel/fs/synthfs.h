/*
 * kernel/fs/synthfs.h: small file systems whose files are made up on the
 * spot (procfs, devfs).
 *
 * A directory is described by a function that returns its index-th entry;
 * a regular file by a function that writes its whole content when it is
 * opened (reads then see that snapshot, as Linux's seq_file does for most
 * /proc files); a device node by its mode and device number; a symbolic
 * link by a function that gives its text (and, for a magic link of /proc,
 * the object it stands for).  Inodes are
 * made at lookup and freed when the last reference goes; each holds its
 * parent, so ".." finds it.  A directory entry may carry a mounted file
 * system (devfs's /dev/shm): every inode made for it is a mount point.
 */
#ifndef PAGELAB_FS_SYNTHFS_H
#define PAGELAB_FS_SYNTHFS_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/fs/vfs.h"

#define SYNTH_NAME_MAX 32
#define SYNTH_FILE_MAX (16 * 1024) /* largest generated file */

/* Writes the file's content into buf (at most size bytes); returns the
   length, or -errno (the open fails with it). */
typedef long (*synth_show_fn)(void *arg, char *buf, size_t size);

/* Takes what a program wrote to the file (at most SYNTH_STORE_MAX bytes, in
   one write); returns 0 or -errno for write(2). */
typedef int (*synth_store_fn)(void *arg, const char *data, size_t len);
#define SYNTH_STORE_MAX 64

/* A link's text into buf (at most size bytes, no NUL): its length or
   -errno.  When jump is not NULL the link is being followed: a magic link
   sets *jump to its object (referenced). */
typedef long (*synth_link_fn)(void *arg, char *buf, size_t size, struct inode **jump);

struct synth_entry;
/* Fills *out with the index-th entry of a directory; 0, or -ENOENT past the end. */
typedef int (*synth_list_fn)(void *arg, int index, struct synth_entry *out);

struct synth_entry {
    char name[SYNTH_NAME_MAX];
    uint32_t mode;        /* S_IFDIR / S_IFREG / S_IFCHR / S_IFLNK | permissions */
    uint32_t rdev;        /* device nodes */
    synth_show_fn show;   /* regular files */
    synth_store_fn store; /* writable regular files (optional) */
    synth_list_fn list;   /* directories */
    synth_link_fn link;   /* symbolic links */
    void *arg;            /* passed to show / list */
    uint64_t ino;         /* unique within the file system */
    /* Directories: a file system mounted here (lookup crosses into its root);
       NULL for none. */
    struct super_block *mounted;
};

/* A new file system whose root directory is listed by list(arg). */
struct super_block *synthfs_create(const char *type, synth_list_fn list, void *arg);

#endif
