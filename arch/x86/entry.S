/*
 * Trap entry: one 16-byte stub per vector pushes a uniform frame (an error
 * code of 0 where the CPU pushes none, then the vector) and joins
 * trap_common, which saves the general registers as struct cpu_regs.
 */
#include <keel/layout.h>

    .text

    .altmacro
    .macro trap_stub vec
    .balign 16
    /* The CPU pushes an error code for these vectors only. */
    .if !(\vec == 8 || (\vec >= 10 && \vec <= 14) || \vec == 17 || \vec == 21 || \vec == 29 || \vec == 30)
    pushq $0
    .endif
    pushq $\vec
    jmp trap_common
    .endm

    .balign 16
    .globl trap_stubs
trap_stubs:
    .set vec, 0
    .rept 256
    trap_stub %vec
    .set vec, vec + 1
    .endr
    .noaltmacro

    .globl trap_common
trap_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    call do_trap
    /* Back to a guest: deliver what is pending first (may not return). */
    testb $3, 0x90(%rsp)                      /* the saved CS */
    jz 1f
    mov %rsp, %rdi
    call pv_exit_to_guest                     /* returns with interrupts off */
1:
    .globl restore_all
restore_all:
    /* (RSP points at a struct cpu_regs) */
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp                   /* vector and error code */
iret_insn:
    iretq

/* IRET to a guest refused its frame (a selector or address the guest
 * chose): the guest is at fault, not Keel. */
iret_fault:
    jmp pv_bad_iret

    .section .ex_table, "a"
    .balign 8
    .quad iret_insn, iret_fault
    .text

/* void arch_save_regs(struct cpu_regs *regs): the caller's view. */
    .globl arch_save_regs
arch_save_regs:
    mov %r15, 0x00(%rdi)
    mov %r14, 0x08(%rdi)
    mov %r13, 0x10(%rdi)
    mov %r12, 0x18(%rdi)
    mov %r11, 0x20(%rdi)
    mov %r10, 0x28(%rdi)
    mov %r9,  0x30(%rdi)
    mov %r8,  0x38(%rdi)
    mov %rbp, 0x40(%rdi)
    mov %rdi, 0x48(%rdi)
    mov %rsi, 0x50(%rdi)
    mov %rdx, 0x58(%rdi)
    mov %rcx, 0x60(%rdi)
    mov %rbx, 0x68(%rdi)
    mov %rax, 0x70(%rdi)
    movq $0, 0x78(%rdi)             /* vector */
    movq $0, 0x80(%rdi)             /* error code */
    mov (%rsp), %rax                /* return address: the caller's RIP */
    mov %rax, 0x88(%rdi)
    mov %cs, %eax
    mov %rax, 0x90(%rdi)
    pushf
    pop %rax
    mov %rax, 0x98(%rdi)
    lea 8(%rsp), %rax               /* the caller's RSP after return */
    mov %rax, 0xa0(%rdi)
    mov %ss, %eax
    mov %rax, 0xa8(%rdi)
    mov 0x70(%rdi), %rax
    ret

/* void cpu_boot_stack_switch(void (*fn)(void)): the boot CPU leaves the
 * boot stack for its own stack block (cpu 0's) and never comes back. */
    .globl cpu_boot_stack_switch
cpu_boot_stack_switch:
    movabs $(STACKS_BASE + STACK_BLOCK_SIZE - 16), %rsp
    xor %ebp, %ebp
    call *%rdi
1:  cli
    hlt
    jmp 1b

/* void reset_stack_and_jump(uint64_t sp, void (*fn)(void)): this CPU's stack
 * is empty from here on; what ran on it is abandoned, not returned to. */
    .globl reset_stack_and_jump
reset_stack_and_jump:
    mov %rdi, %rsp
    xor %ebp, %ebp
    jmp *%rsi

/* Enter a guest whose frame RSP points at: events first, like any return. */
    .globl enter_guest
enter_guest:
    mov %rsp, %rdi
    call pv_exit_to_guest
    jmp restore_all
