/*
 * Choosing what runs on each CPU. Keel is not preemptible: a CPU switches
 * vCPUs only from the schedule softirq, on its way back to a guest or to
 * idle, so a switch never interrupts Keel's own work.
 *
 * For now the policy is round robin with a 30 ms slice among the runnable
 * vCPUs placed on a CPU; the credit scheduler (weights, caps, affinity)
 * replaces the policy behind the same calls.
 */
#ifndef KEEL_SCHED_H
#define KEEL_SCHED_H

#include <stdbool.h>

struct vcpu;

void sched_init_cpu(unsigned int cpu);

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

/* Arch: start running v on this CPU, or go idle (neither returns). */
void arch_enter_vcpu(struct vcpu *v) __attribute__((noreturn));
void arch_enter_idle(void) __attribute__((noreturn));
void arch_save_vcpu(struct vcpu *v);

#endif
