/* kernel/lib/cred.c: group membership of a credential set (cred.h). */
#include "kernel/lib/cred.h"

static bool in_supplementary(const struct cred *c, uint32_t gid)
{
    for (int i = 0; i < c->ngroups; i++)
        if (c->groups[i] == gid)
            return true;
    return false;
}

bool cred_in_group(const struct cred *c, uint32_t gid)
{
    return gid == c->fsgid || in_supplementary(c, gid);
}

bool cred_in_egroup(const struct cred *c, uint32_t gid)
{
    return gid == c->egid || in_supplementary(c, gid);
}
