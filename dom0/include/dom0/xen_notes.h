/*
 * The Xen ELF notes of a 64-bit PV kernel (assembler only): what the
 * domain builder reads to load it (include/public/elfnote.h). dom0 and
 * the PV test guest both carry them:
 *   pv_kernel_notes "NAME", VIRT_BASE
 * with the entry point at _start and the hypercall page at hypercall_page.
 */
#ifndef DOM0_XEN_NOTES_H
#define DOM0_XEN_NOTES_H

#include <public/elfnote.h>

    .macro xen_note type, descsz
    .balign 4
    .long 4, \descsz, \type
    .asciz "Xen"
    .balign 4
    .endm

    .macro xen_note_string type, text
    xen_note \type, (9f-8f)
8:  .asciz "\text"
9:
    .endm

    .macro pv_kernel_notes guest_os, virt_base
    .pushsection .note.Xen, "a"
    xen_note_string XEN_ELFNOTE_GUEST_OS, "\guest_os"
    xen_note_string XEN_ELFNOTE_GUEST_VERSION, "1.0"
    xen_note_string XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
    xen_note XEN_ELFNOTE_VIRT_BASE, 8
    .quad \virt_base
    xen_note XEN_ELFNOTE_PADDR_OFFSET, 8
    .quad \virt_base
    xen_note XEN_ELFNOTE_ENTRY, 8
    .quad _start
    xen_note XEN_ELFNOTE_HYPERCALL_PAGE, 8
    .quad hypercall_page
    xen_note_string XEN_ELFNOTE_LOADER, "generic"
    /* No optional features are needed: an empty list. */
    xen_note_string XEN_ELFNOTE_FEATURES, ""
    .balign 4
    .popsection
    .endm

#endif
