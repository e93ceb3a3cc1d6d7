/*
 * Ways into dom0 other than calls: exceptions and the event upcall, which
 * the hypervisor bounces to us on the current stack, and the switch
 * between threads.
 *
 * A bounce frame holds the interrupted RCX and R11 on top (the
 * hypervisor's return path may clobber them), then for some exceptions an
 * error code, then RIP, CS, RFLAGS, RSP, SS. Handlers pop RCX and R11
 * first, so every register holds the interrupted value again. They return
 * through the iret hypercall: its page entry pushes RAX, R11 and RCX
 * itself and wants a flags word on the stack above RIP.
 */
#include <public/xen.h>

/* Exceptions: all fatal to dom0, which has no user space. Each stub makes
 * the frame uniform (error code, vector) and enters trap_entry. */
    .macro exception vec, has_error
    .globl exception_\vec
exception_\vec:
    pop %rcx
    pop %r11
    .if \has_error == 0
    pushq $0
    .endif
    pushq $\vec
    jmp trap_entry
    .endm

    .text
    exception 0, 0
    exception 1, 0
    exception 2, 0
    exception 3, 0
    exception 4, 0
    exception 5, 0
    exception 6, 0
    exception 7, 0
    exception 8, 1
    exception 9, 0
    exception 10, 1
    exception 11, 1
    exception 12, 1
    exception 13, 1
    exception 14, 1
    exception 16, 0
    exception 17, 1
    exception 18, 0
    exception 19, 0

/* The frame trap_entry builds is struct trap_frame (dom0/include/dom0/traps.h). */
trap_entry:
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
    and $-16, %rsp
    call trap_fatal                /* never returns */
    ud2

/* The failsafe callback: the hypervisor could not return to us (a bad
 * segment, a bad frame). Nothing to retry with: report it. */
    .globl failsafe_entry
failsafe_entry:
    pop %rcx
    pop %r11
    pushq $0
    pushq $-1
    jmp trap_entry

/*
 * The event upcall. The hypervisor masked events (vcpu_info's upcall
 * mask) on the way in, and the iret frame holds the mask to restore.
 * The C side only moves pending ports to dom0's own bitmap; threads are
 * woken later, from the scheduler, so an upcall never races with code
 * it interrupted.
 */
    .globl event_entry
event_entry:
    pop %rcx
    pop %r11
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    push %rbp
    mov %rsp, %rbp
    and $-16, %rsp
    call event_upcall
    mov %rbp, %rsp
    pop %rbp
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    pushq $0                       /* iret flags: none */
    jmp hypercall_page + __HYPERVISOR_iret * 32

/*
 * void thread_switch(unsigned long *save_rsp, unsigned long next_rsp):
 * save the callee-saved registers on this stack, park its pointer in
 * *save_rsp, and resume the thread whose stack is next_rsp.
 */
    .globl thread_switch
thread_switch:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, (%rdi)
    mov %rsi, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    ret

/* A new thread's first return lands here with its function in R12 and
 * its argument in R13 (thread_create lays the stack out so). */
    .globl thread_trampoline
thread_trampoline:
    mov %r13, %rdi
    call *%r12
    call thread_exit
    ud2
