/*
 * Hypervisor timers: one queue per CPU, run from SOFTIRQ_TIMER. A timer
 * belongs to the CPU it was set on until it fires, is stopped, or is set
 * again for another CPU (it moves; Xen's migrate_timer and set_timer in
 * one). Calls on one timer must not race each other: its owner serialises
 * them (a vCPU's timers: the vCPU itself, or its periodic_lock).
 */
#ifndef KEEL_TIMERS_H
#define KEEL_TIMERS_H

#include <keel/timer.h>

/* Set up this CPU's queue; the boot CPU also registers the softirq. */
void timers_init_cpu(unsigned int cpu);

/* Arm t to fire at `expires` (ns since boot) on `cpu`, wherever it was. */
void set_timer(struct timer *t, unsigned int cpu, uint64_t expires);
/* Disarm t, on whichever CPU it waits; nothing if it is not armed. */
void stop_timer(struct timer *t);

/* The arch timer interrupt handler calls this. */
void timer_interrupt(void);

/* Timers queued on a CPU, for the `t` debug key. */
unsigned int timers_pending(unsigned int cpu);

#endif
