/* The PC's CMOS real-time clock: the date and time at boot. */
#ifndef DRIVERS_CMOS_RTC_H
#define DRIVERS_CMOS_RTC_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Seconds since 1970-01-01 UTC (the RTC is taken to run in UTC, as Xen
 * and Linux assume on servers). `century_reg` is the FADT's century
 * register index, 0 if none. False if the clock never settles or reads
 * nonsense.
 */
bool cmos_rtc_read(uint8_t century_reg, uint64_t *unix_seconds);

#endif
