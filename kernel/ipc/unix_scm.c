/*
 * kernel/ipc/unix_scm.c: control messages of Unix sockets (cmsg(3),
 * unix(7) "Ancillary messages"): SCM_RIGHTS passes open files, and
 * SCM_CREDENTIALS the sender's pid, uid and gid.
 *
 * Sending: msg_control (copied in by the syscall layer) is a sequence of
 * struct cmsghdr records, each 8-byte aligned.  Every record must be whole
 * (cmsg_len >= 16 and inside msg_controllen) or the call fails with EINVAL;
 * records of other levels are skipped, unknown SOL_SOCKET types are EINVAL.
 * The descriptors of all SCM_RIGHTS records add up to at most SCM_MAX_FD
 * (253); each must be open (EBADF).  The message holds a reference on each
 * file: the descriptor passing itself copies no payload.
 *
 * Receiving: credentials come first if the receiver set SO_PASSCRED, then
 * the descriptors, installed as new descriptors of the receiver (close-on-
 * exec with MSG_CMSG_CLOEXEC) as far as the control buffer has room; the
 * rest are closed and MSG_CTRUNC is set.  A control buffer that cannot be
 * written loses its messages (MSG_CTRUNC), as on Linux, not the data.
 */
#include "kernel/copy/uaccess.h"
#include "kernel/fs/fdtable.h"
#include "kernel/ipc/unix_internal.h"
#include "kernel/lib/cred.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

/* struct cmsghdr of Linux x86-64: size_t cmsg_len, int level, int type. */
struct cmsghdr_linux {
    uint64_t cmsg_len;
    int32_t cmsg_level;
    int32_t cmsg_type;
};
#define CMSG_HDR         ((uint64_t)sizeof(struct cmsghdr_linux)) /* 16 */
#define CMSG_ALIGN_TO(n) (((n) + 7) & ~(uint64_t)7)
#define CMSG_LEN_OF(n)   (CMSG_HDR + (n))
#define CMSG_SPACE_OF(n) (CMSG_HDR + CMSG_ALIGN_TO(n))
#define UCRED_SIZE       ((uint64_t)sizeof(struct task_cred)) /* 12 */

static struct scm_fds *fds_alloc(int count)
{
    struct scm_fds *fds = kmalloc(sizeof *fds + (size_t)count * sizeof(struct file *));
    if (fds) {
        fds->count = 0;
        fds->next = NULL;
    }
    return fds;
}

void scm_fds_put(struct scm_fds *fds)
{
    if (!fds)
        return;
    for (int i = 0; i < fds->count; i++) {
        unix_inflight_del(fds->files[i]);
        file_put(fds->files[i]);
    }
    kfree(fds);
}

struct scm_fds *scm_fds_dup(const struct scm_fds *fds)
{
    struct scm_fds *d = fds_alloc(fds->count);
    if (!d)
        return NULL;
    for (int i = 0; i < fds->count; i++) {
        file_get(fds->files[i]);
        unix_inflight_add(fds->files[i]);
        d->files[d->count++] = fds->files[i];
    }
    return d;
}

/* Adds the descriptors of one SCM_RIGHTS record to out->fds (room for
   SCM_MAX_FD, made at the first record). */
static int add_rights(struct files *files, const uint8_t *data, uint64_t n, struct unix_scm *out)
{
    if (n == 0)
        return 0;
    if (!out->fds && !(out->fds = fds_alloc(SCM_MAX_FD)))
        return -ENOMEM;
    if (out->fds->count + n > SCM_MAX_FD)
        return -EINVAL;
    for (uint64_t i = 0; i < n; i++) {
        int fd = ((const int *)data)[i]; /* 4-byte aligned: records are 8-byte aligned */
        struct file *f = files ? fd_file(files, fd) : NULL;
        if (!f)
            return -EBADF;
        file_get(f);
        unix_inflight_add(f);
        out->fds->files[out->fds->count++] = f;
    }
    return 0;
}

/* SCM_CREDENTIALS: a process may name itself and ids it has (real,
   effective or saved); root may name any uid and gid and any live process,
   as Linux allows with CAP_SYS_ADMIN, CAP_SETUID and CAP_SETGID (EPERM). */
static int set_creds(const uint8_t *data, uint64_t n, struct unix_scm *out)
{
    if (n != UCRED_SIZE)
        return -EINVAL;
    struct task_cred c = *(const struct task_cred *)data; /* struct ucred */
    const struct cred *me = cred_current();
    bool root = me->euid == ROOT_UID;
    bool uid_ok = c.uid == me->uid || c.uid == me->euid || c.uid == me->suid;
    bool gid_ok = c.gid == me->gid || c.gid == me->egid || c.gid == me->sgid;
    if (!root && (c.pid != task_tgid() || !uid_ok || !gid_ok))
        return -EPERM;
    if (!task_pid_exists(c.pid))
        return -ESRCH;
    out->cred = c;
    return 0;
}

static int parse(struct files *files, const uint8_t *ctl, size_t len, struct unix_scm *out)
{
    uint64_t off = 0;
    while (len >= CMSG_HDR && off <= len - CMSG_HDR) {
        /* ctl is kmalloc'd (16-byte aligned) and off a multiple of 8 */
        struct cmsghdr_linux h = *(const struct cmsghdr_linux *)(ctl + off);
        if (h.cmsg_len < CMSG_HDR || h.cmsg_len > len - off)
            return -EINVAL; /* Linux's CMSG_OK */
        const uint8_t *data = ctl + off + CMSG_HDR;
        uint64_t n = h.cmsg_len - CMSG_HDR;
        int err = 0;
        if (h.cmsg_level == SOL_SOCKET) {
            if (h.cmsg_type == SCM_RIGHTS)
                err = add_rights(files, data, n / sizeof(int), out);
            else if (h.cmsg_type == SCM_CREDENTIALS)
                err = set_creds(data, n, out);
            else
                err = -EINVAL;
        }
        if (err)
            return err;
        off += CMSG_ALIGN_TO(h.cmsg_len);
    }
    return 0;
}

int unix_scm_parse(struct files *files, const void *control, size_t len, struct unix_scm *out)
{
    out->fds = NULL;
    task_current_cred(&out->cred);
    int err = control ? parse(files, control, len, out) : 0;
    if (err) {
        scm_fds_put(out->fds);
        out->fds = NULL;
    }
    return err;
}

/* The caller's control buffer, filled from the front. */
struct ctl_out {
    struct unix_recv *m;
    uint64_t used;
};

static uint64_t ctl_room(const struct ctl_out *c)
{
    return c->m->ucontrol ? c->m->controllen - c->used : 0;
}

static uint64_t ctl_at(const struct ctl_out *c) { return c->m->ucontrol + c->used; }

/* Linux's put_cmsg: a record of n bytes, cut short (MSG_CTRUNC) if it does
   not fit; nothing at all if not even a header fits. */
static void put_record(struct ctl_out *c, int type, const void *data, uint64_t n)
{
    uint64_t room = ctl_room(c);
    if (room < CMSG_HDR) {
        c->m->msg_flags |= MSG_CTRUNC;
        return;
    }
    uint64_t len = CMSG_LEN_OF(n);
    if (room < len) {
        c->m->msg_flags |= MSG_CTRUNC;
        len = room;
    }
    struct cmsghdr_linux h = { CMSG_LEN_OF(n), SOL_SOCKET, type };
    if (copy_to_user((void *)ctl_at(c), &h, sizeof h, MECH_SYSCALL_ARGS) ||
        copy_to_user((void *)(ctl_at(c) + CMSG_HDR), data, len - CMSG_HDR, MECH_SYSCALL_ARGS)) {
        c->m->msg_flags |= MSG_CTRUNC;
        return;
    }
    uint64_t space = CMSG_SPACE_OF(n);
    c->used += space < room ? space : room;
}

/* Linux's scm_detach_fds: as many descriptors as the buffer holds; the
   rest are closed. */
static void put_rights(struct ctl_out *c, struct files *files, struct scm_fds *fds)
{
    uint64_t room = ctl_room(c);
    uint64_t fit = room > CMSG_HDR ? (room - CMSG_HDR) / sizeof(int) : 0;
    bool cloexec = c->m->flags & MSG_CMSG_CLOEXEC;
    int given = 0, i = 0;
    for (; files && i < fds->count && (uint64_t)given < fit; i++) {
        struct file *f = fds->files[i];
        int fd = fd_install(files, f, 0, cloexec);
        if (fd < 0)
            break;            /* EMFILE: the rest are closed */
        unix_inflight_del(f); /* the new descriptor holds the reference now */
        uint64_t at = ctl_at(c) + CMSG_HDR + (uint64_t)given * sizeof fd;
        if (copy_to_user((void *)at, &fd, sizeof fd, MECH_SYSCALL_ARGS)) {
            fd_close(files, fd); /* the number cannot be told: no descriptor */
            i++;
            break;
        }
        given++;
    }
    if (given > 0) {
        struct cmsghdr_linux h = { CMSG_LEN_OF((uint64_t)given * sizeof(int)), SOL_SOCKET,
                                   SCM_RIGHTS };
        copy_to_user((void *)ctl_at(c), &h, sizeof h, MECH_SYSCALL_ARGS);
        uint64_t space = CMSG_SPACE_OF((uint64_t)given * sizeof(int));
        c->used += space < room ? space : room;
    }
    if (given < fds->count)
        c->m->msg_flags |= MSG_CTRUNC;
    for (; i < fds->count; i++) {
        unix_inflight_del(fds->files[i]);
        file_put(fds->files[i]);
    }
    kfree(fds);
}

void unix_scm_deliver(struct unix_recv *m, struct files *files, const struct task_cred *cred,
                      bool want_cred, struct scm_fds *fds)
{
    struct ctl_out c = { m, 0 };
    if (want_cred)
        put_record(&c, SCM_CREDENTIALS, cred, UCRED_SIZE);
    if (fds)
        put_rights(&c, files, fds);
    m->control_used = c.used;
}
