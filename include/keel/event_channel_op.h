/* Event channels for Keel's domains (see kernel/event_channel_op.c). */
#ifndef KEEL_EVENT_CHANNEL_OP_H
#define KEEL_EVENT_CHANNEL_OP_H

struct domain;
struct vcpu;

/* Give d its ports (once its vCPUs exist). */
int domain_evtchn_init(struct domain *d);

/* v's vcpu_info moved (VCPUOP_register_vcpu_info): deliver there. */
void domain_evtchn_move_vcpu_info(struct vcpu *v);

#endif
