/*
 * dom0's entry, ELF notes and hypercall page. The domain builder (Keel's
 * or Xen's) maps the image at VIRT_BASE, the initial page tables and
 * start_info after it, and starts _start in ring 3 with RSI pointing at
 * start_info.
 */
#include <public/xen.h>
#include <dom0/layout.h>
#include <dom0/xen_notes.h>

    pv_kernel_notes "KeelDom0", VIRT_BASE

    .text
    .globl _start
_start:
    lea boot_stack_top(%rip), %rsp
    xor %ebp, %ebp                 /* ends every backtrace */
    mov %rsi, %rdi
    call start_of_day
    ud2                            /* start_of_day never returns */

    .balign PAGE_SIZE
    .globl hypercall_page
hypercall_page:
    .skip PAGE_SIZE

    .bss
    .balign PAGE_SIZE
    .globl boot_stack_guard
boot_stack_guard:               /* unmapped by mm_init */
    .skip PAGE_SIZE
boot_stack:
    .skip BOOT_STACK_SIZE
boot_stack_top:
