/* Set-up of the x86 clock, called from boot. */
#ifndef ARCH_X86_TIME_H
#define ARCH_X86_TIME_H

#include <stdbool.h>
#include <stdint.h>

/* Remember the TSC at entry: time zero. */
void time_record_boot(void);

/* Calibrate the TSC against the PIT; false if the PIT did not answer. */
bool time_init(void);

/* Recalibrate against the HPET at hpet_addr; false if there is none. */
bool time_init_hpet(uint64_t hpet_addr);

/* What the TSC was last calibrated against: "HPET", "PIT", ... */
const char *time_reference(void);

#endif
