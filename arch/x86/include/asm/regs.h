/* The register frame that exception entry builds, lowest address first. */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <stdint.h>

struct cpu_regs {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;          /* pushed by the entry stub */
    uint64_t rip, cs, rflags, rsp, ss;    /* pushed by the CPU */
};

/* Fill *regs with the caller's registers, as if it had trapped. */
void arch_save_regs(struct cpu_regs *regs);

#endif
