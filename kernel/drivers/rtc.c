/*
 * kernel/drivers/rtc.c: reading the date from the CMOS real-time clock
 * (MC146818A data sheet: registers 0x00-0x09, status A bit 7 = update in
 * progress, status B bit 2 = binary mode, bit 1 = 24-hour mode).
 */
#include "kernel/drivers/rtc.h"
#include <stdbool.h>
#include "kernel/hw/io.h"
#include "kernel/lib/time.h"

#define CMOS_INDEX   0x70
#define CMOS_DATA    0x71
#define RTC_SECONDS  0x00
#define RTC_MINUTES  0x02
#define RTC_HOURS    0x04
#define RTC_DAY      0x07
#define RTC_MONTH    0x08
#define RTC_YEAR     0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_UIP      0x80
#define RTC_BINARY   0x04
#define RTC_24HOUR   0x02
#define RTC_PM       0x80

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static int from_bcd(int v) { return (v & 0x0f) + (v >> 4) * 10; }

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t rtc_read_epoch(void)
{
    uint64_t flags = irq_save();
    while (cmos_read(RTC_STATUS_A) & RTC_UIP)
        cpu_relax();
    int sec = cmos_read(RTC_SECONDS), min = cmos_read(RTC_MINUTES), hour = cmos_read(RTC_HOURS);
    int day = cmos_read(RTC_DAY), mon = cmos_read(RTC_MONTH), year = cmos_read(RTC_YEAR);
    uint8_t b = cmos_read(RTC_STATUS_B);
    irq_restore(flags);
    bool pm = hour & RTC_PM;
    hour &= ~RTC_PM;
    if (!(b & RTC_BINARY)) {
        sec = from_bcd(sec);
        min = from_bcd(min);
        hour = from_bcd(hour);
        day = from_bcd(day);
        mon = from_bcd(mon);
        year = from_bcd(year);
    }
    if (!(b & RTC_24HOUR))
        hour = hour % 12 + (pm ? 12 : 0);
    return days_from_civil(2000 + year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}

void rtc_init(void) { time_set_realtime(rtc_read_epoch()); }
