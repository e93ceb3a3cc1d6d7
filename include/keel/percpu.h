/*
 * Per-CPU state. Each CPU touches only its own entry, except where a field
 * says otherwise; the arch part holds descriptor tables and stacks.
 */
#ifndef KEEL_PERCPU_H
#define KEEL_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <asm/percpu.h>

#define KEEL_MAX_CPUS 64

struct percpu {
    unsigned int id;
    bool online;                 /* written once by the CPU itself */
    volatile uint32_t softirq_pending;
    struct arch_percpu arch;
};

extern struct percpu percpu[KEEL_MAX_CPUS];
extern unsigned int nr_cpus_online;

/*
 * This CPU's number. Valid once the CPU runs on its own stack block: from
 * cpu_boot_stack_switch() on for the boot CPU, from entry for the others.
 */
static inline unsigned int smp_processor_id(void)
{
    return arch_smp_processor_id();
}

static inline struct percpu *this_cpu(void)
{
    return &percpu[smp_processor_id()];
}

#endif
