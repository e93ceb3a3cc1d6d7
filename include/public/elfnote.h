/*
 * Xen guest ABI: ELF notes a guest kernel carries to tell its loader (the
 * hypervisor for dom0, the toolstack for others) how to start it.
 *
 * Each note has name "Xen" and one of the types below. A note's value is a
 * NUL-terminated string or a number (4 or 8 bytes, by the note's size), as
 * marked. "Legacy" notes replaced fields of the old __xen_guest section
 * string. Plain numbers, so assembly can use them in its note sections.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

#define XEN_ELFNOTE_INFO            0 /* string: free-form NAME=VALUE */
#define XEN_ELFNOTE_ENTRY           1 /* number: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE  2 /* number: where to put the hypercall page */
#define XEN_ELFNOTE_VIRT_BASE       3 /* number: virtual address of the image (default 0) */
#define XEN_ELFNOTE_PADDR_OFFSET    4 /* number: subtract from p_paddr to get the */
                                      /* guest-physical load address (default 0) */
#define XEN_ELFNOTE_XEN_VERSION     5 /* string: Xen version the kernel expects ("xen-3.0") */
#define XEN_ELFNOTE_GUEST_OS        6 /* string: OS name ("linux", "NetBSD") */
#define XEN_ELFNOTE_GUEST_VERSION   7 /* string: OS version */
#define XEN_ELFNOTE_LOADER          8 /* string: loader kind ("generic") */
#define XEN_ELFNOTE_PAE_MODE        9 /* string: 32-bit PAE support ("yes", "bimodal") */
#define XEN_ELFNOTE_FEATURES       10 /* string: XENFEAT names joined by '|', */
                                      /* '!' before a required one */
#define XEN_ELFNOTE_BSD_SYMTAB     11 /* string "yes": load the symbol table too */
#define XEN_ELFNOTE_HV_START_LOW   12 /* number: lowest start of the hypervisor hole */
                                      /* the kernel can live with (32-bit) */
#define XEN_ELFNOTE_L1_MFN_VALID   13 /* numbers: mask/value pairs marking */
                                      /* non-present L1 entries that hold MFNs */
#define XEN_ELFNOTE_SUSPEND_CANCEL 14 /* number: 1 if suspend may be cancelled */
#define XEN_ELFNOTE_INIT_P2M       15 /* number: virtual address for the initial */
                                      /* P2M, mapped apart from the kernel */
#define XEN_ELFNOTE_MOD_START_PFN  16 /* number: 1 if the initrd may be passed */
                                      /* unmapped, by PFN (SIF_MOD_START_PFN) */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* number: XENFEAT bitmap, added to */
                                          /* those named in FEATURES */
#define XEN_ELFNOTE_PHYS32_ENTRY   18 /* number: 32-bit physical entry for PVH */
#define XEN_ELFNOTE_PHYS32_RELOC   19 /* numbers: PVH relocation: alignment, */
                                      /* lowest and highest address */

/* The highest note type defined above. */
#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_RELOC

/* Notes written into crash dumps (kexec) and core files (toolstack). */
#define XEN_ELFNOTE_CRASH_INFO              0x1000001 /* system state at crash */
#define XEN_ELFNOTE_CRASH_REGS              0x1000002 /* per-CPU extra registers */
#define XEN_ELFNOTE_DUMPCORE_NONE           0x2000000 /* marks a Xen core file */
#define XEN_ELFNOTE_DUMPCORE_HEADER         0x2000001 /* core file header */
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002 /* hypervisor version data */
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003 /* core format version */

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
