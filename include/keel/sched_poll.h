/* SCHEDOP_poll (see kernel/sched_poll.c). */
#ifndef KEEL_SCHED_POLL_H
#define KEEL_SCHED_POLL_H

#include <keel/hypercall.h>
#include <public/event_channel.h>

struct domain;
struct vcpu;

/* At creation: not polling, its timeout timer idle. */
void vcpu_poll_init(struct vcpu *v);

/* v's domain is dying and v is off every CPU: it polls no more. */
void vcpu_poll_kill(struct vcpu *v);

/* Port of d just became pending: wake the vCPUs polling it (under the
 * event lock, from the event channel code). */
void sched_poll_wake(struct domain *d, evtchn_port_t port);

/* SCHEDOP_poll for v, the caller, with arg a struct sched_poll. */
long sched_poll(struct vcpu *v, hc_arg_t arg);

#endif
