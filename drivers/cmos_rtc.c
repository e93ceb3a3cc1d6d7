/*
 * Reading the CMOS RTC. The clock may be mid-update when read: wait for
 * the update-in-progress flag to clear, read, and read again until two
 * reads agree. Values are BCD unless status register B says binary.
 */
#include <asm/io.h>
#include "cmos_rtc.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define REG_SEC 0x00
#define REG_MIN 0x02
#define REG_HOUR 0x04
#define REG_DAY 0x07
#define REG_MONTH 0x08
#define REG_YEAR 0x09
#define REG_STATUS_A 0x0a
#define REG_STATUS_B 0x0b
#define STATUS_A_UIP 0x80
#define STATUS_B_BINARY 0x04
#define STATUS_B_24H 0x02
#define HOUR_PM 0x80
#define POLL_LIMIT 1000000

struct rtc_time {
    unsigned int sec, min, hour, day, month, year, century;
};

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static bool read_once(struct rtc_time *t, uint8_t century_reg)
{
    int i;

    for (i = 0; i < POLL_LIMIT && (cmos_read(REG_STATUS_A) & STATUS_A_UIP); i++)
        ;
    if (i == POLL_LIMIT)
        return false;
    t->sec = cmos_read(REG_SEC);
    t->min = cmos_read(REG_MIN);
    t->hour = cmos_read(REG_HOUR);
    t->day = cmos_read(REG_DAY);
    t->month = cmos_read(REG_MONTH);
    t->year = cmos_read(REG_YEAR);
    t->century = century_reg ? cmos_read(century_reg) : 0;
    return true;
}

static unsigned int from_bcd(unsigned int v)
{
    return (v >> 4) * 10 + (v & 15);
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static uint64_t days_since_epoch(unsigned int y, unsigned int m, unsigned int d)
{
    /* Count years from March so that the leap day ends a year. */
    if (m <= 2) {
        y--;
        m += 12;
    }
    return 365ull * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1 - 719468;
}

bool cmos_rtc_read(uint8_t century_reg, uint64_t *unix_seconds)
{
    struct rtc_time a, b;
    uint8_t status;
    bool pm;

    do {
        if (!read_once(&a, century_reg) || !read_once(&b, century_reg))
            return false;
    } while (a.sec != b.sec || a.min != b.min || a.hour != b.hour || a.day != b.day);
    status = cmos_read(REG_STATUS_B);
    pm = a.hour & HOUR_PM;
    a.hour &= ~HOUR_PM;
    if (!(status & STATUS_B_BINARY)) {
        a.sec = from_bcd(a.sec);
        a.min = from_bcd(a.min);
        a.hour = from_bcd(a.hour);
        a.day = from_bcd(a.day);
        a.month = from_bcd(a.month);
        a.year = from_bcd(a.year);
        a.century = from_bcd(a.century);
    }
    if (!(status & STATUS_B_24H) && pm)
        a.hour = (a.hour % 12) + 12;
    a.year += a.century ? a.century * 100 : (a.year < 70 ? 2000 : 1900);
    if (a.sec > 59 || a.min > 59 || a.hour > 23 || a.day < 1 || a.day > 31 ||
        a.month < 1 || a.month > 12)
        return false;
    *unix_seconds = days_since_epoch(a.year, a.month, a.day) * 86400 + a.hour * 3600ull +
                    a.min * 60ull + a.sec;
    return true;
}
