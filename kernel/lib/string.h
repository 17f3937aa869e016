/* kernel/lib/string.h: the kernel's string and memory routines. */
#ifndef PAGELAB_LIB_STRING_H
#define PAGELAB_LIB_STRING_H

#include <stddef.h>

/*
 * memcpy/memmove are for kernel bookkeeping only (structs, metadata).
 * Payload bytes (file data, IPC messages, user buffers) must move through
 * the copy ledger's helpers in kernel/copy.h so that every copy is counted.
 */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
char *strstr(const char *hay, const char *needle);

#endif
