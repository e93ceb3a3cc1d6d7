/*
 * Hypervisor timers: one queue per CPU, run from SOFTIRQ_TIMER. A timer
 * belongs to the CPU it was set on until it fires or is stopped.
 */
#ifndef KEEL_TIMERS_H
#define KEEL_TIMERS_H

#include <keel/timer.h>

/* Set up this CPU's queue; the boot CPU also registers the softirq. */
void timers_init_cpu(unsigned int cpu);

/* Arm t to fire at `expires` (ns since boot) on `cpu`; re-arming moves it. */
void set_timer(struct timer *t, unsigned int cpu, uint64_t expires);
void stop_timer(struct timer *t, unsigned int cpu);

/* The arch timer interrupt handler calls this. */
void timer_interrupt(void);

/* Timers queued on a CPU, for the `t` debug key. */
unsigned int timers_pending(unsigned int cpu);

#endif
