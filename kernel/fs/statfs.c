/*
 * kernel/fs/statfs.c: statfs of a mounted file system (statfs.h).
 */
#include "kernel/fs/statfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/lib/string.h"

#define NAME_MAX_LINUX 255

/* linux/magic.h, by our type names. */
static int64_t magic_of(const char *type)
{
    static const struct {
        const char *type;
        int64_t magic;
    } magics[] = {
        { "ext2", 0xEF53 },       { "tmpfs", 0x01021994 },  { "procfs", 0x9fa0 },
        { "devfs", 0x01021994 }, /* devtmpfs is a tmpfs */
        { "pipefs", 0x50495045 }, { "sockfs", 0x534F434B }, { "anon_inodefs", 0x09041934 },
        { "mqueue", 0x19800202 },
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (type && !strcmp(type, magics[i].type))
            return magics[i].magic;
    return 0;
}

void vfs_statfs(struct super_block *sb, struct statfs_linux *st)
{
    memset(st, 0, sizeof *st);
    st->f_type = magic_of(sb->type);
    st->f_bsize = 4096;
    st->f_frsize = 4096;
    st->f_namelen = NAME_MAX_LINUX;
    st->f_fsid[0] = (int32_t)sb->dev_id;
    st->f_flags = ST_VALID;
    if (sb->ops && sb->ops->statfs)
        sb->ops->statfs(sb, st);
}
