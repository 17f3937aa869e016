/* kernel/proc/syscall_nr.h: Linux x86-64 system-call numbers
   (arch/x86/entry/syscalls/syscall_64.tbl). */
#ifndef PAGELAB_PROC_SYSCALL_NR_H
#define PAGELAB_PROC_SYSCALL_NR_H

#define NR_read            0
#define NR_write           1
#define NR_open            2
#define NR_close           3
#define NR_stat            4
#define NR_fstat           5
#define NR_lstat           6
#define NR_lseek           8
#define NR_mmap            9
#define NR_mprotect        10
#define NR_munmap          11
#define NR_brk             12
#define NR_rt_sigaction    13
#define NR_rt_sigprocmask  14
#define NR_rt_sigreturn    15
#define NR_ioctl           16
#define NR_pread64         17
#define NR_pwrite64        18
#define NR_readv           19
#define NR_writev          20
#define NR_pipe            22
#define NR_sched_yield     24
#define NR_msync           26
#define NR_madvise         28
#define NR_dup             32
#define NR_dup2            33
#define NR_nanosleep       35
#define NR_getpid          39
#define NR_fork            57
#define NR_vfork           58
#define NR_execve          59
#define NR_exit            60
#define NR_wait4           61
#define NR_kill            62
#define NR_uname           63
#define NR_fcntl           72
#define NR_fsync           74
#define NR_ftruncate       77
#define NR_getcwd          79
#define NR_chdir           80
#define NR_rename          82
#define NR_mkdir           83
#define NR_rmdir           84
#define NR_link            86
#define NR_unlink          87
#define NR_gettimeofday    96
#define NR_getrusage       98
#define NR_getuid          102
#define NR_getgid          104
#define NR_geteuid         107
#define NR_getegid         108
#define NR_setpgid         109
#define NR_getppid         110
#define NR_getpgrp         111
#define NR_setsid          112
#define NR_getpgid         121
#define NR_arch_prctl      158
#define NR_sync            162
#define NR_reboot          169
#define NR_gettid          186
#define NR_getdents64      217
#define NR_set_tid_address 218
#define NR_clock_gettime   228
#define NR_exit_group      231
#define NR_openat          257
#define NR_newfstatat      262
#define NR_dup3            292
#define NR_pipe2           293
#define NR_getrandom       318

#endif
