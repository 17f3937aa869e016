/* dirent.h (POSIX): directory streams over Linux's getdents64. */
#ifndef _DIRENT_H
#define _DIRENT_H
#include <sys/types.h>

#include <pagelab/dirent_values.h>

struct dirent {
    ino_t d_ino;
    off_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[256];
};

typedef struct pl_dir DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);

#endif
