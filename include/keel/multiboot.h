/*
 * The two loader protocols Keel accepts: Multiboot 0.6.96 ("multiboot1",
 * QEMU -kernel, GRUB's `multiboot`, NetBSD's boot) and Multiboot2 (GRUB's
 * `multiboot2`). Only the parts Keel reads are described.
 */
#ifndef KEEL_MULTIBOOT_H
#define KEEL_MULTIBOOT_H

#define MB1_HEADER_MAGIC     0x1BADB002
#define MB1_BOOTLOADER_MAGIC 0x2BADB002
#define MB1_HEADER_PAGE_ALIGN (1u << 0) /* modules on 4 KiB boundaries */
#define MB1_HEADER_MEMORY_INFO (1u << 1) /* we want mem_* and mmap_* */

#define MB2_HEADER_MAGIC     0xE85250D6
#define MB2_BOOTLOADER_MAGIC 0x36D76289
#define MB2_ARCH_I386        0
#define MB2_HEADER_TAG_END   0
#define MB2_HEADER_TAG_MODULE_ALIGN 6

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Bits of mb1_info.flags saying which fields are valid. */
#define MB1_INFO_CMDLINE     (1u << 2)
#define MB1_INFO_MODS        (1u << 3)
#define MB1_INFO_MMAP        (1u << 6)
#define MB1_INFO_LOADER_NAME (1u << 9)

struct mb1_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;  /* KiB below 1 MiB, above 1 MiB */
    uint32_t boot_device;
    uint32_t cmdline;               /* physical address of a C string */
    uint32_t mods_count, mods_addr; /* array of struct mb1_module */
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;      /* physical address of a C string */
} __attribute__((packed));

struct mb1_module {
    uint32_t mod_start, mod_end;    /* [start, end) physical */
    uint32_t string;                /* command line */
    uint32_t reserved;
} __attribute__((packed));

/* Each entry is preceded by its size, which does not count itself. */
struct mb1_mmap_entry {
    uint32_t size;
    uint64_t base_addr, length;
    uint32_t type;
} __attribute__((packed));

/* Multiboot2 information: a fixed header, then 8-byte aligned tags. */
struct mb2_info_header {
    uint32_t total_size, reserved;
};

#define MB2_TAG_END         0
#define MB2_TAG_CMDLINE     1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE      3
#define MB2_TAG_MMAP        6
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15

struct mb2_tag {
    uint32_t type, size; /* size includes this header, not the padding */
};

struct mb2_tag_module {
    struct mb2_tag tag;
    uint32_t mod_start, mod_end;
    char cmdline[];
};

struct mb2_tag_mmap {
    struct mb2_tag tag;
    uint32_t entry_size, entry_version;
    /* entries of struct mb2_mmap_entry, entry_size bytes apart */
};

struct mb2_mmap_entry {
    uint64_t base_addr, length;
    uint32_t type, reserved;
};
#endif

#endif
