/* Small x86 instruction wrappers used across arch/x86 and drivers/. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include <stdint.h>

static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;

    asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    asm volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
                 : "a"(leaf), "c"(sub));
}

static inline uint64_t read_cr0(void)
{
    uint64_t v;

    asm volatile("mov %%cr0, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr2(void)
{
    uint64_t v;

    asm volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint64_t read_cr3(void)
{
    uint64_t v;

    asm volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

static inline void write_cr3(uint64_t v)
{
    asm volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
    uint64_t v;

    asm volatile("mov %%cr4, %0" : "=r"(v));
    return v;
}

static inline void write_cr4(uint64_t v)
{
    asm volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;

    asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
    asm volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/*
 * a * b / c with a 128-bit intermediate, by the CPU's own 128/64 divide
 * (a compiler would call libgcc, which Keel does not link). Saturates
 * instead of faulting when the quotient does not fit.
 */
static inline uint64_t muldiv64(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t lo, hi, q;

    asm("mulq %3" : "=a"(lo), "=d"(hi) : "a"(a), "rm"(b));
    if (hi >= c)
        return UINT64_MAX;
    asm("divq %4" : "=a"(q), "=d"(hi) : "a"(lo), "d"(hi), "rm"(c));
    return q;
}

static inline void cpu_relax(void)
{
    asm volatile("pause" ::: "memory");
}

static inline __attribute__((noreturn)) void halt_forever(void)
{
    for (;;)
        asm volatile("cli; hlt");
}

#endif
