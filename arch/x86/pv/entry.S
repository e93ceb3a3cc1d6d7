/*
 * SYSCALL from a PV guest. SYSCALL switches neither stack nor GS, so each
 * CPU has its own copy of this stub with a data page right after it: the
 * stub finds its CPU's stack RIP-relatively, needs no register, and builds
 * the same frame a trap from ring 3 would (struct cpu_regs, right below
 * the stack top), then joins the common path. Interrupts are off here
 * (SFMASK clears IF).
 */
#include <keel/layout.h>

#define STUB_DATA     4096          /* the data page follows the code page */
#define STUB_SCRATCH  (STUB_DATA + 0)
#define STUB_STACK    (STUB_DATA + 8)
#define STUB_TARGET   (STUB_DATA + 16)

    .macro syscall_stub cs, vector
    mov %rsp, syscall_stub_start + STUB_SCRATCH(%rip)
    mov syscall_stub_start + STUB_STACK(%rip), %rsp
    pushq $GUEST_DS                           /* SS */
    pushq syscall_stub_start + STUB_SCRATCH(%rip) /* RSP */
    push %r11                                 /* RFLAGS */
    pushq $\cs                                /* CS */
    push %rcx                                 /* RIP */
    pushq $0                                  /* error code */
    pushq $\vector
    jmp *syscall_stub_start + STUB_TARGET(%rip)
    .endm

    .section .rodata.syscall_stub, "a"
    .globl syscall_stub_start
syscall_stub_start:                           /* LSTAR: 64-bit SYSCALL */
    syscall_stub GUEST_CS64, VECTOR_SYSCALL
    .balign 64
    .globl syscall_stub_compat
syscall_stub_compat:                          /* CSTAR: SYSCALL in compat mode */
    syscall_stub GUEST_CS32, VECTOR_SYSCALL32
    .globl syscall_stub_end
syscall_stub_end:

    .text
    .globl pv_syscall_entry
pv_syscall_entry:
    jmp trap_common
