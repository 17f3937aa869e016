/*
 * pagelab/clock_values.h: Linux's clock ids (clock_gettime(2), timers:
 * include/uapi/linux/time.h) and TIMER_ABSTIME, shared by the kernel and
 * our libc.
 */
#ifndef PAGELAB_UAPI_CLOCK_VALUES_H
#define PAGELAB_UAPI_CLOCK_VALUES_H

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11
#define TIMER_ABSTIME 1 /* clock_nanosleep(2), timer_settime(2) */

#endif
