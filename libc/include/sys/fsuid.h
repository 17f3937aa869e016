/* sys/fsuid.h (Linux): the ids file permission checks use. */
#ifndef _SYS_FSUID_H
#define _SYS_FSUID_H
#include <sys/types.h>

/* Both return the previous id, whether or not the new one was taken. */
int setfsuid(uid_t fsuid);
int setfsgid(gid_t fsgid);

#endif
