/* Exceptions and the panic path. */
#ifndef DOM0_TRAPS_H
#define DOM0_TRAPS_H

#include <stdint.h>

/* What dom0/arch/entry.S's trap_entry pushes, lowest address first. */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector;        /* -1: the failsafe callback */
    uint64_t error_code;    /* 0 for vectors without one */
    uint64_t rip, cs, rflags, rsp, ss;
};

/* Install the trap table and the failsafe callback. */
void traps_init(void);

/* Print the message, the registers if any, a backtrace, then crash the
 * domain (the hypervisor reports it to whoever watches). */
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void trap_fatal(struct trap_frame *f) __attribute__((noreturn));

#endif
