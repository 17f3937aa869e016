/* sys/file.h (BSD, Linux): flock(2), whole-file advisory locks. */
#ifndef _SYS_FILE_H
#define _SYS_FILE_H

#include <pagelab/fcntl_values.h> /* LOCK_SH LOCK_EX LOCK_NB LOCK_UN */

int flock(int fd, int operation);

#endif
