/*
 * pagelab/dirent_values.h: Linux's d_type values of getdents64 records
 * (include/linux/fs_types.h), shared by the kernel and our libc.
 */
#ifndef PAGELAB_UAPI_DIRENT_VALUES_H
#define PAGELAB_UAPI_DIRENT_VALUES_H

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

#endif
