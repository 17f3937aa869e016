/* In-kernel tests of the System V id tables (sysv_ids.c) and of the /proc/sys
   number parser (ipc_sysctl.c): cyclic indexes, sequence numbers, stale ids,
   limits, keys, and the permission rules for callers other than root (which
   user space cannot reach yet: every process is root). */
#include "kernel/ipc/ipc_sysctl.h"
#include "kernel/ipc/sysv_ids.h"
#include "kernel/lib/errno.h"
#include "kernel/lib/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/mm/kmalloc.h"

static const struct ipc_caller root = { .pid = 1, .uid = 0, .gid = 0 };

static void drop_all(struct ipc_ids *ids, struct ipc_obj *objs, int n)
{
    for (int i = 0; i < n; i++)
        ipc_remove(ids, &objs[i]);
    kfree(ids->slots);
}

KTEST(ipc_ids_cycle_through_64_indexes_then_bump_the_sequence)
{
    struct ipc_ids ids = IPC_IDS_INIT("test");
    static struct ipc_obj o[IPC_MIN_CYCLE + 1];
    for (int i = 0; i <= IPC_MIN_CYCLE; i++) {
        KASSERT(ipc_add(&ids, &o[i], 100, IPC_PRIVATE, 0600, &root) == 0);
        ipc_remove(&ids, &o[i]); /* the slot is free again at once */
    }
    KEXPECT(o[0].id == 0 && o[1].id == 1 && o[IPC_MIN_CYCLE - 1].id == IPC_MIN_CYCLE - 1);
    KEXPECT(o[IPC_MIN_CYCLE].id == (1 << IPCMNI_SHIFT)); /* index 0 again, sequence 1 */
    KEXPECT(ids.in_use == 0 && ipc_max_index(&ids) == 0);
    kfree(ids.slots);
}

KTEST(ipc_ids_a_stale_id_finds_nothing_even_in_a_reused_slot)
{
    struct ipc_ids ids = IPC_IDS_INIT("test");
    static struct ipc_obj o[IPC_MIN_CYCLE + 1];
    KASSERT(ipc_add(&ids, &o[0], 100, IPC_PRIVATE, 0600, &root) == 0);
    int old = o[0].id;
    KEXPECT(ipc_lookup(&ids, old) == &o[0]);
    ipc_remove(&ids, &o[0]);
    KEXPECT(o[0].deleted && ipc_lookup(&ids, old) == NULL);
    for (int i = 1; i <= IPC_MIN_CYCLE; i++) {
        KASSERT(ipc_add(&ids, &o[i], 100, IPC_PRIVATE, 0600, &root) == 0);
        if (i < IPC_MIN_CYCLE)
            ipc_remove(&ids, &o[i]);
    }
    KEXPECT((o[IPC_MIN_CYCLE].id & (IPCMNI - 1)) == (old & (IPCMNI - 1)));
    KEXPECT(ipc_lookup(&ids, old) == NULL &&
            ipc_lookup(&ids, o[IPC_MIN_CYCLE].id) == &o[IPC_MIN_CYCLE]);
    KEXPECT(ipc_lookup(&ids, -1) == NULL);
    drop_all(&ids, &o[IPC_MIN_CYCLE], 1);
}

KTEST(ipc_ids_limit_is_enospc_and_the_table_grows_past_64)
{
    struct ipc_ids ids = IPC_IDS_INIT("test");
    enum { N = 200 };
    struct ipc_obj *o = kzalloc(sizeof *o * (N + 1));
    KASSERT(o != NULL);
    for (int i = 0; i < N; i++)
        KASSERT(ipc_add(&ids, &o[i], N, 0x1000 + i, 0600, &root) == 0);
    KEXPECT(ipc_add(&ids, &o[N], N, IPC_PRIVATE, 0600, &root) == -ENOSPC);
    KEXPECT(ids.in_use == N && ids.capacity >= N && ipc_max_index(&ids) == N - 1);
    for (int i = 0; i < N; i++)
        KEXPECT(ipc_at_index(&ids, o[i].id & (IPCMNI - 1)) == &o[i]);
    drop_all(&ids, o, N);
    kfree(o);
}

static struct ipc_ids get_ids = IPC_IDS_INIT("test");
static struct ipc_obj get_pool[4];
static int get_made;

static int test_create(void *arg, int32_t key, int flags, const struct ipc_caller *c)
{
    struct ipc_obj *o = &get_pool[get_made];
    int err = ipc_add(&get_ids, o, 4, key, (uint32_t)flags, c);
    if (err)
        return err;
    get_made++;
    return o->id;
}

static int test_more_checks(struct ipc_obj *o, void *arg) { return *(int *)arg ? -EINVAL : 0; }

KTEST(ipc_get_keys_creat_excl_and_private)
{
    static const struct ipc_get_ops ops = { test_create, test_more_checks };
    int no = 0, yes = 1;
    KEXPECT(ipc_get(&get_ids, 0x42, 0, &ops, &no, &root) == -ENOENT);
    int id = ipc_get(&get_ids, 0x42, IPC_CREAT | 0600, &ops, &no, &root);
    KASSERT(id >= 0);
    KEXPECT(ipc_get(&get_ids, 0x42, 0, &ops, &no, &root) == id);
    KEXPECT(ipc_get(&get_ids, 0x42, IPC_CREAT | IPC_EXCL, &ops, &no, &root) == -EEXIST);
    KEXPECT(ipc_get(&get_ids, 0x42, 0, &ops, &yes, &root) == -EINVAL);
    int p1 = ipc_get(&get_ids, IPC_PRIVATE, 0, &ops, &no, &root);
    int p2 = ipc_get(&get_ids, IPC_PRIVATE, 0, &ops, &no, &root);
    KEXPECT(p1 >= 0 && p2 >= 0 && p1 != p2 && p1 != id);
    ipc_forget_key(&get_pool[0]);
    KEXPECT(ipc_get(&get_ids, 0x42, 0, &ops, &no, &root) == -ENOENT);
    drop_all(&get_ids, get_pool, get_made);
}

KTEST(ipc_permissions_for_callers_other_than_root)
{
    struct ipc_ids ids = IPC_IDS_INIT("test");
    struct ipc_obj o;
    const struct ipc_caller owner = { 2, 1000, 100, NULL }, group = { 3, 1001, 100, NULL },
                            other = { 4, 1002, 200, NULL };
    KASSERT(ipc_add(&ids, &o, 10, IPC_PRIVATE, 0640, &owner) == 0);
    KEXPECT(o.uid == 1000 && o.cuid == 1000 && o.gid == 100 && o.mode == 0640);
    KEXPECT(ipc_check_perm(&o, IPC_S_IRUGO | IPC_S_IWUGO, &owner) == 0);
    KEXPECT(ipc_check_perm(&o, IPC_S_IRUGO, &group) == 0);
    KEXPECT(ipc_check_perm(&o, IPC_S_IWUGO, &group) == -EACCES);
    KEXPECT(ipc_check_perm(&o, IPC_S_IRUGO, &other) == -EACCES);
    KEXPECT(ipc_check_perm(&o, IPC_S_IRUGO | IPC_S_IWUGO, &root) == 0); /* CAP_IPC_OWNER */
    KEXPECT(ipc_check_owner(&o, &owner) == 0 && ipc_check_owner(&o, &root) == 0);
    KEXPECT(ipc_check_owner(&o, &group) == -EPERM);
    struct ipc64_perm set = { .uid = 1002, .gid = 200, .mode = 0604 | SHM_DEST };
    ipc_set_perm(&o, &set);
    KEXPECT(o.uid == 1002 && o.cuid == 1000 && o.mode == 0604);
    KEXPECT(ipc_check_owner(&o, &other) == 0);
    /* The creator's group still counts as the group (Linux: cgid or gid). */
    KEXPECT(ipc_check_perm(&o, IPC_S_IRUGO, &group) == -EACCES);
    const struct ipc_caller stranger = { 5, 1003, 300, NULL };
    KEXPECT(ipc_check_perm(&o, IPC_S_IRUGO, &stranger) == 0);
    KEXPECT(ipc_check_perm(&o, IPC_S_IWUGO, &stranger) == -EACCES);
    drop_all(&ids, &o, 1);
}

KTEST(ipc_sysctl_parses_as_proc_dointvec_does)
{
    int v = 7;
    KEXPECT(ipc_sysctl_store_int(" 42\n", 4, &v, 0, 100) == 0 && v == 42);
    KEXPECT(ipc_sysctl_store_int("12ab", 4, &v, 0, 100) == -EINVAL && v == 42);
    KEXPECT(ipc_sysctl_store_int("-5", 2, &v, 0, 100) == -EINVAL);
    KEXPECT(ipc_sysctl_store_int("101", 3, &v, 0, 100) == -EINVAL);
    KEXPECT(ipc_sysctl_store_int("", 0, &v, 0, 100) == -EINVAL);
    KEXPECT(ipc_sysctl_store_int("+9", 2, &v, 0, 100) == 0 && v == 9);
    int64_t four[4] = { 1, 1, 1, 1 };
    KEXPECT(ipc_sysctl_parse("5\t6 7  8\n", 9, four, 4, INT32_MIN, INT32_MAX) == 0 &&
            four[0] == 5 && four[3] == 8);
    KEXPECT(ipc_sysctl_parse("1 2 3 4 5", 9, four, 4, 0, 10) == -EINVAL && four[0] == 5);
    KEXPECT(ipc_sysctl_parse("2 3", 3, four, 4, 0, 10) == 0 && four[0] == 2 && four[2] == 7);
    uint64_t u;
    KEXPECT(ipc_sysctl_parse_ulong("18446744073692774399", 20, &u, 0, UINT64_MAX) == 0 &&
            u == UINT64_MAX - (1ull << 24));
    KEXPECT(ipc_sysctl_parse_ulong("18446744073709551616", 20, &u, 0, UINT64_MAX) == -EINVAL);
    KEXPECT(ipc_sysctl_parse_ulong("-1", 2, &u, 0, UINT64_MAX) == -EINVAL);
}
