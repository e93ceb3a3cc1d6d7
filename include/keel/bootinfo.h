/*
 * What the loader told us, in one form whichever protocol it used. Strings
 * are copied out of loader memory, which later becomes ordinary RAM.
 */
#ifndef KEEL_BOOTINFO_H
#define KEEL_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

/* Memory types, numbered as the e820 map and both multiboot maps do. */
#define MEM_USABLE     1
#define MEM_RESERVED   2
#define MEM_ACPI_DATA  3
#define MEM_ACPI_NVS   4
#define MEM_UNUSABLE   5
#define MEM_PERSISTENT 7

#define BOOT_MAX_MEM      128
#define BOOT_MAX_MODULES  16
#define BOOT_CMDLINE_MAX  16384 /* the hypervisor's own line */
#define BOOT_STRINGS_MAX  8192  /* loader name and module lines together */

struct boot_mem_region {
    uint64_t start, size;
    uint32_t type;
};

struct boot_module {
    uint64_t start, end;   /* [start, end) physical */
    const char *cmdline;   /* loader's image path removed */
};

struct boot_info {
    const char *protocol;  /* "multiboot1" or "multiboot2" */
    const char *loader;    /* the loader's name, or "unknown" */
    const char *cmdline;   /* the loader's image path removed */
    unsigned int cmdline_truncated; /* nonzero when the line was cut */
    uint64_t rsdp;         /* physical address of a copy of the RSDP, or 0 */
    unsigned int nr_mem;
    struct boot_mem_region mem[BOOT_MAX_MEM];
    unsigned int nr_modules;
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned int dropped;  /* memory regions or modules that did not fit */
    char cmdline_buf[BOOT_CMDLINE_MAX];
    char strings[BOOT_STRINGS_MAX];
    size_t strings_used;
};

/*
 * Maps [pa, pa + len) for reading, or returns NULL when that range cannot
 * be read (beyond what is mapped, or not RAM the loader could have used).
 */
typedef const void *(*phys_reader_fn)(uint64_t pa, size_t len);

/*
 * Fill *bi from the loader's information at physical address info_pa.
 * Returns 0, or -1 when the magic is neither protocol's or the information
 * cannot be read.
 */
int bootinfo_parse(struct boot_info *bi, uint32_t magic, uint64_t info_pa,
                   phys_reader_fn read_phys);

const char *mem_type_name(uint32_t type);

/* The boot information Keel was started with (set once at boot). */
const struct boot_info *boot_info_get(void);

/* Bytes of MEM_USABLE memory in the map. */
uint64_t bootinfo_usable_bytes(const struct boot_info *bi);

#endif
