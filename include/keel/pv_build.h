/*
 * Building a PV domain's memory as the Xen ABI lays it out for a 64-bit
 * PV kernel: the kernel at its virtual base, then the P2M list, the
 * start_info page, the initial page tables and a boot stack, all mapped
 * by those page tables, with 512 KiB spare after them (rounded to 4 MiB).
 */
#ifndef KEEL_PV_BUILD_H
#define KEEL_PV_BUILD_H

#include <stddef.h>
#include <stdint.h>

struct domain;

struct pv_segment {
    uint64_t vaddr;
    const uint8_t *data;   /* filesz bytes to copy; the rest up to memsz is zero */
    uint64_t filesz, memsz;
};

#define PV_MAX_SEGMENTS 16

/* A kernel as the loader found it (ELF and Xen notes). */
struct pv_kernel {
    uint64_t entry;
    uint64_t virt_base;          /* XEN_ELFNOTE_VIRT_BASE */
    uint64_t vstart, vend;       /* what its segments span */
    uint64_t hypercall_page;     /* 0 if none */
    unsigned int nr_segments;
    struct pv_segment segments[PV_MAX_SEGMENTS];
};

/*
 * The console and xenstore rings of a domain a toolstack builds: a page
 * each, right after start_info (as Xen's builder places them), named in
 * start_info with the ports given. The backends reach the pages through
 * the reserved grants GNTTAB_RESERVED_CONSOLE and _XENSTORE, which the
 * builder's caller fills in from the frames returned here.
 */
struct pv_rings {
    uint32_t console_port, store_port;  /* IN: the domain's ports */
    uint64_t console_mfn, store_mfn;    /* OUT: the pages' frames */
};

struct pv_build_args {
    const struct pv_kernel *kernel;
    const uint8_t *initrd;       /* NULL if none */
    size_t initrd_len;
    const char *cmdline;
    uint32_t si_flags;           /* SIF_* */
    struct pv_rings *rings;      /* NULL: none (domains Keel builds at boot) */
};

/*
 * Give d its memory (d->max_pages frames) and lay it out for args; set up
 * vCPU 0 to start at the kernel's entry. Returns 0, or a negative errno
 * with a message in err.
 */
int pv_build(struct domain *d, const struct pv_build_args *args, char *err, size_t err_len);

#endif
