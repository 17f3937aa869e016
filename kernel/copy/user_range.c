/* kernel/copy/user_range.c: is a user range inside the user half? (pure C,
   shared with the host tests) */
#include "kernel/copy/uaccess.h"
#include "kernel/hw/layout.h"

/* Written so that uaddr + n is never computed: a huge n must not wrap
   around to a small end address. */
bool user_range_ok(uint64_t uaddr, size_t n) { return uaddr <= USER_TOP && n <= USER_TOP - uaddr; }
