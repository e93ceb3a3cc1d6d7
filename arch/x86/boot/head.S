/*
 * Keel's entry from a multiboot loader.
 *
 * The loader jumps to start32 in 32-bit protected mode, paging off, with
 * EAX = the loader's magic and EBX = the physical address of its
 * information. We build boot page tables that map the first 4 GiB twice
 * (identity, so the switch itself survives, and at DIRECTMAP_BASE) and the
 * image at KEEL_IMAGE_BASE, enter long mode, move to the high image address,
 * and call start_keel(magic, info). No stack is used before BSS is zeroed.
 */
#include <keel/layout.h>
#include <keel/multiboot.h>

#define PHYS(x) ((x) - KEEL_IMAGE_BASE)

#define PTE_P   0x001
#define PTE_RW  0x002
#define PTE_PS  0x080
#define CR0_PE  0x00000001
#define CR0_WP  0x00010000
#define CR0_PG  0x80000000
#define CR4_PAE 0x00000020
#define MSR_EFER 0xc0000080
#define EFER_LME 0x00000100
#define EFER_NXE 0x00000800

    .section .text.head, "ax"
    .code32

/* Both headers must sit early in the file: 8 KiB (mb1), 32 KiB (mb2). */
    .balign 8
mb2_header:
    .long MB2_HEADER_MAGIC
    .long MB2_ARCH_I386
    .long mb2_header_end - mb2_header
    .long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
    .balign 8
    .short MB2_HEADER_TAG_MODULE_ALIGN, 0
    .long 8
    .balign 8
    .short MB2_HEADER_TAG_END, 0
    .long 8
mb2_header_end:

    .balign 4
mb1_header:
    .long MB1_HEADER_MAGIC
    .long MB1_HEADER_PAGE_ALIGN | MB1_HEADER_MEMORY_INFO
    .long -(MB1_HEADER_MAGIC + (MB1_HEADER_PAGE_ALIGN | MB1_HEADER_MEMORY_INFO))

    .globl start32
start32:
    cli
    cld
    /* CPUID clobbers EAX-EDX and BSS is about to be zeroed: keep these in .data. */
    mov %eax, PHYS(boot_magic)
    mov %ebx, PHYS(boot_info_pa)

    /* Long mode is required: say so on COM1 rather than triple-fault. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    bt $29, %edx
    jnc no_long_mode
    mov %edx, %ebp                  /* remember the NX bit (20) */

    /* Zero BSS, which holds the page tables and the boot stack. */
    mov $PHYS(__bss_start), %edi
    mov $PHYS(__bss_end), %ecx
    sub %edi, %ecx
    shr $2, %ecx
    xor %eax, %eax
    rep stosl

    /* Four page directories of 2 MiB pages: 0-4 GiB. */
    mov $PHYS(boot_pd), %edi
    mov $(PTE_P | PTE_RW | PTE_PS), %eax
    xor %edx, %edx                  /* high half of the entry */
    mov $2048, %ecx
1:  mov %eax, (%edi)
    mov %edx, 4(%edi)
    add $0x200000, %eax
    adc $0, %edx
    add $8, %edi
    loop 1b

    /* The low PDPT points at the four directories. */
    mov $PHYS(boot_pdpt_low), %edi
    mov $(PHYS(boot_pd) + PTE_P + PTE_RW), %eax
    mov $4, %ecx
1:  mov %eax, (%edi)
    add $0x1000, %eax
    add $8, %edi
    loop 1b

    /* The image PDPT maps its first GiB with the first directory. */
    mov $(PHYS(boot_pd) + PTE_P + PTE_RW), %eax
    mov %eax, (PHYS(boot_pdpt_image) + ((KEEL_IMAGE_BASE >> 30) & 511) * 8)

    mov $(PHYS(boot_pdpt_low) + PTE_P + PTE_RW), %eax
    mov %eax, PHYS(boot_pml4)
    mov %eax, (PHYS(boot_pml4) + ((DIRECTMAP_BASE >> 39) & 511) * 8)
    mov $(PHYS(boot_pdpt_image) + PTE_P + PTE_RW), %eax
    mov %eax, (PHYS(boot_pml4) + ((KEEL_IMAGE_BASE >> 39) & 511) * 8)

    /* PAE, then LME (and NXE when present), then paging. */
    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    bt $20, %ebp
    jnc 1f
    or $EFER_NXE, %eax
1:  wrmsr
    mov %cr0, %eax
    or $(CR0_PE | CR0_WP | CR0_PG), %eax
    mov %eax, %cr0

    lgdt PHYS(boot_gdtr32)
    ljmp $BOOT_CS, $PHYS(start64_low)

no_long_mode:
    mov $PHYS(no_long_mode_msg), %ecx
1:  mov $0x3fd, %dx                 /* wait for the transmitter */
2:  in %dx, %al
    test $0x20, %al
    jz 2b
    mov $0x3f8, %dx
    movb (%ecx), %al
    test %al, %al
    jz 3f
    out %al, %dx
    inc %ecx
    jmp 1b
3:  hlt
    jmp 3b

    .code64
start64_low:
    /* Still running at the physical address: jump to the image mapping. */
    movabs $start64, %rax
    jmp *%rax

    .text
start64:
    lgdt boot_gdtr(%rip)
    mov $BOOT_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    lea boot_stack_top(%rip), %rsp
    xor %ebp, %ebp                  /* terminates stack traces */
    mov boot_magic(%rip), %edi
    mov boot_info_pa(%rip), %esi
    call start_keel
1:  cli
    hlt
    jmp 1b

    .section .rodata
no_long_mode_msg:
    .asciz "Keel: this CPU has no long mode; Keel needs an x86_64 CPU.\r\n"

    .balign 8
boot_gdt:
    .quad 0
    /* Accessed bits preset: this GDT is read-only once Keel's page tables are. */
    .quad 0x00af9b000000ffff        /* BOOT_CS: 64-bit code, DPL 0 */
    .quad 0x00cf93000000ffff        /* BOOT_DS: data, DPL 0 */
boot_gdt_end:

boot_gdtr32:
    .short boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)
    .balign 8
boot_gdtr:
    .short boot_gdt_end - boot_gdt - 1
    .quad boot_gdt

    .data
boot_magic:   .long 0
boot_info_pa: .long 0

    .section .bss.page_aligned, "aw", @nobits
    .balign 4096
    .globl boot_pml4
boot_pml4:       .skip 4096
boot_pdpt_low:   .skip 4096
boot_pdpt_image: .skip 4096
boot_pd:         .skip 4 * 4096
    .globl boot_stack
boot_stack:      .skip BOOT_STACK_SIZE
boot_stack_top:
