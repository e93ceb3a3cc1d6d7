/* Time in the pages guests share with Keel (see kernel/guest_time.c). */
#ifndef KEEL_GUEST_TIME_H
#define KEEL_GUEST_TIME_H

struct vcpu;
struct domain;

/* Refresh v's vcpu_time_info: when it starts running on a CPU, and on
 * its timer ticks. */
void update_vcpu_time(struct vcpu *v);

/* Write the domain's wallclock (at domain creation, and when dom0 sets it). */
void update_domain_wallclock(struct domain *d);

#endif
