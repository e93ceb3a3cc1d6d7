/*
 * Platform discovery: ACPI first, the MP table for the CPUs when ACPI has
 * no usable MADT, one CPU when neither says anything. Also the boot log's
 * summary of what was found.
 */
#include <keel/acpi.h>
#include <keel/string.h>

void platform_add_cpu(struct platform_info *pi, struct acpi_ctx *c,
                      uint32_t apic_id, uint32_t acpi_id, bool bsp)
{
    for (unsigned int i = 0; i < pi->nr_cpus; i++) {
        if (pi->cpus[i].apic_id == apic_id) {
            /* Firmware may list a CPU as both LAPIC and x2APIC. */
            if (!c->dup_cpus++)
                acpi_say(c, "%s: APIC ID %u listed twice; repeats ignored",
                         pi->source, apic_id);
            return;
        }
    }
    if (pi->nr_cpus == KEEL_MAX_CPUS) {
        pi->cpus_dropped++;
        return;
    }
    pi->cpus[pi->nr_cpus++] = (struct platform_cpu){ apic_id, acpi_id, bsp };
}

void platform_add_ioapic(struct platform_info *pi, uint8_t id, uint32_t addr,
                         uint32_t gsi_base)
{
    if (pi->nr_ioapics == PLATFORM_MAX_IOAPICS) {
        pi->ioapics_dropped++;
        return;
    }
    pi->ioapics[pi->nr_ioapics++] = (struct platform_ioapic){ id, addr, gsi_base };
}

bool platform_set_bsp(struct platform_info *pi, uint32_t apic_id)
{
    bool found = false;

    for (unsigned int i = 0; i < pi->nr_cpus; i++) {
        pi->cpus[i].bsp = pi->cpus[i].apic_id == apic_id;
        found |= pi->cpus[i].bsp;
    }
    if (!found && pi->nr_cpus == 1 && !strcmp(pi->source, "none (single CPU)"))
        pi->cpus[0] = (struct platform_cpu){ apic_id, 0, true };
    else if (!found && pi->nr_cpus)
        pi->cpus[0].bsp = true; /* keep one BSP: the caller's guess failed */
    return found;
}

/* What every discovery starts from, and ends with if nothing is found. */
static void set_defaults(struct platform_info *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->source = "none (single CPU)";
    pi->acpi_root = "";
    pi->lapic_addr = PLATFORM_LAPIC_DEFAULT;
}

/* Forget what a MADT that gave no CPU did list, before the MP table. */
static void clear_madt(struct platform_info *pi)
{
    pi->lapic_addr = PLATFORM_LAPIC_DEFAULT;
    pi->nr_cpus = pi->cpus_dropped = 0;
    pi->nr_ioapics = pi->ioapics_dropped = 0;
    pi->nr_overrides = pi->overrides_dropped = 0;
    pi->nr_nmi_sources = pi->nr_lapic_nmis = 0;
    pi->pic_present = false;
}

static void single_cpu(struct platform_info *pi)
{
    clear_madt(pi);
    pi->source = "none (single CPU)";
    pi->nr_cpus = 1;
    pi->cpus[0] = (struct platform_cpu){ 0, 0, true };
    pi->pic_present = true; /* every PC without ACPI has the 8259s */
}

/* The ACPI tables that matter; false if there are none to use. */
static bool discover_acpi(struct platform_info *pi, struct acpi_ctx *c,
                          uint64_t hint)
{
    struct acpi_rsdp r;
    const char *root;

    if (!acpi_find_rsdp(c, hint, &r)) {
        acpi_say(c, "ACPI: no RSDP found");
        return false;
    }
    memcpy(pi->oem, r.oem, sizeof(pi->oem));
    pi->acpi_revision = r.revision;
    if (!(root = acpi_load_root(c, &r)))
        return false;
    pi->acpi_root = root;
    pi->source = "ACPI";
    if (!acpi_parse_madt(c, pi))
        pi->source = "none (single CPU)";
    acpi_parse_fadt(c, pi);
    acpi_parse_hpet(c, pi);
    return true;
}

int platform_discover(struct platform_info *pi, uint64_t rsdp_hint,
                      phys_reader_fn read_phys, platform_report_fn report)
{
    struct acpi_ctx c = { .read = read_phys, .report = report };

    set_defaults(pi);
    discover_acpi(pi, &c, rsdp_hint);
    if (pi->nr_cpus)
        return 0;
    clear_madt(pi);
    if (mptable_discover(&c, pi))
        return 0;
    single_cpu(pi);
    return -1;
}

/* ---- the boot log ---- */

struct line {
    char buf[256];
    size_t len;
};

static void add(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Append to the line; what does not fit is cut, never overrun. */
static void add(struct line *l, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (l->len >= sizeof(l->buf) - 1)
        return;
    va_start(ap, fmt);
    n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n;
    if (l->len > sizeof(l->buf) - 1)
        l->len = sizeof(l->buf) - 1;
}

/* Lines about the CPUs start with where they came from. */
static const char *prefix_of(const struct platform_info *pi)
{
    return strcmp(pi->source, "MP table") ? "ACPI" : "MP table";
}

#define LISTED_CPUS        16 /* APIC IDs shown; the rest are counted */
#define OVERRIDES_PER_LINE 6

static void add_ioapic(struct line *l, const struct platform_ioapic *io)
{
    add(l, "IOAPIC id %u at 0x%x GSI ", io->id, io->addr);
    if (io->gsi_base == PLATFORM_GSI_UNKNOWN)
        add(l, "?");
    else
        add(l, "%u", io->gsi_base);
}

static void report_cpus(const struct platform_info *pi, platform_report_fn print)
{
    const char *prefix = prefix_of(pi);
    struct line l = { .len = 0 };

    add(&l, "%s: %u CPU%s (APIC IDs", prefix, pi->nr_cpus,
        pi->nr_cpus == 1 ? "" : "s");
    for (unsigned int i = 0; i < pi->nr_cpus && i < LISTED_CPUS; i++)
        add(&l, " %u", pi->cpus[i].apic_id);
    if (pi->nr_cpus > LISTED_CPUS)
        add(&l, " and %u more", pi->nr_cpus - LISTED_CPUS);
    add(&l, "), ");
    if (pi->nr_ioapics)
        add_ioapic(&l, &pi->ioapics[0]);
    else
        add(&l, "no IOAPIC");
    add(&l, ", %u override%s", pi->nr_overrides, pi->nr_overrides == 1 ? "" : "s");
    print(l.buf);
    for (unsigned int i = 1; i < pi->nr_ioapics; i++) {
        l.len = 0;
        add(&l, "%s: ", prefix);
        add_ioapic(&l, &pi->ioapics[i]);
        print(l.buf);
    }
    if (pi->cpus_dropped || pi->ioapics_dropped || pi->overrides_dropped) {
        l.len = 0;
        add(&l, "%s: not used (over Keel's limits): %u CPUs, %u IOAPICs, "
            "%u overrides", prefix, pi->cpus_dropped, pi->ioapics_dropped,
            pi->overrides_dropped);
        print(l.buf);
    }
}

static const char *polarity(uint16_t flags)
{
    static const char *const name[] = { "", " high", " ?", " low" };

    return name[flags & ACPI_POLARITY_MASK];
}

static const char *trigger(uint16_t flags)
{
    static const char *const name[] = { "", " edge", " ?", " level" };

    return name[(flags & ACPI_TRIGGER_MASK) >> 2];
}

static void report_irqs(const struct platform_info *pi, platform_report_fn print)
{
    struct line l = { .len = 0 };

    add(&l, "%s: local APIC at 0x%lx, %s", prefix_of(pi), pi->lapic_addr,
        pi->pic_present ? "8259 PIC present" : "no 8259 PIC");
    if (pi->nr_nmi_sources || pi->nr_lapic_nmis)
        add(&l, ", NMI entries: %u GSI, %u LINT", pi->nr_nmi_sources,
            pi->nr_lapic_nmis);
    print(l.buf);
    for (unsigned int i = 0; i < pi->nr_overrides; i++) {
        const struct platform_override *o = &pi->overrides[i];

        if (i % OVERRIDES_PER_LINE == 0) {
            l.len = 0;
            add(&l, "%s: overrides", prefix_of(pi));
        }
        add(&l, "%s IRQ%u->GSI%u%s%s", i % OVERRIDES_PER_LINE ? "," : "",
            o->bus_irq, o->gsi, trigger(o->flags), polarity(o->flags));
        if (i % OVERRIDES_PER_LINE == OVERRIDES_PER_LINE - 1 ||
            i + 1 == pi->nr_overrides)
            print(l.buf);
    }
}

static const char *space_name(uint8_t id)
{
    switch (id) {
    case ACPI_SPACE_MEMORY: return "memory";
    case ACPI_SPACE_IO:     return "I/O";
    case ACPI_SPACE_PCI:    return "PCI config";
    default:                return "space?";
    }
}

static void report_fadt(const struct platform_info *pi, platform_report_fn print)
{
    struct line l = { .len = 0 };

    if (pi->reset_supported)
        add(&l, "ACPI: reset register %s 0x%lx value 0x%x",
            space_name(pi->reset_reg.space_id), pi->reset_reg.address,
            pi->reset_value);
    else
        add(&l, "ACPI: no reset register");
    if (pi->s5_valid)
        add(&l, "; S5 SLP_TYP %u/%u", pi->slp_typa, pi->slp_typb);
    else
        add(&l, "; S5 unknown");
    print(l.buf);
    l.len = 0;
    add(&l, "ACPI: PM1a control 0x%x", pi->pm1a_cnt);
    if (pi->pm1b_cnt)
        add(&l, ", PM1b control 0x%x", pi->pm1b_cnt);
    if (pi->pm_timer_port)
        add(&l, ", PM timer 0x%x (%s)", pi->pm_timer_port,
            pi->pm_timer_32bit ? "32-bit" : "24-bit");
    else
        add(&l, ", no PM timer");
    add(&l, ", SMI command 0x%x enable 0x%x, century 0x%x", pi->smi_cmd,
        pi->acpi_enable, pi->century);
    print(l.buf);
}

void platform_report(const struct platform_info *pi, platform_report_fn print)
{
    struct line l = { .len = 0 };

    if (pi->acpi_root[0]) {
        add(&l, "ACPI: RSDP rev %u (%s), %s", pi->acpi_revision, pi->oem,
            pi->acpi_root);
        print(l.buf);
    }
    if (strcmp(pi->source, "ACPI") && strcmp(pi->source, "MP table")) {
        print("Platform: no ACPI MADT or MP table; assuming one CPU");
    } else {
        report_cpus(pi, print);
        report_irqs(pi, print);
    }
    if (!pi->acpi_root[0])
        return;
    l.len = 0;
    if (pi->hpet_addr)
        add(&l, "ACPI: HPET at 0x%lx", pi->hpet_addr);
    else
        add(&l, "ACPI: no HPET");
    print(l.buf);
    report_fadt(pi, print);
}
