/*
 * The PV test guest's entry, ELF notes and hypercall page. It runs as a
 * 64-bit PV kernel in ring 3: the builder starts it at _start with RSI
 * pointing at start_info, on a stack of its own choosing.
 */
#include <public/elfnote.h>

#define VIRT_BASE 0xffffffff80000000

    .macro xen_note type, descsz
    .balign 4
    .long 4, \descsz, \type
    .asciz "Xen"
    .balign 4
    .endm

    .section .note.Xen, "a"
    xen_note XEN_ELFNOTE_GUEST_OS, 9
    .asciz "KeelTest"
    xen_note XEN_ELFNOTE_GUEST_VERSION, 4
    .asciz "1.0"
    xen_note XEN_ELFNOTE_XEN_VERSION, 8
    .asciz "xen-3.0"
    xen_note XEN_ELFNOTE_VIRT_BASE, 8
    .quad VIRT_BASE
    xen_note XEN_ELFNOTE_PADDR_OFFSET, 8
    .quad VIRT_BASE
    xen_note XEN_ELFNOTE_ENTRY, 8
    .quad _start
    xen_note XEN_ELFNOTE_HYPERCALL_PAGE, 8
    .quad hypercall_page
    xen_note XEN_ELFNOTE_LOADER, 8
    .asciz "generic"
    xen_note XEN_ELFNOTE_FEATURES, 1
    .asciz ""
    .balign 4

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
