/*
 * The PV test guest's entry, ELF notes and hypercall page. It runs as a
 * 64-bit PV kernel in ring 3: the builder starts it at _start with RSI
 * pointing at start_info, on a stack of its own choosing.
 */
#include <dom0/xen_notes.h>

#define VIRT_BASE 0xffffffff80000000

    pv_kernel_notes "KeelTest", VIRT_BASE

    .text
    .globl _start
_start:
    lea stack_top(%rip), %rsp
    mov %rsi, %rdi
    call guest_main
1:  jmp 1b

    .balign 4096
    .globl hypercall_page
hypercall_page:
    .skip 4096

    .bss
    .balign 16
stack:
    .skip 16384
stack_top:
