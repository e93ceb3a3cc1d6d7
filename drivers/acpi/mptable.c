/*
 * The Intel MultiProcessor Specification (1.4) table, for machines whose
 * ACPI tables are missing or give no usable MADT: the floating pointer
 * ("_MP_"), then the configuration table ("PCMP") with its processor and
 * I/O APIC entries. Entries have fixed lengths by type, so an unknown
 * type ends the walk: nothing after it can be located.
 */
#include <keel/acpi.h>
#include <keel/string.h>

#define MPF_LEN          16
#define MPC_HEADER_LEN   44
#define BASE_MEM_LAST_KB 0x9fc00
#define BIOS_AREA_START  0xe0000
#define BIOS_AREA_LEN    0x20000
#define BAD_MPF_REPORTS  3

enum { MP_PROCESSOR = 0, MP_BUS = 1, MP_IOAPIC = 2, MP_IOINT = 3, MP_LINT = 4 };

#define MP_CPU_ENABLED   0x1
#define MP_CPU_BSP       0x2
#define MP_IOAPIC_ENABLED 0x1
#define MP_DEFAULT_IOAPIC 0xfec00000u

struct mpf_search {
    uint64_t config;
    uint8_t default_type;
    unsigned int bad;
};

/* One corrupt copy is news; a thousand are noise. */
static bool mpf_reportable(struct mpf_search *s)
{
    return ++s->bad <= BAD_MPF_REPORTS;
}

static bool mpf_match(struct acpi_ctx *c, uint64_t pa, const uint8_t *p,
                      size_t avail, void *arg)
{
    struct mpf_search *s = arg;
    size_t len;
    uint8_t sum;

    if (avail < MPF_LEN || memcmp(p, "_MP_", 4))
        return false;
    len = (size_t)p[8] * 16; /* in 16-byte units; 1 in every version */
    if (!len || len > avail) {
        if (mpf_reportable(s))
            acpi_say(c, "MP table: floating pointer at 0x%lx length %u bad; "
                     "skipped", pa, p[8]);
        return false;
    }
    if ((sum = acpi_sum(p, len))) {
        if (mpf_reportable(s))
            acpi_say(c, "MP table: floating pointer at 0x%lx checksum wrong "
                     "(sum 0x%02x); skipped", pa, sum);
        return false;
    }
    s->config = acpi_get32(p + 4);
    s->default_type = p[11];
    return true;
}

/* The EBDA's first KiB, the last KiB of base memory, then the BIOS. */
static bool find_mpf(struct acpi_ctx *c, struct mpf_search *s)
{
    uint64_t ebda = acpi_ebda_base(c);

    if (ebda && acpi_scan(c, ebda, 1024, mpf_match, s))
        return true;
    if (ebda != BASE_MEM_LAST_KB &&
        acpi_scan(c, BASE_MEM_LAST_KB, 1024, mpf_match, s))
        return true;
    return acpi_scan(c, BIOS_AREA_START, BIOS_AREA_LEN, mpf_match, s) != 0;
}

static void add_ioapic(struct platform_info *pi, const uint8_t *e)
{
    /* MP tables give no GSI base: known only for the first IOAPIC. */
    if (e[3] & MP_IOAPIC_ENABLED)
        platform_add_ioapic(pi, e[1], acpi_get32(e + 4),
                            pi->nr_ioapics ? PLATFORM_GSI_UNKNOWN : 0);
}

static unsigned int entry_len(uint8_t type)
{
    if (type == MP_PROCESSOR)
        return 20;
    return type <= MP_LINT ? 8 : 0;
}

static void walk_entries(struct acpi_ctx *c, struct platform_info *pi,
                         const uint8_t *t, uint32_t len, unsigned int count)
{
    uint32_t off = MPC_HEADER_LEN;

    for (unsigned int i = 0; i < count && off < len; i++) {
        const uint8_t *e = t + off;
        unsigned int elen = entry_len(e[0]);

        if (!elen) {
            acpi_say(c, "MP table: entry type %u unknown; rest of table ignored",
                     e[0]);
            return;
        }
        if (elen > len - off) {
            acpi_say(c, "MP table: entry type %u runs past the end of the "
                     "table; rest of table ignored", e[0]);
            return;
        }
        /* MP tables have no ACPI processor IDs; the APIC ID stands in. */
        if (e[0] == MP_PROCESSOR && (e[3] & MP_CPU_ENABLED))
            platform_add_cpu(pi, c, e[1], e[1], e[3] & MP_CPU_BSP);
        else if (e[0] == MP_IOAPIC)
            add_ioapic(pi, e);
        off += elen;
    }
}

/* Exactly one BSP: the one the table marks, else the first CPU. */
static void settle_bsp(struct platform_info *pi)
{
    unsigned int bsp = 0;

    for (unsigned int i = pi->nr_cpus; i-- > 0;)
        if (pi->cpus[i].bsp)
            bsp = i;
    for (unsigned int i = 0; i < pi->nr_cpus; i++)
        pi->cpus[i].bsp = i == bsp;
}

static bool parse_config(struct acpi_ctx *c, struct platform_info *pi,
                         uint64_t pa)
{
    const uint8_t *t = pa ? c->read(pa, MPC_HEADER_LEN) : NULL;
    unsigned int len, count;
    uint8_t sum;

    if (!t || memcmp(t, "PCMP", 4)) {
        acpi_say(c, "MP table: no configuration table at 0x%lx; ignored", pa);
        return false;
    }
    len = acpi_get16(t + 4);
    count = acpi_get16(t + 34);
    if (len < MPC_HEADER_LEN || !(t = c->read(pa, len))) {
        acpi_say(c, "MP table: length %u at 0x%lx unusable; ignored", len, pa);
        return false;
    }
    if ((sum = acpi_sum(t, len))) {
        acpi_say(c, "MP table: checksum wrong (sum 0x%02x); table ignored", sum);
        return false;
    }
    if (acpi_get32(t + 36))
        pi->lapic_addr = acpi_get32(t + 36);
    walk_entries(c, pi, t, len, count);
    if (pi->cpus_dropped)
        acpi_say(c, "MP table: lists %u CPUs; Keel supports %u, the other %u "
                 "are not used", pi->nr_cpus + pi->cpus_dropped, KEEL_MAX_CPUS,
                 pi->cpus_dropped);
    return true;
}

/* MP spec chapter 5: every default configuration has two CPUs, one IOAPIC. */
static void default_config(struct acpi_ctx *c, struct platform_info *pi,
                           uint8_t type)
{
    acpi_say(c, "MP table: default configuration %u; assuming 2 CPUs", type);
    platform_add_cpu(pi, c, 0, 0, true);
    platform_add_cpu(pi, c, 1, 1, false);
    platform_add_ioapic(pi, 2, MP_DEFAULT_IOAPIC, 0);
}

bool mptable_discover(struct acpi_ctx *c, struct platform_info *pi)
{
    struct mpf_search s = { 0, 0, 0 };

    if (!find_mpf(c, &s)) {
        acpi_say(c, "MP table: none found");
        return false;
    }
    pi->source = "MP table";
    pi->pic_present = true; /* MP systems are PC/AT compatible */
    if (s.default_type)
        default_config(c, pi, s.default_type);
    else if (!parse_config(c, pi, s.config))
        return false;
    settle_bsp(pi);
    if (!pi->nr_cpus)
        acpi_say(c, "MP table: lists no usable CPU");
    return pi->nr_cpus != 0;
}
