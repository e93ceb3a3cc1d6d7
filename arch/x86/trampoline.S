/*
 * Where other CPUs start: copied to a page below 1 MiB (the STARTUP IPI's
 * vector names it), entered in real mode at its first byte. It climbs to
 * long mode on Keel's page tables (the page itself is identity-mapped
 * while CPUs start) and jumps to the entry and stack the boot CPU wrote
 * into its data area. Position-independent: EBX holds its physical base.
 */
#define TRAMP(x) ((x) - trampoline_start)

    .section .rodata.trampoline, "a"
    .code16
    .globl trampoline_start
trampoline_start:
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds
    movzwl %ax, %ebx
    shl $4, %ebx                       /* physical base of this page */
    lgdtl TRAMP(tramp_gdtr)
    mov %cr0, %eax
    or $1, %eax                        /* PE */
    mov %eax, %cr0
    ljmpl *TRAMP(tramp_pm_ptr)

    .code32
tramp_pm:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr4, %eax
    or $0x20, %eax                     /* PAE */
    mov %eax, %cr4
    mov TRAMP(tramp_cr3)(%ebx), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx              /* EFER */
    rdmsr
    or TRAMP(tramp_efer)(%ebx), %eax   /* LME, and NXE as on the boot CPU */
    wrmsr
    mov %cr0, %eax
    and $~0x60000000, %eax             /* INIT leaves the caches off: CD, NW */
    or $0x80010000, %eax               /* PG, WP */
    mov %eax, %cr0
    ljmpl *TRAMP(tramp_lm_ptr)(%ebx)

    .code64
tramp_lm:
    mov %ebx, %ebx                     /* the upper half is undefined here */
    mov TRAMP(tramp_stack)(%rbx), %rsp
    mov TRAMP(tramp_entry)(%rbx), %rax
    xor %ebp, %ebp
    jmp *%rax

    .balign 8
/* Accessed bits preset: the page is mapped read-only, and a CPU that
 * loads a descriptor without them writes them in. */
tramp_gdt:
    .quad 0
    .quad 0x00cf9b000000ffff           /* 0x08: 32-bit code */
    .quad 0x00cf93000000ffff           /* 0x10: data */
    .quad 0x00af9b000000ffff           /* 0x18: 64-bit code */
tramp_gdt_end:

/* Filled in by the boot CPU (smpboot.c) after copying; keep the order. */
    .globl trampoline_data
trampoline_data:
tramp_gdtr:   .short tramp_gdt_end - tramp_gdt - 1
              .long 0                   /* base + TRAMP(tramp_gdt) */
tramp_pm_ptr: .long 0                   /* base + TRAMP(tramp_pm) */
              .short 0x08
tramp_lm_ptr: .long 0                   /* base + TRAMP(tramp_lm) */
              .short 0x18
    .balign 8
tramp_cr3:    .quad 0
tramp_efer:   .quad 0
tramp_stack:  .quad 0
tramp_entry:  .quad 0
    .globl trampoline_end
trampoline_end:

    .globl trampoline_offsets
trampoline_offsets:
    .long TRAMP(tramp_gdt), TRAMP(tramp_pm), TRAMP(tramp_lm), TRAMP(trampoline_data)
