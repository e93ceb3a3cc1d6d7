/* x86 per-CPU state, and finding this CPU's from its stack pointer. */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <keel/layout.h>

/* Sits at the very top of each CPU's stack block (see layout.h). */
struct cpu_info {
    unsigned int cpu_id;
    unsigned int reserved[3]; /* 16 bytes keep the stack top 16-byte aligned */
};

struct tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

/* IST slots (1-based, as the IDT's IST field counts them). */
#define IST_DF  1
#define IST_NMI 2
#define IST_MCE 3

struct arch_percpu {
    struct tss64 tss;
    uint32_t apic_id;
    uint64_t *gdt;          /* Keel's GDT page (its direct-map address) */
    uint64_t guest_gdt[FIRST_RESERVED_GDT_PAGE]; /* what the guest pages of
                               the GDT map: frames' addresses, or zero_frame */
    uint64_t stack_block;   /* base of this CPU's STACK_BLOCK_SIZE block */
};

static inline struct cpu_info *get_cpu_info(void)
{
    uint64_t sp;

    asm volatile("mov %%rsp, %0" : "=r"(sp));
    return (struct cpu_info *)((sp | (STACK_BLOCK_SIZE - 1)) + 1 -
                               sizeof(struct cpu_info));
}

/* False until the boot CPU leaves the boot stack: CPU 0 until then. */
extern bool cpu_stacks_ready;

static inline unsigned int arch_smp_processor_id(void)
{
    return cpu_stacks_ready ? get_cpu_info()->cpu_id : 0;
}

/*
 * Top of a CPU's primary stack: where it starts, below its cpu_info. It is
 * TSS.rsp0 too, so a trap from a guest puts the guest's registers right
 * below it, and the SYSCALL path builds the same frame at the same place.
 */
static inline uint64_t stack_top(unsigned int cpu)
{
    return STACKS_BASE + (uint64_t)(cpu + 1) * STACK_BLOCK_SIZE -
           sizeof(struct cpu_info);
}

#endif
