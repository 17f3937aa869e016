/*
 * kernel/ipc/ipc_sysctl.c: numbers written to /proc/sys IPC limits (ipc_sysctl.h).
 */
#include "kernel/ipc/ipc_sysctl.h"
#include <stdbool.h>
#include "kernel/lib/errno.h"

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == 0; }

/* The next number at data[*i]: 1 with its sign and magnitude, 0 at the
   end of the text, -EINVAL for anything else. */
static int next_number(const char *data, size_t len, size_t *i, bool *neg, uint64_t *mag)
{
    while (*i < len && blank(data[*i]))
        (*i)++;
    if (*i == len)
        return 0;
    *neg = data[*i] == '-';
    if (data[*i] == '-' || data[*i] == '+')
        (*i)++;
    if (*i == len || data[*i] < '0' || data[*i] > '9')
        return -EINVAL;
    *mag = 0;
    for (; *i < len && data[*i] >= '0' && data[*i] <= '9'; (*i)++) {
        uint64_t d = (uint64_t)(data[*i] - '0');
        if (*mag > (UINT64_MAX - d) / 10)
            return -EINVAL;
        *mag = *mag * 10 + d;
    }
    return *i == len || blank(data[*i]) ? 1 : -EINVAL;
}

int ipc_sysctl_parse(const char *data, size_t len, int64_t *out, int count, int64_t min,
                     int64_t max)
{
    int64_t vals[IPC_SYSCTL_MAX_VALUES];
    int n = 0;
    size_t i = 0;
    bool neg;
    uint64_t mag;
    int r;
    if (count > IPC_SYSCTL_MAX_VALUES)
        return -EINVAL;
    while ((r = next_number(data, len, &i, &neg, &mag)) == 1) {
        if (n == count || mag > (uint64_t)INT64_MAX)
            return -EINVAL;
        int64_t v = neg ? -(int64_t)mag : (int64_t)mag;
        if (v < min || v > max)
            return -EINVAL;
        vals[n++] = v;
    }
    if (r < 0 || n == 0)
        return -EINVAL;
    for (int k = 0; k < n; k++)
        out[k] = vals[k];
    return 0;
}

int ipc_sysctl_parse_ulong(const char *data, size_t len, uint64_t *out, uint64_t min, uint64_t max)
{
    size_t i = 0;
    bool neg;
    uint64_t mag, extra;
    if (next_number(data, len, &i, &neg, &mag) != 1 || neg || mag < min || mag > max)
        return -EINVAL;
    if (next_number(data, len, &i, &neg, &extra) != 0)
        return -EINVAL;
    *out = mag;
    return 0;
}

int ipc_sysctl_store_int(const char *data, size_t len, int *value, int min, int max)
{
    int64_t v;
    int err = ipc_sysctl_parse(data, len, &v, 1, min, max);
    if (!err)
        *value = (int)v;
    return err;
}
