/* A vCPU's single-shot and periodic timers (see kernel/vcpu_timer.c). */
#ifndef KEEL_VCPU_TIMER_H
#define KEEL_VCPU_TIMER_H

#include <keel/hypercall.h>

struct vcpu;

/* At creation: both timers idle, the PV default period (10 ms) set. */
void vcpu_timers_init(struct vcpu *v);

/* v's domain is dying and v is off every CPU: both timers stop for good. */
void vcpu_timers_kill(struct vcpu *v);

/* The scheduler puts v on this CPU / takes it off: its periodic timer
 * catches up and ticks here / stops. */
void vcpu_timers_arrive(struct vcpu *v);
void vcpu_timers_leave(struct vcpu *v);

/* VCPUOP_{set,stop}_{periodic,singleshot}_timer on v; -ENOSYS for any
 * other command. */
long vcpu_timer_op(struct vcpu *v, unsigned int cmd, hc_arg_t arg);

#endif
