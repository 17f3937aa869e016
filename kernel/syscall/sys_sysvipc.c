/*
 * kernel/syscall/sys_sysvipc.c: the System V IPC syscalls (svipc(7)):
 * msgget msgsnd msgrcv msgctl, shmget shmat shmdt shmctl, semget semop
 * semtimedop semctl.  The objects are kernel/ipc/sysv_*.c's; this file says
 * who is calling (pid; every process is root, uid and gid 0, as getuid
 * says) and hands over the arguments.
 */
#include "kernel/syscall/syscall.h"
#include "kernel/copy/uaccess.h"
#include "kernel/ipc/sysv_msg.h"
#include "kernel/ipc/sysv_sem.h"
#include "kernel/ipc/sysv_shm.h"
#include "kernel/mm/vm.h"
#include "kernel/proc/proc.h"

static struct ipc_caller caller(void)
{
    struct ipc_caller c = { .pid = current->tgid, .uid = 0, .gid = 0 };
    return c;
}

long sys_msgget(int key, int flags)
{
    struct ipc_caller c = caller();
    return sysv_msgget(key, flags, &c);
}

long sys_msgsnd(int id, uint64_t umsgp, uint64_t size, int flags)
{
    struct ipc_caller c = caller();
    return sysv_msgsnd(id, umsgp, size, flags, &c);
}

long sys_msgrcv(int id, uint64_t umsgp, uint64_t size, int64_t type, int flags)
{
    struct ipc_caller c = caller();
    return sysv_msgrcv(id, umsgp, size, type, flags, &c);
}

long sys_msgctl(int id, int cmd, uint64_t ubuf)
{
    struct ipc_caller c = caller();
    return sysv_msgctl(id, cmd, ubuf, &c);
}

long sys_shmget(int key, uint64_t size, int flags)
{
    struct ipc_caller c = caller();
    return sysv_shmget(key, size, flags, &c);
}

long sys_shmat(int id, uint64_t addr, int flags)
{
    struct ipc_caller c = caller();
    vm_lock(current->vm);
    long r = sysv_shmat(current->vm, id, addr, flags, &c);
    vm_unlock(current->vm);
    return r;
}

long sys_shmdt(uint64_t addr)
{
    struct ipc_caller c = caller();
    vm_lock(current->vm);
    long r = sysv_shmdt(current->vm, addr, &c);
    vm_unlock(current->vm);
    return r;
}

long sys_shmctl(int id, int cmd, uint64_t ubuf)
{
    struct ipc_caller c = caller();
    return sysv_shmctl(id, cmd, ubuf, &c);
}

long sys_semget(int key, int nsems, int flags)
{
    struct ipc_caller c = caller();
    return sysv_semget(key, nsems, flags, &c);
}

long sys_semtimedop(int id, uint64_t usops, unsigned nsops, uint64_t utimeout)
{
    struct ipc_caller c = caller();
    struct sem_timeout t;
    if (utimeout && copy_from_user(&t, (const void *)utimeout, sizeof t, MECH_SYSCALL_ARGS))
        return -EFAULT;
    return sysv_semop(id, usops, nsops, utimeout ? &t : NULL, &current->group->leader->sem_undo,
                      &c);
}

long sys_semop(int id, uint64_t usops, unsigned nsops)
{
    return sys_semtimedop(id, usops, nsops, 0);
}

long sys_semctl(int id, int semnum, int cmd, uint64_t arg)
{
    struct ipc_caller c = caller();
    return sysv_semctl(id, semnum, cmd, arg, &c);
}
