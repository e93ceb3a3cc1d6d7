/*
 * Grace periods: knowing when no CPU can still hold a pointer to an object
 * that was taken out of every shared table (a destroyed domain).
 *
 * Keel code never keeps such a pointer past a return to a guest or past
 * going idle; those are the quiescent points, where each CPU bumps its
 * counter. Once every other CPU's counter has moved past a snapshot taken
 * after the object was unlinked, nobody can reach it any more and it may
 * be freed. The CPU that checks is quiescent by construction: it checks
 * from a timer, never in the middle of a hypercall.
 */
#ifndef KEEL_GRACE_H
#define KEEL_GRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/percpu.h>

struct grace {
    uint64_t seen[KEEL_MAX_CPUS];
};

/* This CPU is at a quiescent point. */
void cpu_quiescent(void);

/* Start a grace period: snapshot, and nudge the other CPUs along. */
void grace_start(struct grace *g);

/* Has every other online CPU passed a quiescent point since grace_start? */
bool grace_elapsed(const struct grace *g);

#endif
