/* kernel/drivers/rtc.h: the CMOS real-time clock (MC146818). */
#ifndef PAGELAB_DRIVERS_RTC_H
#define PAGELAB_DRIVERS_RTC_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00 UTC, read from the CMOS clock. */
int64_t rtc_read_epoch(void);

/* Sets the kernel's wall clock (kernel/lib/time.h) from the CMOS clock. */
void rtc_init(void);

#endif
