/* sys/msg.h (POSIX, msgop(2), msgctl(2)): System V message queues, with
   Linux x86-64's struct msqid64_ds. */
#ifndef _SYS_MSG_H
#define _SYS_MSG_H
#include <sys/ipc.h>
#include <time.h>

typedef unsigned long msgqnum_t;
typedef unsigned long msglen_t;

struct msqid_ds {
    struct ipc_perm msg_perm;
    time_t msg_stime;
    time_t msg_rtime;
    time_t msg_ctime;
    unsigned long __msg_cbytes; /* bytes queued now (Linux) */
    msgqnum_t msg_qnum;
    msglen_t msg_qbytes;
    pid_t msg_lspid;
    pid_t msg_lrpid;
    unsigned long __unused4;
    unsigned long __unused5;
};

/* msgctl IPC_INFO / MSG_INFO. */
struct msginfo {
    int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
    unsigned short msgseg;
};

/* A message as msgsnd and msgrcv see it: the type, then the text. */
struct msgbuf {
    long mtype;
    char mtext[1];
};

int msgget(key_t key, int flags);
int msgsnd(int id, const void *msgp, size_t size, int flags);
ssize_t msgrcv(int id, void *msgp, size_t size, long type, int flags);
int msgctl(int id, int cmd, struct msqid_ds *buf);

#endif
