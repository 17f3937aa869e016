/* kernel/fs/blkdev_file.h: the file operations of block device nodes (S_IFBLK). */
#ifndef PAGELAB_FS_BLKDEV_FILE_H
#define PAGELAB_FS_BLKDEV_FILE_H

#include "kernel/fs/vfs.h"

extern const struct file_ops blkdev_file_ops;

#endif
