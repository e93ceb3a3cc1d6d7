#ifndef ARCH_X86_HPET_H
#define ARCH_X86_HPET_H

#include <stdbool.h>
#include <stdint.h>

/* Map and start the HPET at addr; false when absent or implausible. */
bool hpet_init(uint64_t addr);

/* TSC frequency measured over `ms` milliseconds of HPET time. */
uint64_t hpet_measure_tsc_hz(unsigned int ms);

#endif
