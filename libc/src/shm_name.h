/* shm_name.h: /dev/shm paths for POSIX names (shm.c, semaphore.c). */
#ifndef LIBC_SHM_NAME_H
#define LIBC_SHM_NAME_H
#include <limits.h>

#define SHM_PATH_MAX (NAME_MAX + 10) /* "/dev/shm/" + NAME + NUL */

/* "/NAME" -> "/dev/shm/NAME" in buf (SHM_PATH_MAX bytes): 0, or -1 with
   errno EINVAL (empty, ".", "..", a slash inside) or ENAMETOOLONG. */
int __shm_path(const char *name, char *buf);

#endif
