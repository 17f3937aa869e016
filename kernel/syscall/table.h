/*
 * kernel/syscall/table.h: every system call pagelab implements, one line
 * each, in number order:
 *
 *     X(number, name, handler, kind of each argument...)
 *
 * The number and name are Linux x86-64's (checked at compile time against
 * libc/include/pagelab/syscall_nr.h), or pagelab's own from 1000 up.  The
 * handler is the C function that does the work, in the family file of
 * this folder (sys_file.c, sys_path.c, ...); several numbers may share one.  The kinds say what each argument register holds: they
 * give the handler's parameter types (kernel/syscall/syscall.h declares
 * every handler from this list, so a handler that disagrees with its line
 * does not compile) and tell strace how to print the argument:
 *
 *   fd dirfd int sig pid  an int (dirfd: AT_FDCWD or a directory)
 *   flags oflags prot mflags  an int of flag bits (O_*, PROT_*, MAP_*)
 *   uint mode             an unsigned (mode: permission bits, in octal)
 *   long off              a signed 64-bit value
 *   size ulong hex        an unsigned 64-bit value
 *   ptr str strv          a user address: anything, a C string, a NULL-ended
 *                         array of strings
 *   buf_in buf_out        a user buffer the call reads (its length is the
 *                         next argument) or fills (its length is the result)
 *
 * A number missing here returns -ENOSYS (kernel/syscall/syscall.c).
 */
#ifndef PAGELAB_SYSCALL_TABLE_H
#define PAGELAB_SYSCALL_TABLE_H

#define SYSCALL_TABLE(X)                                                                 \
    X(0, read, sys_read, fd, buf_out, size)                                              \
    X(1, write, sys_write, fd, buf_in, size)                                             \
    X(2, open, sys_open, str, oflags, mode)                                              \
    X(3, close, sys_close, fd)                                                           \
    X(4, stat, sys_stat, str, ptr)                                                       \
    X(5, fstat, sys_fstat, fd, ptr)                                                      \
    X(6, lstat, sys_lstat, str, ptr)                                                     \
    X(7, poll, sys_poll, ptr, uint, int)                                                 \
    X(8, lseek, sys_lseek, fd, off, int)                                                 \
    X(9, mmap, sys_mmap, ptr, size, prot, mflags, fd, off)                               \
    X(10, mprotect, sys_mprotect, ptr, size, prot)                                       \
    X(11, munmap, sys_munmap, ptr, size)                                                 \
    X(12, brk, sys_brk, ptr)                                                             \
    X(13, rt_sigaction, sys_rt_sigaction, sig, ptr, ptr, size)                           \
    X(14, rt_sigprocmask, sys_rt_sigprocmask, int, ptr, ptr, size)                       \
    X(15, rt_sigreturn, sys_rt_sigreturn)                                                \
    X(16, ioctl, sys_ioctl, fd, hex, hex)                                                \
    X(17, pread64, sys_pread64, fd, buf_out, size, off)                                  \
    X(18, pwrite64, sys_pwrite64, fd, buf_in, size, off)                                 \
    X(19, readv, sys_readv, fd, ptr, int)                                                \
    X(20, writev, sys_writev, fd, ptr, int)                                              \
    X(21, access, sys_access, str, int)                                                  \
    X(22, pipe, sys_pipe, ptr)                                                           \
    X(23, select, sys_select, int, ptr, ptr, ptr, ptr)                                   \
    X(24, sched_yield, sys_sched_yield)                                                  \
    X(25, mremap, sys_mremap, ptr, size, size, flags, ptr)                               \
    X(26, msync, sys_msync, ptr, size, flags)                                            \
    X(27, mincore, sys_mincore, ptr, size, ptr)                                          \
    X(28, madvise, sys_madvise, ptr, size, int)                                          \
    X(29, shmget, sys_shmget, int, size, flags)                                          \
    X(30, shmat, sys_shmat, int, ptr, flags)                                             \
    X(31, shmctl, sys_shmctl, int, int, ptr)                                             \
    X(32, dup, sys_dup, fd)                                                              \
    X(33, dup2, sys_dup2, fd, fd)                                                        \
    X(34, pause, sys_pause)                                                              \
    X(35, nanosleep, sys_nanosleep, ptr, ptr)                                            \
    X(36, getitimer, sys_getitimer, int, ptr)                                            \
    X(37, alarm, sys_alarm, uint)                                                        \
    X(38, setitimer, sys_setitimer, int, ptr, ptr)                                       \
    X(39, getpid, sys_getpid)                                                            \
    X(40, sendfile, sys_sendfile, fd, fd, ptr, size)                                     \
    X(41, socket, sys_socket, int, int, int)                                             \
    X(42, connect, sys_connect, fd, ptr, int)                                            \
    X(43, accept, sys_accept, fd, ptr, ptr)                                              \
    X(44, sendto, sys_sendto, fd, buf_in, size, flags, ptr, int)                         \
    X(45, recvfrom, sys_recvfrom, fd, buf_out, size, flags, ptr, ptr)                    \
    X(46, sendmsg, sys_sendmsg, fd, ptr, flags)                                          \
    X(47, recvmsg, sys_recvmsg, fd, ptr, flags)                                          \
    X(48, shutdown, sys_shutdown, fd, int)                                               \
    X(49, bind, sys_bind, fd, ptr, int)                                                  \
    X(50, listen, sys_listen, fd, int)                                                   \
    X(51, getsockname, sys_getsockname, fd, ptr, ptr)                                    \
    X(52, getpeername, sys_getpeername, fd, ptr, ptr)                                    \
    X(53, socketpair, sys_socketpair, int, int, int, ptr)                                \
    X(54, setsockopt, sys_setsockopt, fd, int, int, ptr, int)                            \
    X(55, getsockopt, sys_getsockopt, fd, int, int, ptr, ptr)                            \
    X(56, clone, sys_clone, hex, ptr, ptr, ptr, ptr)                                     \
    X(57, fork, sys_fork)                                                                \
    X(58, vfork, sys_vfork)                                                              \
    X(59, execve, sys_execve, str, strv, strv)                                           \
    X(60, exit, sys_exit, int)                                                           \
    X(61, wait4, sys_wait4, pid, ptr, flags, ptr)                                        \
    X(62, kill, sys_kill, pid, sig)                                                      \
    X(63, uname, sys_uname, ptr)                                                         \
    X(64, semget, sys_semget, int, int, flags)                                           \
    X(65, semop, sys_semop, int, ptr, uint)                                              \
    X(66, semctl, sys_semctl, int, int, int, hex)                                        \
    X(67, shmdt, sys_shmdt, ptr)                                                         \
    X(68, msgget, sys_msgget, int, flags)                                                \
    X(69, msgsnd, sys_msgsnd, int, ptr, size, flags)                                     \
    X(70, msgrcv, sys_msgrcv, int, ptr, size, long, flags)                               \
    X(71, msgctl, sys_msgctl, int, int, ptr)                                             \
    X(72, fcntl, sys_fcntl, fd, int, ulong)                                              \
    X(73, flock, sys_flock, fd, int)                                                     \
    X(74, fsync, sys_fsync, fd)                                                          \
    X(75, fdatasync, sys_fsync, fd)                                                      \
    X(76, truncate, sys_truncate, str, off)                                              \
    X(77, ftruncate, sys_ftruncate, fd, off)                                             \
    X(78, getdents, sys_getdents, fd, ptr, size)                                         \
    X(79, getcwd, sys_getcwd, buf_out, size)                                             \
    X(80, chdir, sys_chdir, str)                                                         \
    X(81, fchdir, sys_fchdir, fd)                                                        \
    X(82, rename, sys_rename, str, str)                                                  \
    X(83, mkdir, sys_mkdir, str, mode)                                                   \
    X(84, rmdir, sys_rmdir, str)                                                         \
    X(85, creat, sys_creat, str, mode)                                                   \
    X(86, link, sys_link, str, str)                                                      \
    X(87, unlink, sys_unlink, str)                                                       \
    X(88, symlink, sys_symlink, str, str)                                                \
    X(89, readlink, sys_readlink, str, buf_out, size)                                    \
    X(90, chmod, sys_chmod, str, mode)                                                   \
    X(91, fchmod, sys_fchmod, fd, mode)                                                  \
    X(92, chown, sys_chown, str, uint, uint)                                             \
    X(93, fchown, sys_fchown, fd, uint, uint)                                            \
    X(94, lchown, sys_lchown, str, uint, uint)                                           \
    X(95, umask, sys_umask, mode)                                                        \
    X(96, gettimeofday, sys_gettimeofday, ptr, ptr)                                      \
    X(97, getrlimit, sys_getrlimit, int, ptr)                                            \
    X(98, getrusage, sys_getrusage, int, ptr)                                            \
    X(99, sysinfo, sys_sysinfo, ptr)                                                     \
    X(100, times, sys_times, ptr)                                                        \
    X(102, getuid, sys_getuid)                                                           \
    X(103, syslog, sys_syslog, int, buf_out, int)                                        \
    X(104, getgid, sys_getgid)                                                           \
    X(105, setuid, sys_setuid, uint)                                                     \
    X(106, setgid, sys_setgid, uint)                                                     \
    X(107, geteuid, sys_geteuid)                                                         \
    X(108, getegid, sys_getegid)                                                         \
    X(109, setpgid, sys_setpgid, pid, pid)                                               \
    X(110, getppid, sys_getppid)                                                         \
    X(111, getpgrp, sys_getpgrp)                                                         \
    X(112, setsid, sys_setsid)                                                           \
    X(113, setreuid, sys_setreuid, uint, uint)                                           \
    X(114, setregid, sys_setregid, uint, uint)                                           \
    X(115, getgroups, sys_getgroups, int, ptr)                                           \
    X(116, setgroups, sys_setgroups, int, ptr)                                           \
    X(117, setresuid, sys_setresuid, uint, uint, uint)                                   \
    X(118, getresuid, sys_getresuid, ptr, ptr, ptr)                                      \
    X(119, setresgid, sys_setresgid, uint, uint, uint)                                   \
    X(120, getresgid, sys_getresgid, ptr, ptr, ptr)                                      \
    X(121, getpgid, sys_getpgid, pid)                                                    \
    X(122, setfsuid, sys_setfsuid, uint)                                                 \
    X(123, setfsgid, sys_setfsgid, uint)                                                 \
    X(124, getsid, sys_getsid, pid)                                                      \
    X(127, rt_sigpending, sys_rt_sigpending, ptr, size)                                  \
    X(128, rt_sigtimedwait, sys_rt_sigtimedwait, ptr, ptr, ptr, size)                    \
    X(129, rt_sigqueueinfo, sys_rt_sigqueueinfo, pid, sig, ptr)                          \
    X(130, rt_sigsuspend, sys_rt_sigsuspend, ptr, size)                                  \
    X(131, sigaltstack, sys_sigaltstack, ptr, ptr)                                       \
    X(133, mknod, sys_mknod, str, mode, hex)                                             \
    X(137, statfs, sys_statfs, str, ptr)                                                 \
    X(138, fstatfs, sys_fstatfs, fd, ptr)                                                \
    X(140, getpriority, sys_getpriority, int, int)                                       \
    X(141, setpriority, sys_setpriority, int, int, int)                                  \
    X(142, sched_setparam, sys_sched_setparam, pid, ptr)                                 \
    X(143, sched_getparam, sys_sched_getparam, pid, ptr)                                 \
    X(144, sched_setscheduler, sys_sched_setscheduler, pid, int, ptr)                    \
    X(145, sched_getscheduler, sys_sched_getscheduler, pid)                              \
    X(146, sched_get_priority_max, sys_sched_get_priority_max, int)                      \
    X(147, sched_get_priority_min, sys_sched_get_priority_min, int)                      \
    X(148, sched_rr_get_interval, sys_sched_rr_get_interval, pid, ptr)                   \
    X(149, mlock, sys_mlock, ptr, size)                                                  \
    X(150, munlock, sys_munlock, ptr, size)                                              \
    X(151, mlockall, sys_mlockall, flags)                                                \
    X(152, munlockall, sys_munlockall)                                                   \
    X(157, prctl, sys_prctl, int, hex, hex, hex, hex)                                    \
    X(158, arch_prctl, sys_arch_prctl, int, ptr)                                         \
    X(160, setrlimit, sys_setrlimit, int, ptr)                                           \
    X(162, sync, sys_sync)                                                               \
    X(167, swapon, sys_swapon, str, hex)                                                 \
    X(168, swapoff, sys_swapoff, str)                                                    \
    X(169, reboot, sys_reboot, hex, hex, hex, ptr)                                       \
    X(170, sethostname, sys_sethostname, ptr, int)                                       \
    X(171, setdomainname, sys_setdomainname, ptr, int)                                   \
    X(186, gettid, sys_gettid)                                                           \
    X(191, getxattr, sys_getxattr, str, str, ptr, size)                                  \
    X(192, lgetxattr, sys_lgetxattr, str, str, ptr, size)                                \
    X(193, fgetxattr, sys_fgetxattr, fd, str, ptr, size)                                 \
    X(194, listxattr, sys_listxattr, str, ptr, size)                                     \
    X(195, llistxattr, sys_llistxattr, str, ptr, size)                                   \
    X(196, flistxattr, sys_flistxattr, fd, ptr, size)                                    \
    X(200, tkill, sys_tkill, pid, sig)                                                   \
    X(201, time, sys_time, ptr)                                                          \
    X(202, futex, sys_futex, ptr, int, uint, ptr, ptr, uint)                             \
    X(203, sched_setaffinity, sys_sched_setaffinity, pid, size, ptr)                     \
    X(204, sched_getaffinity, sys_sched_getaffinity, pid, size, ptr)                     \
    X(213, epoll_create, sys_epoll_create, int)                                          \
    X(217, getdents64, sys_getdents64, fd, ptr, size)                                    \
    X(218, set_tid_address, sys_set_tid_address, ptr)                                    \
    X(220, semtimedop, sys_semtimedop, int, ptr, uint, ptr)                              \
    X(221, fadvise64, sys_fadvise64, fd, off, off, int)                                  \
    X(222, timer_create, sys_timer_create, int, ptr, ptr)                                \
    X(223, timer_settime, sys_timer_settime, int, flags, ptr, ptr)                       \
    X(224, timer_gettime, sys_timer_gettime, int, ptr)                                   \
    X(225, timer_getoverrun, sys_timer_getoverrun, int)                                  \
    X(226, timer_delete, sys_timer_delete, int)                                          \
    X(228, clock_gettime, sys_clock_gettime, int, ptr)                                   \
    X(229, clock_getres, sys_clock_getres, int, ptr)                                     \
    X(230, clock_nanosleep, sys_clock_nanosleep, int, flags, ptr, ptr)                   \
    X(231, exit_group, sys_exit_group, int)                                              \
    X(232, epoll_wait, sys_epoll_wait, fd, ptr, int, int)                                \
    X(233, epoll_ctl, sys_epoll_ctl, fd, int, fd, ptr)                                   \
    X(234, tgkill, sys_tgkill, pid, pid, sig)                                            \
    X(235, utimes, sys_utimes, str, ptr)                                                 \
    X(240, mq_open, sys_mq_open, str, oflags, mode, ptr)                                 \
    X(241, mq_unlink, sys_mq_unlink, str)                                                \
    X(242, mq_timedsend, sys_mq_timedsend, fd, buf_in, size, uint, ptr)                  \
    X(243, mq_timedreceive, sys_mq_timedreceive, fd, buf_out, size, ptr, ptr)            \
    X(244, mq_notify, sys_mq_notify, fd, ptr)                                            \
    X(245, mq_getsetattr, sys_mq_getsetattr, fd, ptr, ptr)                               \
    X(247, waitid, sys_waitid, int, int, ptr, flags, ptr)                                \
    X(257, openat, sys_openat, dirfd, str, oflags, mode)                                 \
    X(258, mkdirat, sys_mkdirat, dirfd, str, mode)                                       \
    X(259, mknodat, sys_mknodat, dirfd, str, mode, hex)                                  \
    X(260, fchownat, sys_fchownat, dirfd, str, uint, uint, flags)                        \
    X(261, futimesat, sys_futimesat, dirfd, str, ptr)                                    \
    X(262, newfstatat, sys_newfstatat, dirfd, str, ptr, flags)                           \
    X(263, unlinkat, sys_unlinkat, dirfd, str, flags)                                    \
    X(264, renameat, sys_renameat, dirfd, str, dirfd, str)                               \
    X(265, linkat, sys_linkat, dirfd, str, dirfd, str, flags)                            \
    X(266, symlinkat, sys_symlinkat, str, dirfd, str)                                    \
    X(267, readlinkat, sys_readlinkat, dirfd, str, buf_out, size)                        \
    X(268, fchmodat, sys_fchmodat, dirfd, str, mode)                                     \
    X(269, faccessat, sys_faccessat, dirfd, str, int)                                    \
    X(270, pselect6, sys_pselect6, int, ptr, ptr, ptr, ptr, ptr)                         \
    X(271, ppoll, sys_ppoll, ptr, uint, ptr, ptr, size)                                  \
    X(273, set_robust_list, sys_set_robust_list, ptr, size)                              \
    X(274, get_robust_list, sys_get_robust_list, pid, ptr, ptr)                          \
    X(275, splice, sys_splice, fd, ptr, fd, ptr, size, flags)                            \
    X(276, tee, sys_tee, fd, fd, size, flags)                                            \
    X(278, vmsplice, sys_vmsplice, fd, ptr, ulong, flags)                                \
    X(280, utimensat, sys_utimensat, dirfd, str, ptr, flags)                             \
    X(281, epoll_pwait, sys_epoll_pwait, fd, ptr, int, int, ptr, size)                   \
    X(282, signalfd, sys_signalfd, fd, ptr, size)                                        \
    X(283, timerfd_create, sys_timerfd_create, int, oflags)                              \
    X(284, eventfd, sys_eventfd, uint)                                                   \
    X(285, fallocate, sys_fallocate, fd, int, off, off)                                  \
    X(286, timerfd_settime, sys_timerfd_settime, fd, int, ptr, ptr)                      \
    X(287, timerfd_gettime, sys_timerfd_gettime, fd, ptr)                                \
    X(288, accept4, sys_accept4, fd, ptr, ptr, oflags)                                   \
    X(289, signalfd4, sys_signalfd4, fd, ptr, size, oflags)                              \
    X(290, eventfd2, sys_eventfd2, uint, oflags)                                         \
    X(291, epoll_create1, sys_epoll_create1, oflags)                                     \
    X(292, dup3, sys_dup3, fd, fd, oflags)                                               \
    X(293, pipe2, sys_pipe2, ptr, oflags)                                                \
    X(295, preadv, sys_preadv, fd, ptr, int, off, off)                                   \
    X(296, pwritev, sys_pwritev, fd, ptr, int, off, off)                                 \
    X(297, rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo, pid, pid, sig, ptr)                 \
    X(299, recvmmsg, sys_recvmmsg, fd, ptr, uint, flags, ptr)                            \
    X(302, prlimit64, sys_prlimit64, pid, int, ptr, ptr)                                 \
    X(306, syncfs, sys_syncfs, fd)                                                       \
    X(307, sendmmsg, sys_sendmmsg, fd, ptr, uint, flags)                                 \
    X(309, getcpu, sys_getcpu, ptr, ptr, ptr)                                            \
    X(310, process_vm_readv, sys_process_vm_readv, pid, ptr, ulong, ptr, ulong, ulong)   \
    X(311, process_vm_writev, sys_process_vm_writev, pid, ptr, ulong, ptr, ulong, ulong) \
    X(316, renameat2, sys_renameat2, dirfd, str, dirfd, str, uint)                       \
    X(318, getrandom, sys_getrandom, ptr, size, flags)                                   \
    X(319, memfd_create, sys_memfd_create, str, uint)                                    \
    X(324, membarrier, sys_membarrier, int, uint, int)                                   \
    X(325, mlock2, sys_mlock2, ptr, size, flags)                                         \
    X(326, copy_file_range, sys_copy_file_range, fd, ptr, fd, ptr, size, int)            \
    X(327, preadv2, sys_preadv2, fd, ptr, int, off, off, flags)                          \
    X(328, pwritev2, sys_pwritev2, fd, ptr, int, off, off, flags)                        \
    X(332, statx, sys_statx, dirfd, str, flags, hex, ptr)                                \
    X(424, pidfd_send_signal, sys_pidfd_send_signal, fd, sig, ptr, uint)                 \
    X(434, pidfd_open, sys_pidfd_open, pid, flags)                                       \
    X(435, clone3, sys_clone3, ptr, size)                                                \
    X(436, close_range, sys_close_range, uint, uint, flags)                              \
    X(439, faccessat2, sys_faccessat2, dirfd, str, int, flags)                           \
    X(441, epoll_pwait2, sys_epoll_pwait2, fd, ptr, int, ptr, ptr, size)                 \
    X(1000, pagelab_ledger, sys_pagelab_ledger, int, ptr)                                \
    X(1001, pagelab_ledger_reset, sys_pagelab_ledger_reset)                              \
    X(1002, pagelab_trace, sys_pagelab_trace, fd, flags)                                 \
    X(1003, pagelab_copy_trace, sys_pagelab_copy_trace, int, ptr, size)

#endif
