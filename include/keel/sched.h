/*
 * Choosing what runs on each CPU. Keel is not preemptible: a CPU switches
 * vCPUs only from the schedule softirq, on its way back to a guest or to
 * idle, so a switch never interrupts Keel's own work.
 *
 * The policy is Xen's credit scheduler (weights, caps, hard affinity,
 * boost on wake-up, load balancing): kernel/sched_credit.c.
 */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

void sched_init_cpu(unsigned int cpu);

/* Once every CPU is up: start the policy over CPUs [0, nr_cpus). */
void sched_start(unsigned int nr_cpus);

/* Make v eligible to run on its processor. */
void sched_add_vcpu(struct vcpu *v);

/* v can run: online, not blocked, its domain running. */
bool vcpu_runnable(const struct vcpu *v);

/* Ask this CPU (or another) to reconsider what it runs. */
void sched_kick(unsigned int cpu);

/* Leave the current vCPU now if it can no longer run (does not return then). */
void sched_check_current(void);

/* v was blocked and has something to do. */
void vcpu_wake(struct vcpu *v);

/* v waits for an event (SCHEDOP_block); returns at once if one is pending. */
void vcpu_block(struct vcpu *v);

/* v waits until woken, unless ready(v, arg), asked once v counts as
 * blocked, says it need not: then it stays runnable and this returns true. */
bool vcpu_block_unless(struct vcpu *v, bool (*ready)(struct vcpu *v, void *arg), void *arg);

/* v gives up the rest of its turn (SCHEDOP_yield). */
void sched_yield(struct vcpu *v);

/*
 * v's hard affinity (XEN_DOMCTL_setvcpuaffinity): it runs only on CPUs of
 * mask from now on, moving at once if its CPU is not one; recorded in
 * v->affinity_hard. -EINVAL if mask holds no online CPU. Returns the CPUs
 * both allow.
 */
int sched_set_affinity(struct vcpu *v, uint64_t mask, uint64_t *effective);

/* The CPUs the scheduler runs vCPUs on. */
uint64_t sched_online_cpus(void);

/* d's credit weight (1-65535) and cap (% of one CPU, 0: none). Set: the
 * values are taken as they are (-EINVAL outside those ranges). */
struct domain;
void sched_get_params(struct domain *d, unsigned int *weight, unsigned int *cap);
int sched_set_params(struct domain *d, unsigned int weight, unsigned int cap);

/* The `r` key: what a CPU runs and has queued. */
void sched_dump_cpu(unsigned int cpu);

/* d's vCPUs may have stopped or started being runnable (shutdown, crash,
 * pause, unpause): tell the policy, and kick the CPUs running them. */
void domain_update_runnable(struct domain *d);

/* Wait until none of d's vCPUs is on a CPU (they are not runnable, and
 * never the caller's own). */
void domain_wait_descheduled(const struct domain *d);

/* d is dying and descheduled: forget its vCPUs and it. */
void sched_remove_domain(struct domain *d);

/* Arch: start running v on this CPU, or go idle (neither returns). */
void arch_enter_vcpu(struct vcpu *v) __attribute__((noreturn));
void arch_enter_idle(void) __attribute__((noreturn));
void arch_save_vcpu(struct vcpu *v);

#endif
