/* Set-up of the x86 clock, called from boot. */
#ifndef ARCH_X86_TIME_H
#define ARCH_X86_TIME_H

#include <stdbool.h>

/* Remember the TSC at entry: time zero. */
void time_record_boot(void);

/* Calibrate the TSC; false if the PIT did not answer (a guess is used). */
bool time_init(void);

#endif
