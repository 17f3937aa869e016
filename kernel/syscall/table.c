/*
 * kernel/syscall/table.c: the table of kernel/syscall/table.h as data: for
 * each number, its name, its argument kinds and a small function that
 * converts the six argument registers to the handler's parameter types
 * and calls it.  Each line's number is checked against Linux's list.
 */
#include "kernel/syscall/syscall.h"

#define SYSCALL_CALLER(nr, name, handler, ...)            \
    static long call_##name(const uint64_t *args)         \
    {                                                     \
        (void)args;                                       \
        return handler(SC_MAP(SC_ARG_OF, ##__VA_ARGS__)); \
    }
SYSCALL_TABLE(SYSCALL_CALLER)

#define SYSCALL_ENTRY(nr, name, handler, ...) \
    [nr] = { #name, call_##name, SC_NARGS(__VA_ARGS__), { SC_MAP(SC_KIND_OF, ##__VA_ARGS__) } },

const struct syscall_desc syscall_table[SYSCALL_MAX] = { SYSCALL_TABLE(SYSCALL_ENTRY) };

#define SYSCALL_CHECK(nr, name, handler, ...) \
    _Static_assert(nr == SYS_##name, "table.h: " #name " is not number " #nr " in syscall_nr.h");
SYSCALL_TABLE(SYSCALL_CHECK)

const char *syscall_name(uint64_t nr) { return nr < SYSCALL_MAX ? syscall_names[nr] : NULL; }
