/*
 * The test guest's trap handlers. A bounce frame from Keel (or Xen) holds
 * RCX and R11 above the usual frame; the handlers drop those, note what
 * happened, and return with the iret hypercall, whose page entry expects
 * a flags word on the stack and pushes RCX, R11 and RAX itself.
 */
#include <public/xen.h>

    .text
    .globl int3_handler
int3_handler:
    pop %rcx
    pop %r11
    incl int3_count(%rip)
    pushq $0                               /* iret flags */
    jmp hypercall_page + __HYPERVISOR_iret * 32

/* A page fault from probe_unmapped: record the error code, skip the 8-byte
 * store that faulted. The frame is RCX, R11, error code, RIP, CS, RFLAGS,
 * RSP, SS; the iret hypercall restores RAX, R11 and RCX from what its page
 * entry pushes, so every register must hold the interrupted code's value
 * when the handler jumps there (RAX is saved around its use). */
    .globl page_fault_handler
page_fault_handler:
    pop %rcx
    pop %r11
    push %rax
    mov 8(%rsp), %rax                      /* error code */
    mov %rax, page_fault_error(%rip)
    pop %rax
    add $8, %rsp                           /* drop the error code */
    incl page_fault_count(%rip)
    addq $8, (%rsp)                        /* RIP past the store */
    pushq $0
    jmp hypercall_page + __HYPERVISOR_iret * 32

    .globl probe_unmapped
probe_unmapped:                            /* void probe_unmapped(void) */
    movb $1, 0x1000                        /* 8 bytes: c6 04 25 <disp32> <imm8> */
    ret

/*
 * The event upcall: note it, clear the vCPU's upcall_pending (else the
 * return would deliver it again at once) and its pending-word selector
 * (else the next event, finding its selector bit set, raises no upcall:
 * the 2-level ABI upcalls only when that bit goes from 0 to 1), and
 * return with iret, whose frame restores the event mask the guest had
 * before the upcall.
 */
    .globl event_handler
event_handler:
    pop %rcx
    pop %r11
    push %rax
    mov event_vcpu_info(%rip), %rax
    movb $0, (%rax)                        /* vcpu_info.evtchn_upcall_pending */
    movq $0, 8(%rax)                       /* vcpu_info.evtchn_pending_sel */
    pop %rax
    incl event_count(%rip)
    pushq $0
    jmp hypercall_page + __HYPERVISOR_iret * 32

/* A general protection fault from msr.c's probes: count it and skip the
 * 2-byte RDMSR or WRMSR that raised it. Frame: RCX, R11, error code, RIP. */
    .globl gp_handler
gp_handler:
    pop %rcx
    pop %r11
    add $8, %rsp                           /* drop the error code */
    incl gp_count(%rip)
    addq $2, (%rsp)                        /* RIP past the instruction */
    pushq $0
    jmp hypercall_page + __HYPERVISOR_iret * 32
