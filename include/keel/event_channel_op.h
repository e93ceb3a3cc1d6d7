/* Event channels for Keel's domains (see kernel/event_channel_op.c). */
#ifndef KEEL_EVENT_CHANNEL_OP_H
#define KEEL_EVENT_CHANNEL_OP_H

struct domain;
struct vcpu;

/* Give d its ports (once its vCPUs exist). */
int domain_evtchn_init(struct domain *d);

/* Raise a global VIRQ (VIRQ_CONSOLE, ...) in d, if it has ports. */
#include <stdint.h>
void domain_send_global_virq(struct domain *d, uint32_t virq);

/* d is dying: close every port it has (peers' interdomain ports become
 * unbound). */
void domain_evtchn_destroy(struct domain *d);

/* d is gone for good (after its grace period): free its port array. */
void domain_evtchn_free(struct domain *d);

/* Raise VIRQ_TIMER on v (its timers fired), if its domain has ports. */
void vcpu_send_timer_virq(struct vcpu *v);

/* SCHEDOP_poll's look at one port: -EINVAL if it is not bound, else
 * whether it is pending. */
#include <public/event_channel.h>
int domain_evtchn_port_poll(struct domain *d, evtchn_port_t port);

/* v's vcpu_info moved (VCPUOP_register_vcpu_info): deliver there. */
void domain_evtchn_move_vcpu_info(struct vcpu *v);

#endif
