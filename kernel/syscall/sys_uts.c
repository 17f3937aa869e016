/*
 * kernel/syscall/sys_uts.c: the system's names: uname, sethostname,
 * setdomainname, and their files /proc/sys/kernel/{hostname, domainname,
 * ostype, osrelease, version} (writing the first two is sethostname and
 * setdomainname, for root, as on Linux).
 *
 * The kernel says what it is: sysname "pagelab", its release and version;
 * the node and domain names are whatever root set (Linux's defaults:
 * "(none)" for the domain; the node name starts as "pagelab").
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/printk.h"
#include "kernel/lib/procfile.h"
#include "kernel/lib/string.h"
#include "kernel/lib/task.h"

#define UTS_LEN 64 /* Linux's __NEW_UTS_LEN: a name, without its NUL */

struct utsname_linux {
    char sysname[UTS_LEN + 1], nodename[UTS_LEN + 1], release[UTS_LEN + 1], version[UTS_LEN + 1],
        machine[UTS_LEN + 1], domainname[UTS_LEN + 1];
};

static struct utsname_linux uts = {
    .sysname = "pagelab",
    .nodename = "pagelab",
    .release = "0.1",
    .version = "pagelab teaching kernel",
    .machine = "x86_64",
    .domainname = "(none)",
};

long sys_uname(uint64_t buf)
{
    return copy_to_user((void *)buf, &uts, sizeof uts, MECH_SYSCALL_ARGS) ? -EFAULT : 0;
}

/* A new name of len bytes (not NUL-terminated) from user memory: 0,
   -EPERM (not root), -EINVAL (longer than 64 bytes) or -EFAULT. */
static long set_name(char *field, uint64_t uname, int len)
{
    if (task_euid() != 0)
        return -EPERM; /* CAP_SYS_ADMIN */
    if (len < 0 || len > UTS_LEN)
        return -EINVAL;
    char name[UTS_LEN + 1] = { 0 };
    if (len && copy_from_user(name, (const void *)uname, (size_t)len, MECH_SYSCALL_ARGS))
        return -EFAULT;
    memset(field, 0, UTS_LEN + 1);
    strlcpy(field, name, UTS_LEN + 1);
    return 0;
}

long sys_sethostname(uint64_t name, int len) { return set_name(uts.nodename, name, len); }
long sys_setdomainname(uint64_t name, int len) { return set_name(uts.domainname, name, len); }

/* ---- /proc/sys/kernel ---------------------------------------------------------------------- */

static long show_field(void *arg, char *buf, size_t size)
{
    return snprintf(buf, size, "%s\n", (const char *)arg);
}

/* A write (echo NAME > /proc/sys/kernel/hostname): the name up to its
   newline; the file's mode (0644) already kept others out. */
static int store_field(char *field, const char *data, size_t len)
{
    while (len && (data[len - 1] == '\n' || data[len - 1] == '\0'))
        len--;
    if (len > UTS_LEN)
        return -EINVAL;
    memset(field, 0, UTS_LEN + 1);
    memcpy(field, data, len); /* a name: bookkeeping */
    return 0;
}

static long show_hostname(void *arg, char *buf, size_t size)
{
    return show_field(uts.nodename, buf, size);
}
static int store_hostname(void *arg, const char *data, size_t len)
{
    return store_field(uts.nodename, data, len);
}
static long show_domainname(void *arg, char *buf, size_t size)
{
    return show_field(uts.domainname, buf, size);
}
static int store_domainname(void *arg, const char *data, size_t len)
{
    return store_field(uts.domainname, data, len);
}
static long show_ostype(void *arg, char *buf, size_t size)
{
    return show_field(uts.sysname, buf, size);
}
static long show_osrelease(void *arg, char *buf, size_t size)
{
    return show_field(uts.release, buf, size);
}
static long show_version(void *arg, char *buf, size_t size)
{
    return show_field(uts.version, buf, size);
}

PROC_FILE(uts_hostname, "sys/kernel/hostname", show_hostname, store_hostname);
PROC_FILE(uts_domainname, "sys/kernel/domainname", show_domainname, store_domainname);
PROC_FILE(uts_ostype, "sys/kernel/ostype", show_ostype, NULL);
PROC_FILE(uts_osrelease, "sys/kernel/osrelease", show_osrelease, NULL);
PROC_FILE(uts_version, "sys/kernel/version", show_version, NULL);
