/*
 * dom0's virtual address space. The kernel code model puts the image in
 * the top 2 GiB; everything dom0 maps lives there too:
 *
 *   VIRT_BASE .. DIRECT_MAP_END   pfn n at VIRT_BASE + n * PAGE_SIZE, for
 *                                 every page dom0 owns (the builder maps the
 *                                 first few MiB this way; mm.c the rest)
 *   VMAP_START .. VMAP_END        frames dom0 does not own: other domains'
 *                                 pages, grants, device memory
 *   FIXMAP_START ..               single pages at fixed places
 *                                 (shared_info)
 *
 * The hypervisor's M2P table is at MACH2PHYS_VIRT_START, read-only.
 */
#ifndef DOM0_LAYOUT_H
#define DOM0_LAYOUT_H

#define PAGE_SHIFT       12
#define PAGE_SIZE        4096

#define VIRT_BASE        0xffffffff80000000
#define DIRECT_MAP_END   0xffffffffe0000000  /* 1.5 GiB of dom0 memory */
#define VMAP_START       0xffffffffe0000000
#define VMAP_END         0xffffffffff000000
#define FIXMAP_START     0xffffffffff000000
#define FIX_SHARED_INFO  0                   /* fixmap slot numbers */
#define NR_FIXMAP        16

/* Stacks have an unmapped guard page below them: an overflow faults
 * instead of overwriting what lies below. inflate alone takes 8.5 KiB. */
#define BOOT_STACK_SIZE  65536
#define THREAD_STACK_SIZE 32768

#ifndef __ASSEMBLER__
#define MAX_DIRECT_PAGES ((DIRECT_MAP_END - VIRT_BASE) >> PAGE_SHIFT)
#define fixmap_va(slot)  (FIXMAP_START + (unsigned long)(slot) * PAGE_SIZE)
#endif

#endif
