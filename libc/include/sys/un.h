/* sys/un.h (POSIX): Unix domain socket addresses (unix(7)). */
#ifndef _SYS_UN_H
#define _SYS_UN_H
#include <sys/socket.h>

struct sockaddr_un {
    sa_family_t sun_family; /* AF_UNIX */
    char sun_path[UNIX_PATH_MAX];
};

/* The length of an address whose sun_path is a C string (BSD's macro). */
#define SUN_LEN(su) (sizeof(sa_family_t) + strlen((su)->sun_path))

#endif
