/* A vCPU's runstate as guests see it (see kernel/vcpu_op.c). */
#ifndef KEEL_VCPU_OP_H
#define KEEL_VCPU_OP_H

#include <stdint.h>

struct vcpu;

/* Account the time in the old state and enter `state` (RUNSTATE_*). */
void vcpu_runstate_change(struct vcpu *v, int state, uint64_t now);

/* Copy v's runstate to its registered area (v's page tables loaded). */
void vcpu_runstate_publish(struct vcpu *v);

/* v's domain is dying: let go of the page its vcpu_info was moved to. */
void vcpu_info_release(struct vcpu *v);

#endif
