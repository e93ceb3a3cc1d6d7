/* Asking other CPUs to do things. */
#ifndef KEEL_SMP_H
#define KEEL_SMP_H

#include <stdbool.h>

struct cpu_regs;

/*
 * Run fn(data, regs) on `cpu` from its interrupt handler, where regs are
 * what the CPU was doing when interrupted, and wait until it has run.
 * Returns false if the CPU did not answer within a second.
 */
typedef void (*smp_call_fn)(void *data, const struct cpu_regs *regs);
bool smp_call_on_cpu(unsigned int cpu, smp_call_fn fn, void *data);

/* Flush every CPU's TLB (non-global entries), waiting for all of them. */
void flush_tlb_all(void);

#endif
