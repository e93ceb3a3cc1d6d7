/*
 * Xen guest ABI: the start-of-day block a PVH guest (or an HVM guest
 * started at XEN_ELFNOTE_PHYS32_ENTRY) finds at the physical address in
 * %ebx, in 32-bit protected mode with paging off. Xen keeps this header as
 * arch-x86/hvm/start_info.h.
 *
 * Every address is a 64-bit little-endian guest physical address; 0 means
 * "not given", since nothing is ever placed at address 0. The hypervisor
 * keeps all of it below 4 GiB.
 */
#ifndef __XEN_PUBLIC_HVM_START_INFO_H__
#define __XEN_PUBLIC_HVM_START_INFO_H__

/* "xEn3" with bit 7 of the 'E' set, read as a little-endian uint32_t. */
#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* Memory map entry types: the ACPI address range types. */
#define XEN_HVM_MEMMAP_TYPE_RAM       1
#define XEN_HVM_MEMMAP_TYPE_RESERVED  2
#define XEN_HVM_MEMMAP_TYPE_ACPI      3
#define XEN_HVM_MEMMAP_TYPE_NVS       4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE  5
#define XEN_HVM_MEMMAP_TYPE_DISABLED  6
#define XEN_HVM_MEMMAP_TYPE_PMEM      7

#ifndef __ASSEMBLER__
#include <stdint.h>

/*
 * Version 0 ends after rsdp_paddr (48 bytes); version 1 adds the memory
 * map (56 bytes). A newer version only ever appends.
 */
struct hvm_start_info {
    uint32_t magic;             /* XEN_HVM_START_MAGIC_VALUE */
    uint32_t version;           /* 0 or 1 */
    uint32_t flags;             /* SIF_* (xen.h) */
    uint32_t nr_modules;        /* entries at modlist_paddr */
    uint64_t modlist_paddr;     /* array of struct hvm_modlist_entry */
    uint64_t cmdline_paddr;     /* NUL-terminated kernel command line */
    uint64_t rsdp_paddr;        /* ACPI RSDP */
    /* version 1 and later: */
    uint64_t memmap_paddr;      /* array of struct hvm_memmap_table_entry */
    uint32_t memmap_entries;    /* 0: no map given */
    uint32_t reserved;          /* zero */
};

struct hvm_modlist_entry {
    uint64_t paddr;             /* start of the module */
    uint64_t size;              /* its length in bytes */
    uint64_t cmdline_paddr;     /* its NUL-terminated command line, or 0 */
    uint64_t reserved;
};

struct hvm_memmap_table_entry {
    uint64_t addr;              /* start of the range */
    uint64_t size;              /* its length in bytes */
    uint32_t type;              /* XEN_HVM_MEMMAP_TYPE_* */
    uint32_t reserved;          /* zero */
};
#endif /* !__ASSEMBLER__ */

#endif /* __XEN_PUBLIC_HVM_START_INFO_H__ */
