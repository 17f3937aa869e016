/*
 * kernel/drivers/bootmod.h: GRUB boot modules as executable files.
 *
 * Before any file system is mounted, a program can come from a multiboot2
 * module whose command line is its path (module2 /init.elf /bin/init):
 * execve looks here when the file system has no such path.
 */
#ifndef PAGELAB_DRIVERS_BOOTMOD_H
#define PAGELAB_DRIVERS_BOOTMOD_H

#include <stdint.h>

#define BOOTMOD_MAX 8

/* A module as the boot loader left it in physical memory. */
struct boot_module {
    uint64_t start; /* physical */
    uint64_t end;
    char name[64]; /* its command line */
};

struct vm_backing_ops;

/* Copies the modules whose name is a path into frames of their own. */
void bootmod_init(const struct boot_module *modules, int count);

/* The module named path, as a backing object for mapping (nothing to hold
   or release: modules live as long as the kernel).  0 or -ENOENT. */
int bootmod_open(const char *path, const struct vm_backing_ops **ops, void **obj, uint64_t *size);

#endif
