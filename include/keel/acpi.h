/*
 * Platform discovery from firmware tables: ACPI (RSDP, RSDT/XSDT, MADT,
 * FADT with the DSDT's \_S5, HPET), else the Intel MP table, else one CPU.
 *
 * Everything is read through the caller's phys_reader_fn and treated as
 * untrusted: lengths are checked against what was read, checksums
 * verified, counts bounded. Problems are reported one line each through a
 * callback; none stops the boot. No hardware is touched here, so the host
 * unit tests (tests/unit/test_acpi_*.c) run the same code on captured tables.
 */
#ifndef KEEL_ACPI_H
#define KEEL_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <keel/bootinfo.h>

#ifndef KEEL_MAX_CPUS
#define KEEL_MAX_CPUS 64 /* as in keel/percpu.h, which host tests cannot include */
#endif
#define PLATFORM_MAX_IOAPICS   8
#define PLATFORM_MAX_OVERRIDES 16

#define PLATFORM_LAPIC_DEFAULT 0xfee00000u
#define PLATFORM_GSI_UNKNOWN   0xffffffffu /* MP tables give no GSI base */

/* ACPI Generic Address Structure (only the fields, not the packed layout). */
struct acpi_gas {
    uint8_t space_id, bit_width, bit_offset, access_size;
    uint64_t address;
};

#define ACPI_SPACE_MEMORY 0
#define ACPI_SPACE_IO     1
#define ACPI_SPACE_PCI    2

/* MPS INTI flags of an interrupt source override. */
#define ACPI_POLARITY_MASK  0x3 /* 0 bus default, 1 active high, 3 active low */
#define ACPI_TRIGGER_MASK   0xc /* 0 bus default, 4 edge, 0xc level */

struct platform_cpu {
    uint32_t apic_id, acpi_id;
    bool bsp;
};

struct platform_ioapic {
    uint8_t id;
    uint32_t addr, gsi_base;
};

struct platform_override {
    uint8_t bus_irq;
    uint32_t gsi;
    uint16_t flags;              /* ACPI_POLARITY_MASK, ACPI_TRIGGER_MASK */
};

struct platform_info {
    const char *source;          /* "ACPI", "MP table" or "none (single CPU)" */
    /* ACPI only (empty/0 otherwise) */
    char oem[7];                 /* from the RSDP, for the log */
    uint8_t acpi_revision;       /* the RSDP's: 0 (ACPI 1.0) or 2+ */
    const char *acpi_root;       /* "RSDT", "XSDT" or "" */

    uint64_t lapic_addr;         /* physical; PLATFORM_LAPIC_DEFAULT unless told */
    unsigned int nr_cpus;        /* enabled or online-capable CPUs */
    struct platform_cpu cpus[KEEL_MAX_CPUS];
    unsigned int cpus_dropped;   /* usable CPUs beyond KEEL_MAX_CPUS */
    unsigned int nr_ioapics, ioapics_dropped;
    struct platform_ioapic ioapics[PLATFORM_MAX_IOAPICS];
    unsigned int nr_overrides, overrides_dropped;
    struct platform_override overrides[PLATFORM_MAX_OVERRIDES];
    unsigned int nr_nmi_sources; /* MADT type 3: NMI wired to a GSI */
    unsigned int nr_lapic_nmis;  /* MADT types 4 and 0xa: NMI on a LINT pin */
    bool pic_present;            /* MADT PCAT_COMPAT; assumed without ACPI */

    uint64_t hpet_addr;          /* 0 if none */

    /* FADT */
    bool reset_supported;
    struct acpi_gas reset_reg;
    uint8_t reset_value;
    uint32_t pm1a_cnt, pm1b_cnt; /* I/O ports (from X_ fields when usable), 0 if none */
    bool s5_valid;
    uint8_t slp_typa, slp_typb;  /* from the \_S5 package */
    uint32_t smi_cmd;
    uint8_t acpi_enable;
    uint32_t pm_timer_port;      /* 0 if none */
    bool pm_timer_32bit;         /* FADT TMR_VAL_EXT; else 24 bits */
    uint8_t century;             /* CMOS index of the century, 0 if none */
};

typedef void (*platform_report_fn)(const char *msg);

/*
 * Fill *pi from the firmware's tables. rsdp_hint is the physical address of
 * an RSDP copy (multiboot2's ACPI tag), or 0 to search for one as the spec
 * says. Each pointer read_phys returns is used only until its next call.
 * Returns 0 when ACPI or the MP table described the CPUs, -1 when nothing
 * did and *pi holds the single-CPU defaults (CPU 0 with APIC ID 0 as a
 * placeholder: the caller should set its own with platform_set_bsp()).
 */
int platform_discover(struct platform_info *pi, uint64_t rsdp_hint,
                      phys_reader_fn read_phys, platform_report_fn report);

/*
 * Mark the CPU with this APIC ID as the BSP, and no other. Discovery
 * guesses the first listed CPU; the caller knows its own APIC ID. Returns
 * false when no listed CPU has it (the single-CPU placeholder is then
 * given this ID).
 */
bool platform_set_bsp(struct platform_info *pi, uint32_t apic_id);

/* The boot log's summary of *pi, one call of print per line. */
void platform_report(const struct platform_info *pi, platform_report_fn print);

/* ---- for the files of drivers/acpi only ---- */

#define ACPI_MAX_TABLES     64          /* root table entries kept */
#define ACPI_MAX_TABLE_LEN  (4u << 20)  /* larger is taken as corruption */
#define ACPI_HEADER_LEN     36
#define ACPI_MAX_REPORTS    40          /* then one line says the rest are not */

struct acpi_ctx {
    phys_reader_fn read;
    platform_report_fn report;
    unsigned int said, dup_cpus;
    unsigned int nr_tables;
    struct { uint64_t pa; char sig[4]; } tables[ACPI_MAX_TABLES];
};

/* Little-endian fields at any alignment (firmware tables are packed). */
static inline uint16_t acpi_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t acpi_get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static inline uint64_t acpi_get64(const uint8_t *p)
{
    return acpi_get32(p) | (uint64_t)acpi_get32(p + 4) << 32;
}

void acpi_say(struct acpi_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
uint8_t acpi_sum(const uint8_t *p, size_t len);
const char *acpi_table_name(const char *sig);

/*
 * Scan [start, start + len) on 16-byte boundaries; returns the physical
 * address of the first place match() accepts (avail bytes readable at p),
 * or 0. match() may keep what it found in *arg, but must not read_phys.
 */
typedef bool (*acpi_match_fn)(struct acpi_ctx *c, uint64_t pa,
                              const uint8_t *p, size_t avail, void *arg);
uint64_t acpi_scan(struct acpi_ctx *c, uint64_t start, size_t len,
                   acpi_match_fn match, void *arg);
uint64_t acpi_ebda_base(struct acpi_ctx *c);

/* tables.c */
struct acpi_rsdp {
    uint64_t pa;
    char oem[7];
    uint8_t revision;
    uint32_t rsdt;
    uint64_t xsdt;
};
bool acpi_find_rsdp(struct acpi_ctx *c, uint64_t hint, struct acpi_rsdp *r);
const char *acpi_load_root(struct acpi_ctx *c, const struct acpi_rsdp *r);
const uint8_t *acpi_map_table(struct acpi_ctx *c, uint64_t pa,
                              const char *sig, uint32_t *len);
const uint8_t *acpi_get_table(struct acpi_ctx *c, const char *sig,
                              uint32_t *len);

/* madt.c, fadt.c, hpet.c, mptable.c */
bool acpi_parse_madt(struct acpi_ctx *c, struct platform_info *pi);
void acpi_parse_fadt(struct acpi_ctx *c, struct platform_info *pi);
bool acpi_find_s5(struct acpi_ctx *c, const uint8_t *aml, size_t len,
                  uint8_t *typa, uint8_t *typb);
void acpi_parse_hpet(struct acpi_ctx *c, struct platform_info *pi);
bool mptable_discover(struct acpi_ctx *c, struct platform_info *pi);

/* platform.c: adding what a table lists, within the bounds above. */
void platform_add_cpu(struct platform_info *pi, struct acpi_ctx *c,
                      uint32_t apic_id, uint32_t acpi_id, bool bsp);
void platform_add_ioapic(struct platform_info *pi, uint8_t id, uint32_t addr,
                         uint32_t gsi_base);

#endif
