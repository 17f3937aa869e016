/* kernel/lib/cmdline.h: options from the kernel command line ("key=value key2"). */
#ifndef PAGELAB_LIB_CMDLINE_H
#define PAGELAB_LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Copies the value of key=value into buf (NUL-terminated); returns false if
   the key is absent.  A bare "key" has the value "". */
bool cmdline_get(const char *cmdline, const char *key, char *buf, size_t size);
bool cmdline_has(const char *cmdline, const char *key);

/* The kernel's own command line: kept by cmdline_init at boot, shown in
   /proc/cmdline. */
void cmdline_init(const char *cmdline);
const char *kernel_cmdline(void);

#endif
