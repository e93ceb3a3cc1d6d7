/* Time from the PV time ABI: system time (ns since the hypervisor
 * booted) from vcpu_info's time record and the TSC, and the wall clock
 * from shared_info. */
#ifndef DOM0_TIME_H
#define DOM0_TIME_H

#include <stdint.h>

#define NSEC_PER_MSEC 1000000ul
#define NSEC_PER_SEC  1000000000ul

/* Bind VIRQ_TIMER and stop the periodic tick Xen gives every PV vCPU:
 * dom0 asks for each wake-up it needs. */
void time_init(void);

uint64_t now_ns(void);
/* Seconds since 1970 now, from the hypervisor's wall clock. */
uint64_t wallclock_sec(void);
/* Arrange a VIRQ_TIMER at system time `deadline` (0: none). */
void timer_program(uint64_t deadline);

#endif
