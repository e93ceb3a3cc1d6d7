/* Time since boot. */
#ifndef KEEL_TIME_H
#define KEEL_TIME_H

#include <stdint.h>

/* Nanoseconds since Keel's first instruction; 0 until the clock is set up. */
uint64_t now_ns(void);
#define NOW() now_ns()

/* The calibrated TSC frequency in Hz. */
uint64_t tsc_hz(void);

/* The TSC value at `ns` nanoseconds since boot. */
uint64_t ns_to_tsc(uint64_t ns);

/* The pvclock scale for guests (see arch/x86/time.c). */
void time_pvclock_scale(uint32_t *mul, int8_t *shift);

/* A TSC reading and NOW() at that reading. */
void time_sample(uint64_t *tsc, uint64_t *ns);

/* The wallclock at boot: seconds since the epoch (0 if unknown). */
extern uint64_t boot_wallclock;

/* Busy-wait; usable before interrupts exist. */
void udelay(uint64_t us);

#endif
