/*
 * The MADT ("APIC" table): local APICs and x2APICs (the CPUs), IOAPICs,
 * interrupt source overrides, NMI wiring, the local APIC's address.
 * Every entry's length is checked against its type's minimum and the
 * table's end; the first bad one ends the walk, since nothing after it can
 * be trusted to start where it seems to.
 */
#include <keel/acpi.h>
#include <keel/string.h>

#define MADT_FIXED_LEN     44 /* header, local APIC address, flags */
#define MADT_PCAT_COMPAT   0x1
#define CPU_ENABLED        0x1
#define CPU_ONLINE_CAPABLE 0x2

enum {
    MADT_LAPIC = 0, MADT_IOAPIC = 1, MADT_OVERRIDE = 2, MADT_NMI_SOURCE = 3,
    MADT_LAPIC_NMI = 4, MADT_LAPIC_ADDR = 5, MADT_X2APIC = 9,
    MADT_X2APIC_NMI = 0xa,
};

/* The shortest entry of each type that holds the fields read here. */
static unsigned int min_len(uint8_t type)
{
    switch (type) {
    case MADT_LAPIC:      return 8;
    case MADT_IOAPIC:     return 12;
    case MADT_OVERRIDE:   return 10;
    case MADT_NMI_SOURCE: return 8;
    case MADT_LAPIC_NMI:  return 6;
    case MADT_LAPIC_ADDR: return 12;
    case MADT_X2APIC:     return 16;
    case MADT_X2APIC_NMI: return 12;
    default:              return 2;
    }
}

/* A CPU counts if it runs now or may be brought online later. */
static void add_cpu(struct acpi_ctx *c, struct platform_info *pi,
                    uint32_t apic_id, uint32_t acpi_id, uint32_t flags)
{
    if (!(flags & (CPU_ENABLED | CPU_ONLINE_CAPABLE)))
        return;
    platform_add_cpu(pi, c, apic_id, acpi_id, !pi->nr_cpus && !pi->cpus_dropped);
}

static void add_override(struct acpi_ctx *c, struct platform_info *pi,
                         const uint8_t *e)
{
    if (e[2] != 0) { /* the spec allows only ISA (bus 0) */
        acpi_say(c, "ACPI: MADT override for bus %u IRQ %u (not ISA) ignored",
                 e[2], e[3]);
        return;
    }
    if (pi->nr_overrides == PLATFORM_MAX_OVERRIDES) {
        pi->overrides_dropped++;
        return;
    }
    pi->overrides[pi->nr_overrides++] = (struct platform_override){
        e[3], acpi_get32(e + 4), acpi_get16(e + 8)
    };
}

static void parse_entry(struct acpi_ctx *c, struct platform_info *pi,
                        const uint8_t *e)
{
    switch (e[0]) {
    case MADT_LAPIC:
        if (e[3] != 0xff) /* 0xff is broadcast, never a CPU's ID */
            add_cpu(c, pi, e[3], e[2], acpi_get32(e + 4));
        break;
    case MADT_X2APIC:
        if (acpi_get32(e + 4) != 0xffffffff)
            add_cpu(c, pi, acpi_get32(e + 4), acpi_get32(e + 12),
                    acpi_get32(e + 8));
        break;
    case MADT_IOAPIC:
        platform_add_ioapic(pi, e[2], acpi_get32(e + 4), acpi_get32(e + 8));
        break;
    case MADT_OVERRIDE:
        add_override(c, pi, e);
        break;
    case MADT_NMI_SOURCE:
        pi->nr_nmi_sources++;
        break;
    case MADT_LAPIC_NMI:
    case MADT_X2APIC_NMI:
        pi->nr_lapic_nmis++;
        break;
    case MADT_LAPIC_ADDR:
        if (acpi_get64(e + 4))
            pi->lapic_addr = acpi_get64(e + 4);
        break;
    default: /* types Keel has no use for */
        break;
    }
}

static void walk_entries(struct acpi_ctx *c, struct platform_info *pi,
                         const uint8_t *t, uint32_t len)
{
    uint32_t off = MADT_FIXED_LEN;

    while (off < len) {
        uint32_t left = len - off;
        unsigned int type, elen;

        if (left < 2) {
            acpi_say(c, "ACPI: MADT ends with 1 stray byte; ignored");
            return;
        }
        type = t[off];
        elen = t[off + 1];
        if (elen < min_len((uint8_t)type)) { /* also stops a length 0 or 1 */
            acpi_say(c, "ACPI: MADT entry type %u length %u too short; "
                     "rest of table ignored", type, elen);
            return;
        }
        if (elen > left) {
            acpi_say(c, "ACPI: MADT entry type %u length %u runs past the end "
                     "of the table; rest of table ignored", type, elen);
            return;
        }
        parse_entry(c, pi, t + off);
        off += elen;
    }
}

static void report_dropped(struct acpi_ctx *c, const struct platform_info *pi)
{
    if (pi->cpus_dropped)
        acpi_say(c, "ACPI: MADT lists %u CPUs; Keel supports %u, the other %u "
                 "are not used", pi->nr_cpus + pi->cpus_dropped, KEEL_MAX_CPUS,
                 pi->cpus_dropped);
    if (pi->ioapics_dropped)
        acpi_say(c, "ACPI: MADT lists %u IOAPICs; only the first %u are used",
                 pi->nr_ioapics + pi->ioapics_dropped, PLATFORM_MAX_IOAPICS);
    if (pi->overrides_dropped)
        acpi_say(c, "ACPI: MADT lists %u interrupt overrides; only the first %u "
                 "are used", pi->nr_overrides + pi->overrides_dropped,
                 PLATFORM_MAX_OVERRIDES);
}

/* Returns false when the MADT is missing, unusable, or lists no usable CPU. */
bool acpi_parse_madt(struct acpi_ctx *c, struct platform_info *pi)
{
    uint32_t len;
    const uint8_t *t = acpi_get_table(c, "APIC", &len);

    if (t && len < MADT_FIXED_LEN) {
        acpi_say(c, "ACPI: MADT length %u too short; table ignored", len);
        t = NULL;
    }
    if (!t) {
        acpi_say(c, "ACPI: no usable MADT; trying the MP table");
        return false;
    }
    if (acpi_get32(t + 36))
        pi->lapic_addr = acpi_get32(t + 36);
    pi->pic_present = acpi_get32(t + 40) & MADT_PCAT_COMPAT;
    walk_entries(c, pi, t, len);
    report_dropped(c, pi);
    if (!pi->nr_cpus) {
        acpi_say(c, "ACPI: MADT lists no usable CPU; trying the MP table");
        return false;
    }
    return true;
}
